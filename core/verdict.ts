// What the daemon can answer an agent that waits on a pre-tool hook. Shared by the hook adapters
// (collectors/hooks), which speak each agent's native answer, and the policy (daemon/policy.ts).

/** What the agent is finally told: allow (observe), ask its user, or deny. */
export type Answer = 'observe' | 'ask' | 'deny';

/** What the policy may decide: an answer, or `hold` (wait for the developer at a console, then answer). */
export type Action = Answer | 'hold';

export interface Verdict {
  action: Answer;
  /** Shown to the agent (and so in its transcript) when asked or denied. */
  reason?: string;
}

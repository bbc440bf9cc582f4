// What the daemon can answer an agent that waits on a pre-tool hook. Shared by the hook adapters
// (collectors/hooks), which speak each agent's native answer, and the policy (daemon/policy.ts).

export type Action = 'observe' | 'ask' | 'deny';

export interface Verdict {
  action: Action;
  /** Shown to the agent (and so in its transcript) when asked or denied. */
  reason?: string;
}

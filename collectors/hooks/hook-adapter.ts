// One adapter per agent turns its native hook payload into Events and a verdict into its native answer.
import type { AgentKind, Event } from '../../core/event.js';
import type { Verdict } from '../../core/verdict.js';
import { HookPayloadError } from '../../core/hooks/hook-payload.js';

export type { Verdict };
export { HookPayloadError };

export interface HookAdapter {
  readonly agent: AgentKind;
  /** Throws HookPayloadError on a payload that is not this agent's hook JSON. */
  normalise(payload: unknown, stamp: { ts: string; newId: () => string }): Event;
  /** The body to answer the hook with. */
  answer(event: Event, verdict: Verdict): unknown;
  /** Whether the agent waits for this event's answer and obeys a deny. */
  canBlock(event: Event): boolean;
}

// One adapter per agent turns its native hook payload into Events and a verdict into its native answer.
import type { AgentKind, Event } from '../../core/event.js';
import type { Verdict } from '../../core/verdict.js';

export type { Verdict };

export interface HookAdapter {
  readonly agent: AgentKind;
  /** Throws HookPayloadError on a payload that is not this agent's hook JSON. */
  normalise(payload: unknown, stamp: { ts: string; newId: () => string }): Event;
  /** The body to answer the hook with. */
  answer(event: Event, verdict: Verdict): unknown;
  /** Whether the agent waits for this event's answer and obeys a deny. */
  canBlock(event: Event): boolean;
}

export class HookPayloadError extends Error {
  readonly code = 'AW_ERR_HOOK_PAYLOAD';
}

const MAX_OUTPUT_CHARS = 8192;

/** Tool outputs can be whole files; keep the head of every string so storage stays bounded. */
export function truncateDeep(value: unknown, max = MAX_OUTPUT_CHARS, depth = 0): unknown {
  if (typeof value === 'string') return value.length > max ? `${value.slice(0, max)}… [${value.length - max} more chars]` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 16) return '[nested too deep]';
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => truncateDeep(v, max, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).slice(0, 200).map(([k, v]) => [k, truncateDeep(v, max, depth + 1)]));
}

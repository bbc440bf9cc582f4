// What detectors remember about one agent session. Bounded, and advanced by a pure function after
// every event, so the same history replays to the same state.
import type { AgentKind, Event } from '../daemon/event.js';
import type { EventFacts, SecretRead } from './facts.js';

export type { SecretRead };

export interface SessionState {
  sessionId: string;
  agent: AgentKind;
  /** The workspace: the cwd the session started in. */
  cwd?: string;
  firstTs: string;
  lastTs: string;
  eventCount: number;
  /** Secrets this session has read (taint), oldest first, at most MAX_SECRET_READS. */
  secretReads: SecretRead[];
}

export const MAX_SECRET_READS = 32;

export function newSessionState(event: Event): SessionState {
  return {
    sessionId: event.sessionId ?? 'unknown',
    agent: event.agent.kind,
    cwd: event.cwd,
    firstTs: event.ts,
    lastTs: event.ts,
    eventCount: 0,
    secretReads: [],
  };
}

export function advanceSession(state: SessionState, event: Event, facts: EventFacts): SessionState {
  const fresh = facts.secrets.filter((s) => !state.secretReads.some((r) => r.path === s.path));
  const secretReads = fresh.length === 0 ? state.secretReads : [...state.secretReads, ...fresh].slice(-MAX_SECRET_READS);
  return {
    ...state,
    cwd: state.cwd ?? event.cwd,
    lastTs: event.ts > state.lastTs ? event.ts : state.lastTs,
    eventCount: state.eventCount + 1,
    secretReads,
  };
}

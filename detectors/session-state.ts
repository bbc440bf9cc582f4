// What detectors remember about one agent session. Bounded, and advanced by a pure function after
// every event, so the same history replays to the same state.
import type { AgentKind, Event } from '../daemon/event.js';
import type { EventFacts, DetectionContext } from './facts.js';
import { SECRET_FILES } from './catalog.js';
import { matchPathClass, displayPath } from './paths.js';

export interface SecretRead {
  /** The path as a developer reads it (`~/.aws/credentials`). */
  path: string;
  /** The absolute path. */
  abs: string;
  /** Catalog class id (aws, ssh-key …). */
  classId: string;
  label: string;
  eventId: string;
}

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

/** The secrets among the paths this event reads. */
export function secretsRead(facts: EventFacts, ctx: DetectionContext, eventId: string): SecretRead[] {
  const out: SecretRead[] = [];
  for (const p of facts.reads) {
    const c = matchPathClass(p, SECRET_FILES, ctx.home);
    if (c) out.push({ path: displayPath(p, ctx.home), abs: p, classId: c.id, label: c.label, eventId });
  }
  return out;
}

export function advanceSession(state: SessionState, event: Event, facts: EventFacts, ctx: DetectionContext): SessionState {
  const fresh = secretsRead(facts, ctx, event.id).filter((s) => !state.secretReads.some((r) => r.path === s.path));
  const secretReads = fresh.length === 0 ? state.secretReads : [...state.secretReads, ...fresh].slice(-MAX_SECRET_READS);
  return {
    ...state,
    cwd: state.cwd ?? event.cwd,
    lastTs: event.ts > state.lastTs ? event.ts : state.lastTs,
    eventCount: state.eventCount + 1,
    secretReads,
  };
}

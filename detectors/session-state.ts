// What every detector may read about one agent session: who and where it is, and the taint facts
// several detectors share (secrets read, their distinctive words, files they were copied into).
// Bounded, and advanced by a pure function after every event, so the same history replays to the
// same state. What only one detector needs lives in that detector's own memory (Detector.memory).
import type { AgentKind, Event } from '../core/event.js';
import type { DeleteFact, EventFacts, SecretRead } from './facts.js';
import { isWithin } from './paths.js';
import { push } from './sequence/bounded.js';
import { intern } from '../core/intern.js';
import { injectionIn, type Injection } from './mcp-result.js';
import { taintOf, tokensOf, type SecretToken, type TaintedFile } from './sequence/taint.js';

export type { SecretRead, SecretToken, TaintedFile };

export interface SessionState {
  sessionId: string;
  agent: AgentKind;
  /** The workspace: the cwd the session started in. */
  cwd?: string;
  firstTs: string;
  lastTs: string;
  eventCount: number;
  /** Hook events seen in this session (0: its hooks never reached us). */
  hookEvents: number;
  /** Secrets this session has read (taint), oldest first, at most MAX_SECRET_READS. */
  secretReads: SecretRead[];
  /** Distinctive non-secret words seen in a secret's (redacted) content, at most MAX_SECRET_TOKENS. */
  secretTokens: SecretToken[];
  /** Files a secret was copied into (`cp ~/.aws/credentials /tmp/x`), at most MAX_TAINTED. */
  tainted: TaintedFile[];
  /** The latest MCP tool result that carried instructions aimed at the model (mcp-result.ts): the session acts on untrusted input. */
  untrusted?: Injection;
  /** Files this session wrote (Write/Edit, `>`, cp, key generation), newest last, at most MAX_CREATED:
   *  a key or .env the session made itself is not credential access when it reads it back. */
  created: string[];
  /** Paths `mv` moved (`from` is now at `to`), newest last, at most MAX_MOVED: a later delete of `to` deletes `from`. */
  moved?: { from: string; to: string }[];
  /** When the session ended (its session.end); undefined while it is open, and again once a hook says it goes on (resumed). */
  ended?: string;
}

export const MAX_SECRET_READS = 32;
export const MAX_SECRET_TOKENS = 32;
export const MAX_TAINTED = 32;
export const MAX_CREATED = 64;
export const MAX_MOVED = 16;

export function newSessionState(event: Event): SessionState {
  return {
    sessionId: event.sessionId ?? 'unknown',
    agent: event.agent.kind,
    cwd: event.cwd,
    firstTs: event.ts,
    lastTs: event.ts,
    eventCount: 0,
    hookEvents: 0,
    secretReads: [],
    secretTokens: [],
    tainted: [],
    created: [],
  };
}

/** `effectOnly`: an OS effect of a session whose hooks report its intent: it only moves the clock. */
export function advanceSession(state: SessionState, event: Event, facts: EventFacts, effectOnly = false): SessionState {
  const lastTs = event.ts > state.lastTs ? event.ts : state.lastTs;
  if (effectOnly) return { ...state, lastTs, eventCount: state.eventCount + 1 };
  const injected = injectionIn(event);
  const created = state.created ?? [];
  const fresh = facts.secrets.filter((s) => !state.secretReads.some((r) => r.path === s.path) && !created.includes(s.abs) && !facts.writes.some((w) => w.path === s.abs));
  const wrote = facts.writes.map((w) => intern(w.path)).filter((p, i, all) => all.indexOf(p) === i && !created.includes(p));
  return {
    ...state,
    cwd: state.cwd ?? event.cwd,
    lastTs,
    eventCount: state.eventCount + 1,
    hookEvents: state.hookEvents + (event.source === 'hook' ? 1 : 0),
    secretReads: push(state.secretReads, fresh, MAX_SECRET_READS),
    secretTokens: push(state.secretTokens, tokensOf(event, state.secretReads, state.secretTokens), MAX_SECRET_TOKENS),
    tainted: push(state.tainted, taintOf(event, facts, state), MAX_TAINTED),
    ...(injected ? { untrusted: injected } : {}),
    created: push(created, wrote, MAX_CREATED),
    ...movedAfter(state.moved, facts),
    ended: event.kind === 'session.end' ? event.ts : event.source === 'hook' ? undefined : state.ended,
  };
}

/** The session's moves after this event: its own added, and those whose destination it deleted gone. */
function movedAfter(moved: SessionState['moved'], facts: EventFacts): Pick<SessionState, 'moved'> {
  if (moved === undefined && facts.moves === undefined) return {};
  const left = (moved ?? []).filter((m) => !facts.deletes.some((d) => isWithin(m.to, d.path)));
  return { moved: push(left, facts.moves ?? [], MAX_MOVED) };
}

/**
 * `mv ~/projects /tmp/x` in one call, `rm -rf /tmp/x` in a later one: the delete takes what was moved there, so
 * rules judge the delete of ~/projects (facts.ts does the same within one line).
 */
export function deletesThroughMoves(facts: EventFacts, session: SessionState): EventFacts {
  const moved = session.moved;
  if (moved === undefined || moved.length === 0 || facts.deletes.length === 0) return facts;
  const extra: DeleteFact[] = [];
  for (const m of moved) {
    const d = facts.deletes.find((x) => isWithin(m.to, x.path));
    if (d !== undefined && !facts.deletes.some((x) => x.path === m.from) && !extra.some((x) => x.path === m.from)) extra.push({ path: m.from, recursive: d.recursive, command: d.command });
  }
  return extra.length === 0 ? facts : { ...facts, deletes: [...facts.deletes, ...extra] };
}

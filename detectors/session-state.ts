// What detectors remember about one agent session. Bounded, and advanced by a pure function after
// every event, so the same history replays to the same state. Every list has a cap (MAX_* below);
// the oldest entries go first, and timed stamps older than MAX_WINDOW_MS are dropped.
import type { AgentKind, Event } from '../core/event.js';
import type { EventFacts, SecretRead } from './facts.js';
import { chmodExecOf, dataCallsOf, downloadsOf, intakeOf, MAX_TEXT, persistenceWritesOf, type Intake } from './sequence/steps.js';
import { deletionCountsOf, historyRewritesOf, outsideDeletesOf } from './sequence/destructive-steps.js';
import { isLocalHost } from './command/egress.js';
import { MAX_WINDOW_MS } from './sequence/limits.js';
import { msOf } from '../core/time.js';
import { taintOf, tokensOf, type SecretToken, type TaintedFile } from './sequence/taint.js';
import { BYPASS_WINDOW_MS, MAX_HOOK_CALLS, MAX_UNHOOKED, unhookedEffectOf, type HookCallStamp } from './sequence/hook-bypass.js';
import type { DetectionContext } from './facts.js';

export type { SecretRead, Intake, SecretToken, TaintedFile };

/** A step remembered with its event time (ms), for the counting and slow-exfiltration windows. */
export interface Stamp { key: string; eventId: string; t: number; n?: number }

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
  /** Distinctive non-secret words seen in a secret's (redacted) content, at most MAX_SECRET_TOKENS. */
  secretTokens: SecretToken[];
  /** Files a secret was copied into (`cp ~/.aws/credentials /tmp/x`), at most MAX_TAINTED. */
  tainted: TaintedFile[];
  /** The latest untrusted input (WebFetch, WebSearch, MCP result, curl to stdout): one entry. */
  untrusted?: Intake;
  /** The first untrusted input → secret read pair: two legs of the lethal trifecta. */
  trifecta?: { intake: Intake; read: SecretRead };
  /** Files downloaded (and maybe chmod +x'ed since), at most MAX_DOWNLOADS. */
  downloads: { path: string; url: string; eventId: string; chmodId?: string }[];
  /** Writes to persistence locations, at most MAX_PERSISTENCE. */
  persistenceWrites: { path: string; classId: string; label: string; eventId: string }[];
  /** Destructive steps: recursive deletes outside the workspace, git history rewrites; at most MAX_DESTRUCTIVE. */
  destructive: { kind: 'delete-outside' | 'history-rewrite'; what: string; eventId: string }[];
  /** Remote egress hosts (latest per host), at most MAX_STAMPS. */
  egressHosts: Stamp[];
  /** Deletions per event (`n` files or recursive deletes: key 'files' or 'recursive'), at most MAX_STAMPS. */
  deletions: Stamp[];
  /** Secret reads with their time (latest per path), at most MAX_SECRET_READS. */
  secretReadTimes: Stamp[];
  /** Data-carrying egress calls (key = host), at most MAX_STAMPS. */
  dataCalls: Stamp[];
  /** Hook events seen in this session (0: its hooks never reached us). */
  hookEvents: number;
  /** Recent hook tool calls (commands, paths), at most MAX_HOOK_CALLS within BYPASS_WINDOW_MS, for hook-bypass. */
  hookCalls: HookCallStamp[];
  /** OS effects of the session's own process tree that no hook announced, at most MAX_UNHOOKED. */
  unhooked: { eventId: string; what: string }[];
}

export const MAX_SECRET_READS = 32;
export const MAX_SECRET_TOKENS = 32;
export const MAX_TAINTED = 32;
export const MAX_DOWNLOADS = 16;
export const MAX_PERSISTENCE = 16;
export const MAX_DESTRUCTIVE = 16;
/** Caps each timed list; a configured threshold above it can never be reached. */
export const MAX_STAMPS = 64;

export function newSessionState(event: Event): SessionState {
  return {
    sessionId: event.sessionId ?? 'unknown',
    agent: event.agent.kind,
    cwd: event.cwd,
    firstTs: event.ts,
    lastTs: event.ts,
    eventCount: 0,
    secretReads: [],
    secretTokens: [],
    tainted: [],
    downloads: [],
    persistenceWrites: [],
    destructive: [],
    egressHosts: [],
    deletions: [],
    secretReadTimes: [],
    dataCalls: [],
    hookEvents: 0,
    hookCalls: [],
    unhooked: [],
  };
}

/** Appends and keeps the newest `cap` entries; the same array back when nothing was added. */
function push<T>(list: T[], added: readonly T[], cap: number): T[] {
  return added.length === 0 ? list : [...list, ...added].slice(-cap);
}

/** Adds stamps, replacing older ones with the same key when `latestPerKey`, and drops stale ones. */
function stamp(list: Stamp[], added: Stamp[], now: number, latestPerKey: boolean): Stamp[] {
  const keys = new Set(added.map((s) => s.key));
  const kept = list.filter((s) => now - s.t <= MAX_WINDOW_MS && !(latestPerKey && keys.has(s.key)));
  return kept.length === list.length && added.length === 0 ? list : [...kept, ...added].slice(-MAX_STAMPS);
}

/**
 * `ctx`: the detection context; without it, hook-bypass effects are not remembered (replays of hook-only sessions).
 * `effectOnly`: an OS effect of a session whose hooks report its intent: it only feeds the hook-bypass memory.
 */
export function advanceSession(state: SessionState, event: Event, facts: EventFacts, ctx?: DetectionContext, effectOnly = false): SessionState {
  if (effectOnly) return { ...state, lastTs: event.ts > state.lastTs ? event.ts : state.lastTs, eventCount: state.eventCount + 1, ...hookMemoryOf(state, event, facts, msOf(event.ts), ctx) };
  const now = msOf(event.ts);
  const fresh = facts.secrets.filter((s) => !state.secretReads.some((r) => r.path === s.path));
  const secretReads = push(state.secretReads, fresh, MAX_SECRET_READS);
  const untrusted = intakeOf(event, facts) ?? state.untrusted;
  const read = facts.secrets[0];
  const trifecta = state.trifecta ?? (untrusted && read && untrusted.eventId !== event.id ? { intake: untrusted, read } : undefined);
  const workspace = state.cwd ?? event.cwd;
  const chmods = new Set(chmodExecOf(event, facts));
  const added = push(state.downloads, downloadsOf(event, facts), MAX_DOWNLOADS);
  const downloads = chmods.size === 0 ? added : added.map((d) => (chmods.has(d.path) ? { ...d, chmodId: event.id } : d));
  const persistenceWrites = push(state.persistenceWrites,
    persistenceWritesOf(event, facts).map((p) => ({ path: p.path, classId: p.cls.id, label: p.cls.label, eventId: p.eventId })), MAX_PERSISTENCE);
  const destructive = push(state.destructive, [
    ...outsideDeletesOf(facts, workspace).filter((p) => !state.destructive.some((d) => d.what === p))
      .map((p) => ({ kind: 'delete-outside' as const, what: p, eventId: event.id })),
    ...historyRewritesOf(facts).map((what) => ({ kind: 'history-rewrite' as const, what, eventId: event.id })),
  ], MAX_DESTRUCTIVE);
  const { files: deleted, recursive } = deletionCountsOf(facts);
  return {
    ...state,
    cwd: workspace,
    lastTs: event.ts > state.lastTs ? event.ts : state.lastTs,
    eventCount: state.eventCount + 1,
    secretReads,
    secretTokens: push(state.secretTokens, tokensOf(event, state.secretReads, state.secretTokens), MAX_SECRET_TOKENS),
    tainted: push(state.tainted, taintOf(event, facts, state), MAX_TAINTED),
    ...(untrusted ? { untrusted } : {}),
    ...(trifecta ? { trifecta } : {}),
    downloads,
    persistenceWrites,
    destructive,
    egressHosts: stamp(state.egressHosts, hostsOf(facts).map((h) => ({ key: h, eventId: event.id, t: now })), now, true),
    deletions: stamp(state.deletions, [
      ...(deleted > 0 ? [{ key: 'files', eventId: event.id, t: now, n: deleted }] : []),
      ...(recursive > 0 ? [{ key: 'recursive', eventId: event.id, t: now, n: recursive }] : []),
    ], now, false),
    secretReadTimes: stamp(state.secretReadTimes, facts.secrets.map((s) => ({ key: s.path, eventId: event.id, t: now })), now, true),
    dataCalls: stamp(state.dataCalls, dataCallsOf(event, facts).map((c) => ({ key: c.host, eventId: event.id, t: now })), now, false),
    ...hookMemoryOf(state, event, facts, now, ctx),
  };
}

/** What hook-bypass needs: hook calls seen (recent, bounded) and the effects none of them announced. */
function hookMemoryOf(state: SessionState, event: Event, facts: EventFacts, now: number, ctx?: DetectionContext): Pick<SessionState, 'hookEvents' | 'hookCalls' | 'unhooked'> {
  if (event.source === 'hook') {
    const input = (event.tool?.input ?? {}) as Record<string, unknown>;
    const isCall = event.tool !== undefined && (event.kind === 'tool.call' || event.kind.startsWith('file.'));
    const call: HookCallStamp = { t: now, eventId: event.id, command: event.command, paths: [event.path, input.file_path].filter((p): p is string => typeof p === 'string') };
    const recent = state.hookCalls.filter((c) => now - c.t <= BYPASS_WINDOW_MS);
    return { hookEvents: state.hookEvents + 1, hookCalls: isCall ? [...recent, call].slice(-MAX_HOOK_CALLS) : recent, unhooked: state.unhooked };
  }
  const what = ctx === undefined ? undefined : unhookedEffectOf(event, facts, state, ctx);
  return { hookEvents: state.hookEvents, hookCalls: state.hookCalls, unhooked: what === undefined ? state.unhooked : push(state.unhooked, [{ eventId: event.id, what }], MAX_UNHOOKED) };
}

/** Distinct remote hosts this event talks to (lower case; local ones never leave the machine). */
export function hostsOf(facts: EventFacts): string[] {
  return [...new Set(facts.egress.map((e) => e.host.toLowerCase().slice(0, MAX_TEXT)))].filter((h) => !isLocalHost(h));
}

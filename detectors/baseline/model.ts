// The learned baseline of one agent kind in one project, one live session's trace, and the pure
// functions between them: a finished session is folded into its model, minus what it raised.
import type { BaselineConfig } from './config.js';
import { intern } from '../../core/intern.js';

export interface BaselineModel {
  agent: string;
  project: string;
  /** Completed sessions folded in. */
  sessions: number;
  /** First event ever seen for this agent×project (starts the learning clock). */
  firstTs: string;
  updatedTs: string;
  /** Session support (in how many sessions it appeared) of each token, n-gram ('A B C') and item. */
  tokens: Record<string, number>;
  ngrams: Record<string, number>;
  items: Record<string, number>;
  /** Recent samples: events per active minute, and distinct outside-project reads per session. */
  minuteRates: number[];
  outsideReads: number[];
}

/** What one live session did so far. Arrays (not Sets) so it is plain data; each is capped. */
export interface SessionTrace {
  sessionId: string;
  agent: string;
  project: string;
  firstTs: string;
  lastTs: string;
  /** The last ngram.max tokens, consecutive repeats collapsed (a run of reads is one action). */
  recent: string[];
  tokens: string[];
  ngrams: string[];
  items: string[];
  /** Remote hosts contacted in this session: a second contact is not "new" any more. */
  hosts: string[];
  outsidePaths: string[];
  minute: number;
  minuteCount: number;
  minuteCounts: number[];
  /** Locality frame: whether each of the last `frame` windows mismatched the model. */
  frame: boolean[];
  /** The shortest unseen n-gram of each mismatching window (what an acknowledgement allows). */
  mismatched: string[];
  /** Deviation ids already raised in this session, and their kinds (each is said once). */
  raised: string[];
  raisedKinds: string[];
  /** Short clauses about earlier deviations, for the reasons of later ones ("read 12 files outside…"). */
  context: { kind: string; text: string; items: string[] }[];
  evidence: string[];
  /** An anomaly was raised: what it raised is not learned unless acknowledged. */
  anomalous: boolean;
  /** Acknowledged: raise nothing more; fold into the scope's allowance when it ends. */
  silenced: boolean;
  foldScope?: 'project' | 'agent';
}

/** A stored model this code can read: anything else (an older shape, a hand edit) starts afresh. */
export function isBaselineModel(v: unknown): v is BaselineModel {
  const m = v as Partial<BaselineModel> | null;
  return typeof m === 'object' && m !== null && typeof m.agent === 'string' && typeof m.project === 'string'
    && typeof m.sessions === 'number' && typeof m.firstTs === 'string' && typeof m.updatedTs === 'string'
    && [m.tokens, m.ngrams, m.items].every((r) => typeof r === 'object' && r !== null)
    && Array.isArray(m.minuteRates) && Array.isArray(m.outsideReads);
}

export const TRACE_CAP = 2000;
export const ITEM_CAP = 5000;

export function newModel(agent: string, project: string, ts: string): BaselineModel {
  return { agent, project, sessions: 0, firstTs: ts, updatedTs: ts, tokens: {}, ngrams: {}, items: {}, minuteRates: [], outsideReads: [] };
}

export function newTrace(sessionId: string, agent: string, project: string, ts: string): SessionTrace {
  return {
    sessionId, agent, project, firstTs: ts, lastTs: ts, recent: ['START'], tokens: [], ngrams: [], items: [], hosts: [], outsidePaths: [],
    minute: minuteOf(ts), minuteCount: 0, minuteCounts: [], frame: [], mismatched: [], raised: [], raisedKinds: [], context: [], evidence: [],
    anomalous: false, silenced: false,
  };
}

export const minuteOf = (ts: string): number => Math.floor(Date.parse(ts) / 60_000);

/**
 * Learning ends when the model has `sessions` completed sessions or `hours` have passed since its
 * first event, whichever comes first — but never before `minSessions` completed sessions.
 */
export function isLearning(model: BaselineModel, ts: string, cfg: BaselineConfig): boolean {
  if (model.sessions < cfg.learning.minSessions) return true;
  if (model.sessions >= cfg.learning.sessions) return false;
  return Date.parse(ts) - Date.parse(model.firstTs) < cfg.learning.hours * 3_600_000;
}

/**
 * The model with one more session in it — except what that session raised as anomalies: those stay
 * news (and raise again next time) until a user acknowledges them, while the rest of it is learned.
 */
export function foldTrace(model: BaselineModel, trace: SessionTrace, cfg: BaselineConfig): BaselineModel {
  const samples = cfg.rates.samples;
  const raised = new Set(trace.raised);
  const keep = (prefix: string) => (x: string) => !raised.has(prefix + x);
  const mismatched = new Set(raised.has('sequence') ? trace.mismatched : []);
  const rates = raised.has('rate') ? [] : [...trace.minuteCounts, ...(trace.minuteCount > 0 ? [trace.minuteCount] : [])];
  return {
    ...model,
    sessions: model.sessions + 1,
    updatedTs: trace.lastTs > model.updatedTs ? trace.lastTs : model.updatedTs,
    tokens: bump(model.tokens, trace.tokens.filter(keep('tok:')), ITEM_CAP),
    ngrams: bump(model.ngrams, trace.ngrams.filter((n) => !mismatched.has(n)), cfg.ngram.maxPerModel),
    items: bump(model.items, trace.items.filter(keep('')), ITEM_CAP),
    minuteRates: [...model.minuteRates, ...rates].slice(-samples),
    outsideReads: raised.has('outside-reads') ? model.outsideReads : [...model.outsideReads, trace.outsidePaths.length].slice(-samples),
  };
}

/** Adds one to each key's support; beyond `cap` keys the least supported are forgotten. */
function bump(counts: Record<string, number>, keys: readonly string[], cap: number): Record<string, number> {
  const next = { ...counts };
  for (const k of keys) next[k] = (next[k] ?? 0) + 1;
  const entries = Object.entries(next);
  if (entries.length <= cap) return next;
  return Object.fromEntries(entries.sort((a, b) => b[1] - a[1]).slice(0, cap));
}

/**
 * Appends to a capped distinct list, returning the same array when nothing changes. What it adds is interned:
 * every session of an agent in a project builds the same n-grams and tokens anew, and kept its own copies.
 */
export function addDistinct(list: readonly string[], values: readonly string[], cap = TRACE_CAP): string[] {
  const fresh = values.filter((v, i) => !list.includes(v) && values.indexOf(v) === i);
  if (fresh.length === 0) return list as string[];
  return [...list, ...fresh.map(intern)].slice(-cap);
}

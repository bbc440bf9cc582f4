// The judging half of the baselines: scores each event against an in-memory snapshot of its
// agent×project model, keeps live session traces and the users' acknowledgements, and folds ended
// sessions into the models. No I/O: the baseline service (daemon/baseline-service.ts) hands it the
// stored models and acknowledgements, and takes the changed models and new acknowledgements to save.
import type { Detector, DetectionInput, Finding } from '../detector.js';
import type { BaselineConfig } from './config.js';
import { EMPTY_ALLOWANCE, allowItems, itemsOfTrace, unionAllowance, type AckScope, type Allowance } from './allowance.js';
import { foldTrace, isLearning, newModel, newTrace, type BaselineModel, type SessionTrace } from './model.js';
import { scoreEvent } from './score.js';
import { raiseAnomaly } from './anomaly-finding.js';

export interface AckRow { id: number; scope: AckScope; agent: string; project: string; sessionId: string; item: string; ts: string }

const HELD_CAP = 500;
const SILENCED_CAP = 10_000;
const modelKey = (agent: string, project: string): string => `${agent}\0${project}`;

export class BaselineJudge implements Detector {
  readonly name = 'baseline';
  readonly judges = 'intent' as const;
  private readonly models = new Map<string, BaselineModel>(); // insertion order = LRU order
  private readonly dirty = new Map<string, BaselineModel>();
  /** Models the store holds: one not in memory is loaded by the service before it is scored or folded. */
  private readonly onDisk = new Set<string>();
  /** Stored models an event or a fold needed, for the service to load. */
  private readonly wanted = new Set<string>();
  /** Ended sessions whose model was still on disk: folded once it is loaded. */
  private readonly pendingFolds: SessionTrace[] = [];
  private readonly traces = new Map<string, SessionTrace>();
  /** Ended sessions that raised anomalies, kept (in memory only) so a later ack can allow all they did. */
  private readonly held = new Map<string, SessionTrace>();
  private readonly allow = new Map<string, Allowance>();
  /** Project ∪ agent-wide allowance per model key, rebuilt only after an acknowledgement. */
  private readonly allowUnion = new Map<string, Allowance>();
  private readonly silenced = new Set<string>();
  /** Acknowledgements this judge made (a session acked before it ended), for the service to save. */
  private unsavedAcks: Omit<AckRow, 'id'>[] = [];
  private latestTs = '';
  readonly stats = { modelsEvicted: 0, sessionsEvicted: 0, sessionsFolded: 0, sessionsHeld: 0, heldDropped: 0, modelsMissed: 0 };

  constructor(private readonly cfg: BaselineConfig, private readonly onWant?: () => void) {}

  /**
   * Runs for every event, after facts and before the session state advances (as the rules do);
   * `session` is the state before the event (its cwd is the project). Synchronous, memory only.
   */
  evaluate({ event, facts, session, ctx }: DetectionInput): Finding[] {
    if (!this.cfg.enabled) return [];
    const agent = event.agent.kind;
    const sid = event.sessionId ?? `no-session:${agent}`;
    if (event.ts > this.latestTs) this.latestTs = event.ts;
    let trace = this.traces.get(sid) ?? newTrace(sid, agent, session.cwd ?? event.cwd ?? '(no project)', event.ts);
    if (this.silenced.has(sid) && !trace.silenced) trace = { ...trace, silenced: true };
    // A stored model not loaded yet: the event still adds to the trace, scored as if learning.
    const model = this.modelFor(agent, trace.project, event.ts) ?? newModel(agent, trace.project, event.ts);
    const allow = this.allowanceFor(agent, trace.project);
    const scored = scoreEvent({ event, facts, home: ctx.home, model, allow, trace, learning: isLearning(model, event.ts, this.cfg), cfg: this.cfg });
    let findings: Finding[] = [];
    trace = scored.trace;
    if (scored.deviations.length > 0) {
      const raised = raiseAnomaly(scored.deviations, trace, event, ctx.home);
      trace = raised.trace;
      findings = [raised.finding];
    }
    this.traces.delete(sid);
    this.traces.set(sid, trace);
    if (this.traces.size > this.cfg.maxOpenSessions) { this.stats.sessionsEvicted++; this.endSession(this.traces.keys().next().value as string); }
    if (event.kind === 'session.end') this.endSession(sid);
    return findings;
  }

  /** A session is over (session.end, idle, evicted or shutdown): learn it, and hold its anomalies for an ack. */
  endSession(sid: string): void {
    const t = this.traces.get(sid);
    if (!t) return;
    this.traces.delete(sid);
    if (t.tokens.length === 0) return; // did nothing (or only its SessionEnd arrived): teaches nothing
    if (t.silenced && !t.foldScope) return; // acknowledged for this session only: not learned either
    if (t.foldScope) this.allowTrace(t, t.foldScope);
    else if (t.anomalous) {
      this.held.set(sid, t);
      this.stats.sessionsHeld++;
      if (this.held.size > HELD_CAP) { this.held.delete(this.held.keys().next().value as string); this.stats.heldDropped++; }
    }
    this.fold(t);
  }

  /** Ends the sessions with no event for sessionIdleMinutes of event time. */
  endIdle(): void {
    const idleBefore = new Date(Date.parse(this.latestTs || '1970-01-01T00:00:00Z') - this.cfg.sessionIdleMinutes * 60_000).toISOString();
    for (const [sid, t] of [...this.traces]) if (t.lastTs < idleBefore) this.endSession(sid);
  }

  /** Shutdown: every live session counts as ended. */
  endAll(): void {
    for (const sid of [...this.traces.keys()]) this.endSession(sid);
  }

  /** The keys of the models the store holds (from the service, at start). */
  knowStored(keys: Iterable<{ agent: string; project: string }>): void {
    for (const k of keys) this.onDisk.add(modelKey(k.agent, k.project));
  }

  /** Stored models wanted in memory, for the service to load and `offer`. */
  wantedModels(): { agent: string; project: string }[] {
    return [...this.wanted].map((k) => { const [agent = '', project = ''] = k.split('\0'); return { agent, project }; });
  }

  /** A stored model, loaded by the service (undefined: unreadable, start afresh); folds what waited for it. */
  offer(agent: string, project: string, model: BaselineModel | undefined): void {
    const k = modelKey(agent, project);
    this.wanted.delete(k);
    if (model === undefined) this.onDisk.delete(k);
    else if (!this.models.has(k) && !this.dirty.has(k)) this.remember(k, model);
    const waiting = this.pendingFolds.filter((t) => modelKey(t.agent, t.project) === k);
    if (waiting.length === 0) return;
    this.pendingFolds.splice(0, this.pendingFolds.length, ...this.pendingFolds.filter((t) => modelKey(t.agent, t.project) !== k));
    for (const t of waiting) this.fold(t);
  }

  /** Changed models not saved yet. */
  unsavedModels(): BaselineModel[] {
    return [...this.dirty.values()];
  }

  /** The service saved these: they may leave memory now (and are loaded again when needed). */
  saved(models: readonly BaselineModel[]): void {
    for (const m of models) {
      const k = modelKey(m.agent, m.project);
      if (this.dirty.get(k) === m) this.dirty.delete(k);
      this.onDisk.add(k);
    }
  }

  /** Acknowledgement rows to persist; the caller owns them from here. */
  takeUnsavedAcks(): Omit<AckRow, 'id'>[] {
    const rows = this.unsavedAcks;
    this.unsavedAcks = [];
    return rows;
  }

  /** Applies acknowledgements read from the store (written by the CLI or by an ack through the service). */
  applyAcks(rows: readonly AckRow[]): void {
    const grouped = new Map<string, string[]>();
    for (const row of rows) {
      if (row.scope === 'session' || row.item === '*') this.ackSession(row);
      else {
        const k = modelKey(row.agent, row.scope === 'agent' ? '*' : row.project);
        grouped.set(k, [...(grouped.get(k) ?? []), row.item]);
      }
    }
    for (const [k, items] of grouped) this.addAllowance(k, items);
  }

  /** The in-memory model of an agent×project, if any (the service falls back on the store). */
  model(agent: string, project: string): BaselineModel | undefined {
    return this.dirty.get(modelKey(agent, project)) ?? this.models.get(modelKey(agent, project));
  }

  private fold(t: SessionTrace): void {
    const model = this.modelFor(t.agent, t.project, t.firstTs);
    if (model === undefined) { this.pendingFolds.push(t); return; }
    const k = modelKey(t.agent, t.project);
    const folded = foldTrace(model, t, this.cfg);
    this.models.set(k, folded);
    this.dirty.set(k, folded);
    this.stats.sessionsFolded++;
  }

  /** The model in memory, a new one when the store has none, or undefined while the stored one is loading. */
  private modelFor(agent: string, project: string, ts: string): BaselineModel | undefined {
    const k = modelKey(agent, project);
    const m = this.models.get(k) ?? this.dirty.get(k);
    if (m !== undefined) { this.remember(k, m); return m; }
    if (this.onDisk.has(k)) {
      if (!this.wanted.has(k)) { this.wanted.add(k); this.stats.modelsMissed++; this.onWant?.(); }
      return undefined;
    }
    const fresh = newModel(agent, project, ts);
    this.remember(k, fresh);
    return fresh;
  }

  private remember(k: string, m: BaselineModel): void {
    this.models.delete(k);
    this.models.set(k, m);
    if (this.models.size > this.cfg.maxModelsInMemory) {
      const old = this.models.keys().next().value as string;
      this.models.delete(old); // a dirty one stays in `dirty` until saved
      this.stats.modelsEvicted++;
    }
  }

  private ackSession(row: AckRow): void {
    if (this.silenced.size >= SILENCED_CAP) this.silenced.delete(this.silenced.values().next().value as string);
    this.silenced.add(row.sessionId);
    const live = this.traces.get(row.sessionId);
    if (live) this.traces.set(row.sessionId, { ...live, silenced: true, ...(row.scope === 'session' ? {} : { foldScope: row.scope }) });
    const held = this.held.get(row.sessionId);
    if (held && row.scope !== 'session') { this.held.delete(row.sessionId); this.allowTrace(held, row.scope); }
  }

  /** Folds everything a session did into a scope's allowance; the service persists it so it survives restarts. */
  private allowTrace(t: SessionTrace, scope: 'project' | 'agent'): void {
    const project = scope === 'agent' ? '*' : t.project;
    const items = itemsOfTrace(t);
    this.addAllowance(modelKey(t.agent, project), items);
    this.unsavedAcks.push(...items.map((item) => ({ scope, agent: t.agent, project, sessionId: t.sessionId, item, ts: t.lastTs })));
  }

  private allowanceFor(agent: string, project: string): Allowance {
    const k = modelKey(agent, project);
    let a = this.allowUnion.get(k);
    if (a === undefined) {
      a = unionAllowance(this.allow.get(k) ?? EMPTY_ALLOWANCE, this.allow.get(modelKey(agent, '*')));
      if (this.allowUnion.size >= this.cfg.maxModelsInMemory) this.allowUnion.clear();
      this.allowUnion.set(k, a);
    }
    return a;
  }

  private addAllowance(k: string, items: readonly string[]): void {
    this.allow.set(k, allowItems(this.allow.get(k) ?? EMPTY_ALLOWANCE, items));
    this.allowUnion.clear();
  }
}

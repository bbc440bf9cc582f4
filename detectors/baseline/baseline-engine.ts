// The one stateful piece: keeps models (LRU, saved in batches), live session traces and the users'
// acknowledgements, and calls the pure scoring. It is a Detector, so the pipeline runs it with the rules.
import type { Detector, DetectionInput, Finding } from '../detector.js';
import type { BaselineConfig } from './config.js';
import { EMPTY_ALLOWANCE, allowItems, itemsOfTrace, unionAllowance, type AckScope, type Allowance } from './allowance.js';
import { foldTrace, isLearning, newModel, newTrace, type BaselineModel, type SessionTrace } from './model.js';
import { scoreEvent } from './score.js';
import { raiseAnomaly } from './anomaly-finding.js';

export interface AckRow { id: number; scope: AckScope; agent: string; project: string; sessionId: string; item: string; ts: string }
export interface AckResult { ok: boolean; message: string }

/** What the engine needs from storage (daemon/store/baseline-store.ts; a Map in unit tests). */
export interface BaselinePersistence {
  loadModel(agent: string, project: string): BaselineModel | undefined;
  saveModels(models: readonly BaselineModel[]): void;
  acksSince(afterId: number, limit: number): AckRow[];
  addAcks(rows: readonly Omit<AckRow, 'id'>[]): void;
  ackAlert(alertId: string, opts: { thisWasMe: boolean; scope: AckScope }): AckResult;
}

export interface EngineOptions {
  /** A failed save or reload; the engine carries on and retries on the next tick. */
  onError?: (err: unknown) => void;
  /** False in tests that drive `tick()` themselves. */
  timers?: boolean;
}

const HELD_CAP = 500;
const SILENCED_CAP = 10_000;
const modelKey = (agent: string, project: string) => `${agent}\0${project}`;

export class BaselineEngine implements Detector {
  readonly name = 'baseline';
  private readonly models = new Map<string, BaselineModel>(); // insertion order = LRU order
  private readonly dirty = new Map<string, BaselineModel>();
  private readonly traces = new Map<string, SessionTrace>();
  /** Ended sessions that raised anomalies, kept (in memory only) so a later ack can allow all they did. */
  private readonly held = new Map<string, SessionTrace>();
  private readonly allow = new Map<string, Allowance>();
  /** Project ∪ agent-wide allowance per model key, rebuilt only after an acknowledgement. */
  private readonly allowUnion = new Map<string, Allowance>();
  private readonly silenced = new Set<string>();
  private lastAckId = 0;
  private latestTs = '';
  private readonly timer: NodeJS.Timeout | undefined;
  readonly stats = { modelsEvicted: 0, sessionsEvicted: 0, sessionsFolded: 0, sessionsHeld: 0, heldDropped: 0, saves: 0, errors: 0 };

  constructor(private readonly store: BaselinePersistence, private readonly cfg: BaselineConfig, private readonly opts: EngineOptions = {}) {
    this.reloadAcks();
    if (opts.timers !== false) this.timer = setInterval(() => this.tick(), cfg.saveEveryMs).unref();
  }

  /**
   * Call for every event, after facts and before the session state advances (as the rules are);
   * `session` is the state before the event (its cwd is the project). Synchronous, no disk writes.
   */
  evaluate({ event, facts, session, ctx }: DetectionInput): Finding[] {
    if (!this.cfg.enabled) return [];
    const agent = event.agent.kind;
    const sid = event.sessionId ?? `no-session:${agent}`;
    if (event.ts > this.latestTs) this.latestTs = event.ts;
    let trace = this.traces.get(sid) ?? newTrace(sid, agent, session.cwd ?? event.cwd ?? '(no project)', event.ts);
    if (this.silenced.has(sid) && !trace.silenced) trace = { ...trace, silenced: true };
    const model = this.modelFor(agent, trace.project, event.ts);
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
    const k = modelKey(t.agent, t.project);
    const folded = foldTrace(this.modelFor(t.agent, t.project, t.firstTs), t, this.cfg);
    this.models.set(k, folded);
    this.dirty.set(k, folded);
    this.stats.sessionsFolded++;
  }

  /** Acknowledges an alert with --this-was-me in a scope, and applies it at once. */
  ack(alertId: string, scope: AckScope): AckResult {
    const r = this.store.ackAlert(alertId, { thisWasMe: true, scope });
    this.reloadAcks();
    return r;
  }

  /** Picks up acknowledgements written since the last look (by the CLI or by ack()). */
  reloadAcks(): void {
    const grouped = new Map<string, string[]>();
    for (let rows = this.store.acksSince(this.lastAckId, 5000); rows.length > 0; rows = this.store.acksSince(this.lastAckId, 5000)) {
      for (const row of rows) {
        this.lastAckId = Math.max(this.lastAckId, row.id);
        if (row.scope === 'session' || row.item === '*') this.ackSession(row);
        else {
          const k = modelKey(row.agent, row.scope === 'agent' ? '*' : row.project);
          grouped.set(k, [...(grouped.get(k) ?? []), row.item]);
        }
      }
    }
    for (const [k, items] of grouped) this.addAllowance(k, items);
  }

  /** Saves dirty models, reloads acks, ends idle sessions. Runs on the timer; never throws. */
  tick(): void {
    const idleBefore = new Date(Date.parse(this.latestTs || '1970-01-01T00:00:00Z') - this.cfg.sessionIdleMinutes * 60_000).toISOString();
    for (const [sid, t] of [...this.traces]) if (t.lastTs < idleBefore) this.endSession(sid);
    this.guard(() => this.reloadAcks());
    this.flush();
  }

  flush(): void {
    if (this.dirty.size === 0) return;
    const batch = [...this.dirty.values()];
    this.guard(() => { this.store.saveModels(batch); this.dirty.clear(); this.stats.saves++; });
  }

  /** Shutdown: every live session counts as ended, then everything is saved. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    for (const sid of [...this.traces.keys()]) this.endSession(sid);
    this.flush();
  }

  /** The model of an agent×project (for tests and status). */
  model(agent: string, project: string): BaselineModel | undefined {
    return this.dirty.get(modelKey(agent, project)) ?? this.models.get(modelKey(agent, project)) ?? this.store.loadModel(agent, project);
  }

  private modelFor(agent: string, project: string, ts: string): BaselineModel {
    const k = modelKey(agent, project);
    const m = this.models.get(k) ?? this.dirty.get(k) ?? this.store.loadModel(agent, project) ?? newModel(agent, project, ts);
    this.models.delete(k);
    this.models.set(k, m);
    if (this.models.size > this.cfg.maxModelsInMemory) {
      this.models.delete(this.models.keys().next().value as string); // a dirty one stays in `dirty` until saved
      this.stats.modelsEvicted++;
    }
    return m;
  }

  private ackSession(row: AckRow): void {
    if (this.silenced.size >= SILENCED_CAP) this.silenced.delete(this.silenced.values().next().value as string);
    this.silenced.add(row.sessionId);
    const live = this.traces.get(row.sessionId);
    if (live) this.traces.set(row.sessionId, { ...live, silenced: true, ...(row.scope === 'session' ? {} : { foldScope: row.scope }) });
    const held = this.held.get(row.sessionId);
    if (held && row.scope !== 'session') { this.held.delete(row.sessionId); this.allowTrace(held, row.scope); }
  }

  /** Folds everything a session did into a scope's allowance, persisted so it survives restarts. */
  private allowTrace(t: SessionTrace, scope: 'project' | 'agent'): void {
    const project = scope === 'agent' ? '*' : t.project;
    const items = itemsOfTrace(t);
    this.addAllowance(modelKey(t.agent, project), items);
    this.guard(() => this.store.addAcks(items.map((item) => ({ scope, agent: t.agent, project, sessionId: t.sessionId, item, ts: t.lastTs }))));
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

  private guard(fn: () => void): void {
    try { fn(); } catch (err) { this.stats.errors++; this.opts.onError?.(err); }
  }
}

// The bookkeeping half of the baselines: owns the judge (detectors/baseline/baseline-judge.ts), and on
// its own timer — never while an event is judged — loads the models the judge needs, saves the ones
// it changed, ends idle sessions and picks up acknowledgements written by the CLI.
import type { BaselineConfig } from '../detectors/baseline/config.js';
import type { BaselineModel } from '../detectors/baseline/model.js';
import type { AckScope } from '../detectors/baseline/allowance.js';
import { BaselineJudge, type AckRow } from '../detectors/baseline/baseline-judge.js';

export type { AckRow };
export interface AckResult { ok: boolean; message: string }

/** What the service needs from storage (daemon/store/baseline-store.ts; a Map in unit tests). */
export interface BaselinePersistence {
  /** Every stored agent×project, most recently updated first. */
  storedKeys(): { agent: string; project: string }[];
  loadModel(agent: string, project: string): BaselineModel | undefined;
  saveModels(models: readonly BaselineModel[]): void;
  acksSince(afterId: number, limit: number): AckRow[];
  addAcks(rows: readonly Omit<AckRow, 'id'>[]): void;
  ackAlert(alertId: string, opts: { thisWasMe: boolean; scope: AckScope }): AckResult;
}

export interface BaselineServiceOptions {
  /** A failed load, save or reload; the service carries on and retries on the next tick. */
  onError?: (err: unknown) => void;
  /** False in tests that drive `tick()` themselves. */
  timers?: boolean;
}

export class BaselineService {
  readonly judge: BaselineJudge;
  private lastAckId = 0;
  private readonly timer: NodeJS.Timeout | undefined;
  private loadQueued = false;
  private readonly counts = { saves: 0, errors: 0 };

  constructor(private readonly store: BaselinePersistence, cfg: BaselineConfig, private readonly opts: BaselineServiceOptions = {}) {
    // A model the judge finds missing is loaded right after the event that wanted it, not during it.
    this.judge = new BaselineJudge(cfg, opts.timers === false ? undefined : () => this.queueLoad());
    this.guard(() => {
      const keys = store.storedKeys();
      this.judge.knowStored(keys);
      for (const k of keys.slice(0, cfg.maxModelsInMemory).reverse()) this.judge.offer(k.agent, k.project, store.loadModel(k.agent, k.project));
    });
    this.reloadAcks();
    if (opts.timers !== false) this.timer = setInterval(() => this.tick(), cfg.saveEveryMs).unref();
  }

  get stats() {
    return { ...this.judge.stats, ...this.counts };
  }

  /** Saves changed models, reloads acks, ends idle sessions, loads wanted models. Runs on the timer; never throws. */
  tick(): void {
    this.judge.endIdle();
    this.guard(() => this.reloadAcks());
    this.loadWanted();
    this.flush();
  }

  /** Saves what changed: models, and acknowledgements the judge made. */
  flush(): void {
    const acks = this.judge.takeUnsavedAcks();
    if (acks.length > 0) this.guard(() => this.store.addAcks(acks));
    const batch = this.judge.unsavedModels();
    if (batch.length === 0) return;
    this.guard(() => { this.store.saveModels(batch); this.judge.saved(batch); this.counts.saves++; });
  }

  /** Shutdown: every live session counts as ended, then everything is saved. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.judge.endAll();
    this.loadWanted();
    this.flush();
  }

  /** Acknowledges an alert with --this-was-me in a scope, and applies it at once. */
  ack(alertId: string, scope: AckScope): AckResult {
    const r = this.store.ackAlert(alertId, { thisWasMe: true, scope });
    this.reloadAcks();
    return r;
  }

  /** The model of an agent×project (for tests and status). */
  model(agent: string, project: string): BaselineModel | undefined {
    return this.judge.model(agent, project) ?? this.store.loadModel(agent, project);
  }

  /** Picks up acknowledgements written since the last look (by the CLI or by ack()). */
  private reloadAcks(): void {
    for (let rows = this.store.acksSince(this.lastAckId, 5000); rows.length > 0; rows = this.store.acksSince(this.lastAckId, 5000)) {
      for (const row of rows) this.lastAckId = Math.max(this.lastAckId, row.id);
      this.judge.applyAcks(rows);
    }
  }

  private loadWanted(): void {
    for (const { agent, project } of this.judge.wantedModels()) this.guard(() => this.judge.offer(agent, project, this.store.loadModel(agent, project)));
  }

  private queueLoad(): void {
    if (this.loadQueued) return;
    this.loadQueued = true;
    setImmediate(() => { this.loadQueued = false; this.loadWanted(); });
  }

  private guard(fn: () => void): void {
    try { fn(); } catch (err) { this.counts.errors++; this.opts.onError?.(err); }
  }
}

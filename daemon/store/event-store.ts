// Events, sessions and alerts on disk. Writes are queued and committed in batches (one transaction
// each). A writer that must know its write is on disk (a hook, before it is answered) waits on
// committed(): the batch then goes out on the next turn of the event loop, so every request that arrived
// in the same turn shares one transaction (group commit). Other writes (the OS collectors') wait for
// batchSize or flushMs. When batches fail (a full disk), the low-value events (the OS collectors') are
// shed, hook events and alerts are kept in a bounded backlog and retried until a batch commits again.
import type { Alert, Event } from '../../core/event.js';
import type { DB } from './database.js';

export interface EventQuery { sessionId?: string; since?: string; afterSeq?: number; limit?: number }
export interface StoredEvent { seq: number; event: Event }
export interface StoredAlert { seq: number; alert: Alert; acked: boolean }

export interface StoreOptions {
  batchSize: number;
  flushMs: number;
  /** A batch failed and the store starts failing (once per episode, not per retry). */
  onError: (err: unknown) => void;
  /** A batch committed again after `failedForMs` of failing. */
  onRecover?: (failedForMs: number) => void;
}

/** Hook events and alerts kept in memory while batches fail, at most this many (then the oldest go). */
const BACKLOG_CAP = 5000;
/** While failing, the backlog is retried this often. */
const RETRY_MS = 1000;

interface Job { run: () => void; keep: boolean }
interface Waiter { resolve: () => void; reject: (err: Error) => void }

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

export class EventStore {
  private queue: Job[] = [];
  /** Kept jobs of failed batches, retried first. */
  private backlog: Job[] = [];
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly stmt;
  private readonly writeBatch;
  flushedBatches = 0;
  /** Events and alerts committed so far (the checkpoints count what the WAL holds by it). */
  committedJobs = 0;
  /** Called after each committed batch, before its writers are told: cheap only (lifecycle/store-steps.ts schedules a checkpoint). */
  afterCommit: (() => void) | undefined;
  /** When the last batch committed (ms epoch; 0: none yet). */
  lastCommitAt = 0;
  failedBatches = 0;
  /** OS-collector events dropped because batches failed (or while they fail). */
  shed = 0;
  /** Hook events and alerts dropped: the backlog was full. */
  lost = 0;
  /** Writers told their write did not commit (a hook answered without its event on disk yet). */
  answeredUnstored = 0;
  /** The error of the last failed batch while failing (undefined once everything commits again). */
  lastError: string | undefined;
  /** Since when batches fail (ms epoch); undefined while they commit. */
  failingSince: number | undefined;
  /** The last recovery, for health: when, and after how long. */
  lastRecovery: { at: string; failedForS: number } | undefined;
  private lastFailure: Error | undefined;
  private lastProbe = 0;
  private closed = false;

  constructor(private readonly db: DB, private readonly opts: StoreOptions) {
    this.stmt = {
      // A repeated id is skipped without taking a seq (INSERT OR IGNORE would): a gap in seq then always
      // means a deleted event, which the telemetry cursor counts as dropped (daemon/fleet/telemetry-reader.ts).
      insertEvent: db.prepare(`INSERT INTO events (id, ts, session_id, agent, source, kind, body)
        SELECT @id, @ts, @sessionId, @agent, @source, @kind, @body WHERE NOT EXISTS (SELECT 1 FROM events WHERE id = @id)`),
      upsertSession: db.prepare(`INSERT INTO sessions (id, agent, cwd, transcript_path, first_ts, last_ts, ended_ts, event_count)
        VALUES (@id, @agent, @cwd, @transcript, @ts, @ts, @ended, 1)
        ON CONFLICT(id) DO UPDATE SET last_ts = max(last_ts, @ts), event_count = event_count + 1,
          cwd = ifnull(cwd, @cwd), transcript_path = ifnull(transcript_path, @transcript), ended_ts = ifnull(@ended, ended_ts)`),
      insertAlert: db.prepare(`INSERT INTO alerts (id, ts, last_ts, session_id, rule, dedupe_key, severity, count, body)
        VALUES (@id, @ts, @lastTs, @sessionId, @rule, @key, @severity, @count, @body)
        ON CONFLICT DO UPDATE SET last_ts = @lastTs, count = @count, severity = @severity, body = @body`),
      findAlert: db.prepare('SELECT body FROM alerts WHERE ifnull(session_id, \'\') = ? AND rule = ? AND dedupe_key = ?'),
    };
    this.writeBatch = db.transaction((jobs: Job[]) => { for (const j of jobs) j.run(); });
  }

  /** Queues an event (and its session's bookkeeping) for the next batch. */
  appendEvent(e: Event): void {
    // What the OS collectors saw is shed first on a full disk; what an agent's hook told us is kept.
    const keep = e.source === 'hook' || e.source === 'pty' || e.source === 'self';
    this.enqueue(keep, () => {
      this.stmt.insertEvent.run({ id: e.id, ts: e.ts, sessionId: e.sessionId ?? null, agent: e.agent.kind, source: e.source, kind: e.kind, body: JSON.stringify(e) });
      if (e.sessionId !== undefined) {
        this.stmt.upsertSession.run({
          id: e.sessionId, agent: e.agent.kind, cwd: e.cwd ?? null, transcript: e.transcriptPath ?? null, ts: e.ts,
          ended: e.kind === 'session.end' ? e.ts : null,
        });
      }
    });
  }

  /** Queues an alert insert, or the update of one already stored under the same dedupe key. */
  saveAlert(a: Alert, key: string): void {
    this.enqueue(true, () => this.stmt.insertAlert.run({
      id: a.id, ts: a.ts, lastTs: a.lastTs, sessionId: a.sessionId ?? null, rule: a.rule, key, severity: a.severity,
      count: a.count, body: JSON.stringify(a),
    }));
  }

  /** The stored alert with this dedupe identity, if any (for merging across restarts). */
  findAlert(sessionId: string | undefined, rule: string, key: string): Alert | undefined {
    const row = this.stmt.findAlert.get(sessionId ?? '', rule, key) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as Alert) : undefined;
  }

  /**
   * Resolves once everything queued so far is committed; rejects (never hangs) when its batch failed.
   * The batch goes out on the next turn of the event loop, shared by every writer of this turn.
   */
  committed(): Promise<void> {
    // Empty: what this caller queued went out with the last batch (batchSize reached): its outcome holds.
    if (this.queue.length === 0 || this.closed) return this.lastFailure ? this.unstored(this.lastFailure) : Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.immediate ??= setImmediate(() => { this.immediate = undefined; this.flushQueued(this.failingSince === undefined); });
    });
  }

  private unstored(err: Error): Promise<void> {
    this.answeredUnstored++;
    return Promise.reject(err);
  }

  private enqueue(keep: boolean, run: () => void): void {
    if (!keep && this.failingSince !== undefined) {
      // Failing: shed, but let one through per retry period, so a batch of everything tells when the disk has room again.
      if (Date.now() - this.lastProbe < RETRY_MS) { this.shed++; return; }
      this.lastProbe = Date.now();
    }
    this.queue.push({ run, keep });
    if (this.queue.length >= this.opts.batchSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.opts.flushMs).unref();
  }

  /** Commits everything queued (the backlog first), in one transaction. Never throws: a failed batch is reported. */
  flush(): void {
    this.flushQueued(true);
  }

  /** `withBacklog` false: a waiter's turn while failing; the backlog waits for the retry timer, not every turn. */
  private flushQueued(withBacklog: boolean): void {
    if (this.timer && withBacklog) { clearTimeout(this.timer); this.timer = undefined; }
    if (this.immediate) { clearImmediate(this.immediate); this.immediate = undefined; }
    const waiters = this.waiters;
    this.waiters = [];
    const backlog = withBacklog ? this.backlog : [];
    if (withBacklog) this.backlog = [];
    const jobs = backlog.length ? [...backlog, ...this.queue] : this.queue;
    this.queue = [];
    const failure = jobs.length ? this.commit(jobs, this.backlog.length === 0) : undefined;
    this.lastFailure = failure;
    for (const w of waiters) {
      if (failure) { this.answeredUnstored++; w.reject(failure); } else w.resolve();
    }
  }

  /**
   * One batch: on failure the low-value jobs are shed and the rest tried alone, then kept for a retry.
   * `complete`: nothing is left behind in the backlog, so its success ends a failing episode.
   */
  private commit(jobs: Job[], complete: boolean): Error | undefined {
    const err = this.tryBatch(jobs);
    if (!err) {
      if (this.failingSince !== undefined && complete) this.recovered();
      return undefined;
    }
    const kept = jobs.filter((j) => j.keep);
    this.shed += jobs.length - kept.length;
    const retry = kept.length === jobs.length ? err : kept.length ? this.tryBatch(kept) : undefined;
    if (retry) this.keepForRetry(kept);
    if (this.failingSince === undefined) {
      this.failingSince = Date.now();
      this.lastProbe = Date.now();
      this.opts.onError(err);
    }
    return retry;
  }

  private tryBatch(jobs: Job[]): Error | undefined {
    try {
      this.writeBatch(jobs);
      this.flushedBatches++;
      this.committedJobs += jobs.length;
      this.lastCommitAt = Date.now();
      this.afterCommit?.();
      return undefined;
    } catch (err) {
      this.failedBatches++;
      this.lastError = firstLine(err);
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  private keepForRetry(kept: Job[]): void {
    this.backlog.push(...kept);
    const over = this.backlog.length - BACKLOG_CAP;
    if (over > 0) { this.lost += over; this.backlog.splice(0, over); }
    if (!this.closed) this.timer ??= setTimeout(() => this.flush(), RETRY_MS).unref();
  }

  private recovered(): void {
    const failedForMs = Date.now() - this.failingSince!;
    this.failingSince = undefined;
    this.lastError = undefined;
    this.lastRecovery = { at: new Date().toISOString(), failedForS: Math.round(failedForMs / 1000) };
    this.opts.onRecover?.(failedForMs);
  }

  /** The last flush: whatever is still in the backlog then is lost (and counted). */
  close(): void {
    this.closed = true;
    this.flush();
    this.lost += this.backlog.length;
    this.backlog = [];
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
  }

  get pending(): number {
    return this.queue.length + this.backlog.length;
  }
}

/** Read side, shared by the daemon and the CLI (which opens the database read-only). */
export function queryEvents(db: DB, q: EventQuery): StoredEvent[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.sessionId !== undefined) { where.push('session_id = ?'); args.push(q.sessionId); }
  if (q.since !== undefined) { where.push('ts >= ?'); args.push(q.since); }
  if (q.afterSeq !== undefined) { where.push('seq > ?'); args.push(q.afterSeq); }
  const sql = `SELECT seq, body FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
  return (db.prepare(sql).all(...args, q.limit ?? 1000) as { seq: number; body: string }[])
    .map((r) => ({ seq: r.seq, event: JSON.parse(r.body) as Event }));
}

/** The last `n` events of a session, oldest first (what a console shows before a held call). */
export function recentEvents(db: DB, sessionId: string, n: number): Event[] {
  const rows = db.prepare('SELECT body FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT ?').all(sessionId, n) as { body: string }[];
  return rows.reverse().map((r) => JSON.parse(r.body) as Event);
}

/** One stored alert as raised (its body), by id. */
export function storedAlert(db: DB, id: string): Alert | undefined {
  const row = db.prepare('SELECT body FROM alerts WHERE id = ?').get(id) as { body: string } | undefined;
  return row ? JSON.parse(row.body) as Alert : undefined;
}

export function queryAlerts(db: DB, q: { since?: string; sessionId?: string; afterSeq?: number; limit?: number }): StoredAlert[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.afterSeq !== undefined) { where.push('seq > ?'); args.push(q.afterSeq); }
  if (q.since !== undefined) { where.push('last_ts >= ?'); args.push(q.since); }
  if (q.sessionId !== undefined) { where.push('session_id = ?'); args.push(q.sessionId); }
  const sql = `SELECT seq, body, acked FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
  // The body is the alert as raised; whether someone acknowledged it since lives in its own column.
  return (db.prepare(sql).all(...args, q.limit ?? 1000) as { seq: number; body: string; acked: number }[])
    .map((r) => ({ seq: r.seq, alert: r.acked ? { ...(JSON.parse(r.body) as Alert), acknowledged: true } : JSON.parse(r.body) as Alert, acked: r.acked === 1 }));
}

/** The last seq stored in each table (0 when empty): where a reader that starts now begins. */
export function lastSeqs(db: DB): { events: number; alerts: number } {
  const max = (table: 'events' | 'alerts') => (db.prepare(`SELECT ifnull(max(seq), 0) AS n FROM ${table}`).get() as { n: number }).n;
  return { events: max('events'), alerts: max('alerts') };
}

/** The seq of the stored alert with this id; undefined when it is not stored. */
export function alertSeq(db: DB, id: string): number | undefined {
  return db.prepare('SELECT seq FROM alerts WHERE id = ?').pluck().get(id) as number | undefined;
}

export interface RetentionResult { deletedEvents: number; deletedAlerts: number; bytes: number }

/**
 * Deletes what is older than maxAgeDays, then, while the file is over maxBytes, the oldest events and,
 * when no event is left, the oldest alerts (acknowledged ones first, then by their last occurrence): alerts
 * outlive the events they came from, but a database full of alerts (a flood) is bounded too.
 */
export function applyRetention(db: DB, nowMs: number, maxAgeDays: number, maxBytes: number): RetentionResult {
  const cutoff = new Date(nowMs - maxAgeDays * 86_400_000).toISOString();
  let deletedEvents = db.prepare('DELETE FROM events WHERE ts < ?').run(cutoff).changes;
  let deletedAlerts = db.prepare('DELETE FROM alerts WHERE last_ts < ?').run(cutoff).changes;
  db.prepare('DELETE FROM sessions WHERE last_ts < ?').run(cutoff);
  const size = () => (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number)
    - (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  const tables = [
    { count: db.prepare('SELECT count(*) AS n FROM events'), oldest: db.prepare('DELETE FROM events WHERE seq IN (SELECT seq FROM events ORDER BY seq LIMIT ?)') },
    { count: db.prepare('SELECT count(*) AS n FROM alerts'), oldest: db.prepare('DELETE FROM alerts WHERE seq IN (SELECT seq FROM alerts ORDER BY acked DESC, last_ts, seq LIMIT ?)') },
  ];
  for (let i = 0, t = 0; i < 40 && t < tables.length && size() > maxBytes; i++) {
    const total = (tables[t]!.count.get() as { n: number }).n;
    if (total === 0) { t++; continue; }
    // Delete the share of rows the excess is of the whole, plus 5% so a few rounds get there.
    const bytes = size();
    const n = Math.max(1, Math.ceil(total * Math.min(1, (bytes - maxBytes) / bytes + 0.05)));
    const deleted = tables[t]!.oldest.run(n).changes;
    if (t === 0) deletedEvents += deleted; else deletedAlerts += deleted;
  }
  db.pragma('incremental_vacuum');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { deletedEvents, deletedAlerts, bytes: size() };
}

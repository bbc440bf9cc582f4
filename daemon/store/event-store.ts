// Events, sessions and alerts on disk. Writes are queued and committed in batches (one
// transaction each), so the hook path never waits for the disk; reads see committed data.
import type { Alert, Event } from '../../core/event.js';
import type { DB } from './database.js';

export interface EventQuery { sessionId?: string; since?: string; afterSeq?: number; limit?: number }
export interface StoredEvent { seq: number; event: Event }
export interface StoredAlert { seq: number; alert: Alert }

export interface StoreOptions { batchSize: number; flushMs: number; onError: (err: unknown) => void }

export class EventStore {
  private queue: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly stmt;
  private readonly writeBatch;
  flushedBatches = 0;
  failedBatches = 0;
  /** The error of the last batch when it failed (undefined once a batch commits again). */
  lastError: string | undefined;

  constructor(private readonly db: DB, private readonly opts: StoreOptions) {
    this.stmt = {
      insertEvent: db.prepare('INSERT OR IGNORE INTO events (id, ts, session_id, agent, source, kind, body) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      upsertSession: db.prepare(`INSERT INTO sessions (id, agent, cwd, transcript_path, first_ts, last_ts, ended_ts, event_count)
        VALUES (@id, @agent, @cwd, @transcript, @ts, @ts, @ended, 1)
        ON CONFLICT(id) DO UPDATE SET last_ts = max(last_ts, @ts), event_count = event_count + 1,
          cwd = ifnull(cwd, @cwd), transcript_path = ifnull(transcript_path, @transcript), ended_ts = ifnull(@ended, ended_ts)`),
      insertAlert: db.prepare(`INSERT INTO alerts (id, ts, last_ts, session_id, rule, dedupe_key, severity, count, body)
        VALUES (@id, @ts, @lastTs, @sessionId, @rule, @key, @severity, @count, @body)
        ON CONFLICT DO UPDATE SET last_ts = @lastTs, count = @count, severity = @severity, body = @body`),
      findAlert: db.prepare('SELECT body FROM alerts WHERE ifnull(session_id, \'\') = ? AND rule = ? AND dedupe_key = ?'),
    };
    this.writeBatch = db.transaction((jobs: (() => void)[]) => { for (const j of jobs) j(); });
  }

  /** Queues an event (and its session's bookkeeping) for the next batch. */
  appendEvent(e: Event): void {
    this.enqueue(() => {
      this.stmt.insertEvent.run(e.id, e.ts, e.sessionId ?? null, e.agent.kind, e.source, e.kind, JSON.stringify(e));
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
    this.enqueue(() => this.stmt.insertAlert.run({
      id: a.id, ts: a.ts, lastTs: a.lastTs, sessionId: a.sessionId ?? null, rule: a.rule, key, severity: a.severity,
      count: a.count, body: JSON.stringify(a),
    }));
  }

  /** The stored alert with this dedupe identity, if any (for merging across restarts). */
  findAlert(sessionId: string | undefined, rule: string, key: string): Alert | undefined {
    const row = this.stmt.findAlert.get(sessionId ?? '', rule, key) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as Alert) : undefined;
  }

  private enqueue(job: () => void): void {
    this.queue.push(job);
    if (this.queue.length >= this.opts.batchSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.opts.flushMs).unref();
  }

  /** Commits everything queued, in one transaction. Never throws: a failed batch is reported. */
  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (this.queue.length === 0) return;
    const jobs = this.queue;
    this.queue = [];
    try {
      this.writeBatch(jobs);
      this.flushedBatches++;
      this.lastError = undefined;
    } catch (err) {
      this.failedBatches++;
      this.lastError = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      this.opts.onError(err);
    }
  }

  get pending(): number {
    return this.queue.length;
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

export function queryAlerts(db: DB, q: { since?: string; sessionId?: string; limit?: number }): StoredAlert[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.since !== undefined) { where.push('last_ts >= ?'); args.push(q.since); }
  if (q.sessionId !== undefined) { where.push('session_id = ?'); args.push(q.sessionId); }
  const sql = `SELECT seq, body FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
  return (db.prepare(sql).all(...args, q.limit ?? 1000) as { seq: number; body: string }[])
    .map((r) => ({ seq: r.seq, alert: JSON.parse(r.body) as Alert }));
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

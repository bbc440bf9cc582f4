// The SQL of the fleet telemetry cursor (daemon/fleet/telemetry-reader.ts): events by seq, alert changes
// by rev (migration 4's alert_changes), evidence and effects lookups, and where each stream ends. Rows come
// back as stored (bodies unparsed); the reader decides what a page is.
import type { DB } from './database.js';

/** Audit and time filters (`agentwatch export --session/--agent/--since/--until`). */
export interface TelemetryFilter { sessionId?: string; agent?: string; since?: string; until?: string }

/** An event row as stored: its seq, its time (the `ts` column, equal to the body's ts) and its JSON body. */
export type EventRow = [seq: number, ts: string, body: string];
export interface AlertChangeRow { rev: number; body: string; acked: number; dedupe_key: string }

/** OS effects of one tool call referenced at most (a build's thousands of file writes are not evidence). */
const MAX_EFFECTS = 20;

export class TelemetryStore {
  private readonly q;
  private readonly args: unknown[];
  readonly filtered: boolean;

  constructor(private readonly db: DB, filter: TelemetryFilter = {}) {
    const ev: string[] = ['seq > ?'];
    const al: string[] = ['c.rev > ?'];
    const args: unknown[] = [];
    if (filter.sessionId !== undefined) { ev.push('session_id = ?'); al.push('a.session_id = ?'); args.push(filter.sessionId); }
    if (filter.agent !== undefined) { ev.push('agent = ?'); al.push("json_extract(a.body, '$.agent.kind') = ?"); args.push(filter.agent); }
    if (filter.since !== undefined) { ev.push('ts >= ?'); al.push('a.last_ts >= ?'); args.push(filter.since); }
    if (filter.until !== undefined) { ev.push('ts < ?'); al.push('a.ts < ?'); args.push(filter.until); }
    this.args = args;
    this.filtered = args.length > 0;
    this.q = {
      // Raw rows (arrays), stepped one at a time: the export reads a million of them.
      events: db.prepare(`SELECT seq, ts, body FROM events WHERE ${ev.join(' AND ')} ORDER BY seq LIMIT ?`).raw(),
      alerts: db.prepare(`SELECT c.rev, a.body, a.acked, a.dedupe_key FROM alert_changes c JOIN alerts a ON a.seq = c.alert_seq
        WHERE ${al.join(' AND ')} ORDER BY c.rev LIMIT ?`),
      byId: db.prepare('SELECT body FROM events WHERE id = ?'),
      // Uses the partial index events_tool_use (migrations 4 and 6): its WHERE terms are among this one's.
      effects: db.prepare(`SELECT body FROM events WHERE session_id = ? AND source != 'hook' AND json_extract(body, '$.toolUseId') = ?
        ORDER BY seq LIMIT ${MAX_EFFECTS}`),
      maxSeq: db.prepare("SELECT ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0) AS n"),
      maxRev: db.prepare("SELECT ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'alert_changes'), 0) AS n"),
      alertDrops: db.prepare('SELECT count(*) AS n FROM alert_drops WHERE rev > ? AND rev <= ?'),
    };
  }

  /** Runs `fn` in one read transaction: everything it reads comes from the same snapshot. */
  snapshot<T>(fn: () => T): T { return this.db.transaction(fn)(); }

  /**
   * Up to `limit` events after `seq`, fewer when their bodies would pass `maxBytes` (at least one): a page
   * of large tool inputs must not take the reader's memory. `cut` says rows were left for the next page.
   */
  eventsAfter(seq: number, limit: number, maxBytes = Infinity): { rows: EventRow[]; cut: boolean } {
    // One pass that stops at the first row over the budget (its body is the only one read beyond it): a
    // query of the sizes first and then of the rows read every body twice.
    const rows: EventRow[] = [];
    let total = 0;
    for (const row of this.q.events.iterate(seq, ...this.args, limit) as IterableIterator<EventRow>) {
      total += Buffer.byteLength(row[2]); // the body's octet_length: UTF-8 bytes
      if (total > maxBytes && rows.length > 0) return { rows, cut: true };
      rows.push(row);
    }
    return { rows, cut: false };
  }
  alertChangesAfter(rev: number, limit: number): AlertChangeRow[] { return this.q.alerts.all(rev, ...this.args, limit) as AlertChangeRow[]; }
  eventBody(id: string): string | undefined { return (this.q.byId.get(id) as { body: string } | undefined)?.body; }
  effectBodies(sessionId: string, toolUseId: string): string[] { return (this.q.effects.all(sessionId, toolUseId) as { body: string }[]).map((r) => r.body); }
  /** The last seq / rev ever handed out (deleted rows included). */
  lastSeq(): number { return (this.q.maxSeq.get() as { n: number }).n; }
  lastRev(): number { return (this.q.maxRev.get() as { n: number }).n; }
  /** Alerts deleted (retention) whose last rev was in (after, upTo]. */
  alertsDropped(after: number, upTo: number): number { return (this.q.alertDrops.get(after, upTo) as { n: number }).n; }
}

// Pages of telemetry (events and alerts) by an opaque cursor, for a SOC collector (GET /v1/telemetry) and
// `agentwatch export`. Two streams, each read in its own append order: events by their seq (AUTOINCREMENT:
// never reused, and committed in order by the daemon's one writer), alerts by their rev in the
// alert_changes log (migration 4: an alert that merges a finding or is acknowledged moves to a new rev, so
// a collector past its old rev gets the new version once; docs/fleet.md). The cursor holds the last
// seq and rev delivered; a page is the alert changes and events after it, merged by time, up to the limit.
// So a cursor replayed returns the same records (or newer versions of alerts changed since), a daemon
// restart changes nothing, and records deleted by retention after the cursor are counted in `dropped`
// (gaps in seq; alert_drops for alerts) instead of silently skipped.
import type { Alert, Event } from '../../core/event.js';
import type { DB } from '../store/database.js';
import type { AlertRecord } from './ocsf/index.js';

export class CursorError extends Error {}

export interface Cursor { eventSeq: number; alertRev: number }

const PREFIX = 'aw1_';
/** OS effects of one evidence tool call referenced at most (a build's thousands of file writes are not evidence). */
const MAX_EFFECTS = 20;

export function encodeCursor(c: Cursor): string {
  return PREFIX + Buffer.from(`${c.eventSeq}.${c.alertRev}`).toString('base64url');
}

/** The cursor a client sent back; a one-line error for anything we did not hand out. */
export function decodeCursor(s: string): Cursor {
  const m = s.startsWith(PREFIX) ? /^(\d+)\.(\d+)$/.exec(Buffer.from(s.slice(PREFIX.length), 'base64url').toString('utf8')) : null;
  if (!m) throw new CursorError(`"${s.slice(0, 40)}" is not a telemetry cursor (use the "next" of a previous reply, or none to start)`);
  return { eventSeq: Number(m[1]), alertRev: Number(m[2]) };
}

export const isCursor = (s: string) => s.startsWith(PREFIX);

/** Audit and time filters (`agentwatch export --session/--agent/--since/--until`). */
export interface TelemetryFilter { sessionId?: string; agent?: string; since?: string; until?: string }

export type NativeRecord = { type: 'event'; event: Event } | { type: 'alert'; alert: Alert; acked: boolean };

export interface TelemetryPage {
  /** In delivery order; alert records carry their evidence events still in the store. */
  records: ({ type: 'event'; event: Event } | ({ type: 'alert' } & Required<Pick<AlertRecord, 'alert' | 'acked' | 'evidence' | 'effects'>> & { key: string }))[];
  /** The cursor to ask with next (the same one when nothing new came). */
  next: string;
  /** Records deleted (retention) after the cursor, before they were delivered. Only counted without a filter. */
  dropped: { events: number; alerts: number };
  /** More records are there already: ask again at once. */
  more: boolean;
}

interface EventRow { seq: number; body: string }
interface AlertRow { rev: number; body: string; acked: number; dedupe_key: string }

export class TelemetryReader {
  private readonly q;

  constructor(private readonly db: DB, filter: TelemetryFilter = {}) {
    const ev: string[] = ['seq > ?'];
    const al: string[] = ['c.rev > ?'];
    const args: unknown[] = [];
    if (filter.sessionId !== undefined) { ev.push('session_id = ?'); al.push('a.session_id = ?'); args.push(filter.sessionId); }
    if (filter.agent !== undefined) { ev.push('agent = ?'); al.push("json_extract(a.body, '$.agent.kind') = ?"); args.push(filter.agent); }
    if (filter.since !== undefined) { ev.push('ts >= ?'); al.push('a.last_ts >= ?'); args.push(filter.since); }
    if (filter.until !== undefined) { ev.push('ts < ?'); al.push('a.ts < ?'); args.push(filter.until); }
    this.filtered = args.length > 0;
    this.args = args;
    this.q = {
      events: db.prepare(`SELECT seq, body FROM events WHERE ${ev.join(' AND ')} ORDER BY seq LIMIT ?`),
      alerts: db.prepare(`SELECT c.rev, a.body, a.acked, a.dedupe_key FROM alert_changes c JOIN alerts a ON a.seq = c.alert_seq
        WHERE ${al.join(' AND ')} ORDER BY c.rev LIMIT ?`),
      evidence: db.prepare('SELECT body FROM events WHERE id = ?'),
      effects: db.prepare(`SELECT body FROM events WHERE session_id = ? AND source != 'hook' AND json_extract(body, '$.toolUseId') = ?
        ORDER BY seq LIMIT ${MAX_EFFECTS}`),
      maxSeq: db.prepare("SELECT ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0) AS n"),
      maxRev: db.prepare("SELECT ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'alert_changes'), 0) AS n"),
      alertDrops: db.prepare('SELECT count(*) AS n FROM alert_drops WHERE rev > ? AND rev <= ?'),
    };
  }

  private readonly filtered: boolean;
  private readonly args: unknown[];

  /** One page after `cursor` (undefined: from the oldest record still stored), at most `limit` records. */
  read(cursor: string | undefined, limit: number): TelemetryPage {
    const from = cursor === undefined ? { eventSeq: 0, alertRev: 0 } : decodeCursor(cursor);
    // One read transaction: both streams and the drop counts from the same snapshot.
    return this.db.transaction(() => this.page(from, limit))();
  }

  private page(from: Cursor, limit: number): TelemetryPage {
    const alertRows = this.q.alerts.all(from.alertRev, ...this.args, limit + 1) as AlertRow[];
    const eventRows = this.q.events.all(from.eventSeq, ...this.args, limit + 1) as EventRow[];
    const alerts = alertRows.map((r) => ({ row: r, alert: JSON.parse(r.body) as Alert }));
    const events = eventRows.map((r) => ({ row: r, event: JSON.parse(r.body) as Event }));
    // Merged by time (an alert at its last change), each stream taken as a prefix of its own order, so the
    // cursor (the last seq and rev taken) says exactly what was delivered. At equal times the event comes
    // first: an alert's evidence precedes it.
    const records: TelemetryPage['records'] = [];
    let i = 0;
    let j = 0;
    while (records.length < limit && (i < alerts.length || j < events.length)) {
      const a = alerts[i];
      const e = events[j];
      if (a && (!e || a.alert.lastTs < e.event.ts)) {
        const evidence = this.evidenceOf(a.alert);
        records.push({ type: 'alert', alert: a.alert, acked: a.row.acked === 1, key: a.row.dedupe_key, evidence, effects: this.effectsOf(evidence) });
        i++;
      } else {
        records.push({ type: 'event', event: e!.event });
        j++;
      }
    }
    // A stream read to its end jumps to the end of what exists (its last seq or rev ever given), so
    // deletions past its last row are counted now and never again; one cut short stays at its last row taken.
    const alertsDone = i === alerts.length && alertRows.length <= limit;
    const eventsDone = j === events.length && eventRows.length <= limit;
    const alertRev = alertsDone && !this.filtered ? Math.max(from.alertRev, this.maxRev()) : i > 0 ? alerts[i - 1]!.row.rev : from.alertRev;
    const eventSeq = eventsDone && !this.filtered ? Math.max(from.eventSeq, this.maxSeq()) : j > 0 ? events[j - 1]!.row.seq : from.eventSeq;
    const dropped = this.filtered ? { events: 0, alerts: 0 } : {
      // Every seq in (from, eventSeq] was a stored event (event-store.ts takes no seq for a repeated id); the ones not delivered are gone.
      events: eventSeq - from.eventSeq - j,
      alerts: (this.q.alertDrops.get(from.alertRev, alertRev) as { n: number }).n,
    };
    return { records, next: encodeCursor({ eventSeq, alertRev }), dropped, more: !alertsDone || !eventsDone };
  }

  private maxSeq(): number { return (this.q.maxSeq.get() as { n: number }).n; }
  private maxRev(): number { return (this.q.maxRev.get() as { n: number }).n; }

  /** The OS events of the evidence tool calls (their toolUseId), so a finding points at the processes and connections. */
  private effectsOf(evidence: Event[]): Event[] {
    const out: Event[] = [];
    for (const e of evidence) {
      if (e.source !== 'hook' || !e.tool?.useId || e.sessionId === undefined) continue;
      for (const r of this.q.effects.all(e.sessionId, e.tool.useId) as { body: string }[]) out.push(JSON.parse(r.body) as Event);
    }
    return out;
  }

  private evidenceOf(a: Alert): Event[] {
    const out: Event[] = [];
    for (const id of a.evidence.slice(0, 50)) {
      const row = this.q.evidence.get(id) as { body: string } | undefined;
      if (row) out.push(JSON.parse(row.body) as Event);
    }
    return out;
  }
}

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
import { TelemetryStore, type TelemetryFilter } from '../store/telemetry-store.js';
import { toOcsf, type AlertRecord, type OcsfContext, type OcsfRecord } from './ocsf/index.js';

export type { TelemetryFilter };

export class CursorError extends Error {}

export interface Cursor { eventSeq: number; alertRev: number }

const PREFIX = 'aw1_';

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

type AlertPageRecord = { type: 'alert' } & Required<Pick<AlertRecord, 'alert' | 'acked' | 'evidence' | 'effects'>> & { key: string };
export type PageRecord = { type: 'event'; event: Event } | AlertPageRecord;
/** A page record with its event still as stored (its JSON body, unparsed): what `agentwatch export` streams. */
export type StoredRecord = { type: 'event'; body: string } | AlertPageRecord;

/** A page record as it is sent: OCSF, or agentwatch's own shape (SPEC Event / Alert, with `acked`). */
export function formatRecord(r: PageRecord, format: 'ocsf' | 'native', ctx: OcsfContext | undefined): OcsfRecord | object {
  if (format === 'ocsf') {
    if (!ctx) throw new Error('an OCSF record needs the OCSF context');
    return toOcsf(r.type === 'event' ? { event: r.event } : r, ctx);
  }
  return r.type === 'event' ? { type: 'event', event: r.event } : { type: 'alert', alert: r.alert, acked: r.acked };
}

/**
 * A stored record as one NDJSON line (no newline), what formatRecord gives stringified. A native event is
 * its stored body spliced in as it is: the body is JSON.stringify's own output, which parsing and
 * stringifying again reproduces byte for byte.
 */
export function formatStoredLine(r: StoredRecord, format: 'ocsf' | 'native', ctx: OcsfContext | undefined): string {
  if (r.type === 'alert') return JSON.stringify(formatRecord(r, format, ctx));
  if (format === 'native') return `{"type":"event","event":${r.body}}`;
  return JSON.stringify(formatRecord({ type: 'event', event: JSON.parse(r.body) as Event }, format, ctx));
}

export interface TelemetryPage<R = PageRecord> {
  /** In delivery order; alert records carry their evidence events still in the store. */
  records: R[];
  /** The cursor to ask with next (the same one when nothing new came). */
  next: string;
  /** Records deleted (retention) after the cursor, before they were delivered. Only counted without a filter. */
  dropped: { events: number; alerts: number };
  /** More records are there already: ask again at once. */
  more: boolean;
}

export class TelemetryReader {
  private readonly store: TelemetryStore;

  /** `maxBytes`: stored event bodies one page reads at most (at least one event). */
  constructor(db: DB, filter: TelemetryFilter = {}, private readonly maxBytes = 8 * 1024 * 1024) {
    this.store = new TelemetryStore(db, filter);
  }

  /** One page after `cursor` (undefined: from the oldest record still stored), at most `limit` records. */
  read(cursor: string | undefined, limit: number): TelemetryPage {
    const page = this.readStored(cursor, limit);
    return { ...page, records: page.records.map((r) => (r.type === 'event' ? { type: 'event', event: JSON.parse(r.body) as Event } : r)) };
  }

  /** read(), with the events' bodies left as stored: a streaming caller parses one at a time (or not at all). */
  readStored(cursor: string | undefined, limit: number): TelemetryPage<StoredRecord> {
    const from = cursor === undefined ? { eventSeq: 0, alertRev: 0 } : decodeCursor(cursor);
    // One read transaction: both streams and the drop counts from the same snapshot.
    return this.store.snapshot(() => this.page(from, limit));
  }

  private page(from: Cursor, limit: number): TelemetryPage<StoredRecord> {
    const alertRows = this.store.alertChangesAfter(from.alertRev, limit + 1);
    const { rows: events, cut } = this.store.eventsAfter(from.eventSeq, limit + 1, this.maxBytes);
    const alerts = alertRows.map((r) => ({ row: r, alert: JSON.parse(r.body) as Alert }));
    // Merged by time (an alert at its last change, an event at its ts column), each stream taken as a
    // prefix of its own order, so the cursor (the last seq and rev taken) says exactly what was delivered.
    // At equal times the event comes first: an alert's evidence precedes it.
    const records: StoredRecord[] = [];
    let i = 0;
    let j = 0;
    while (records.length < limit && (i < alerts.length || j < events.length)) {
      const a = alerts[i];
      const e = events[j];
      if (a && (!e || a.alert.lastTs < e[1])) {
        records.push({ type: 'alert', alert: a.alert, acked: a.row.acked === 1, key: a.row.dedupe_key, ...alertEvidence(this.store, a.alert) });
        i++;
      } else {
        records.push({ type: 'event', body: e![2] });
        j++;
      }
    }
    // A stream read to its end jumps to the end of what exists (its last seq or rev ever given), so
    // deletions past its last row are counted now and never again; one cut short stays at its last row taken.
    const alertsDone = i === alerts.length && alertRows.length <= limit;
    const eventsDone = j === events.length && events.length <= limit && !cut;
    const alertRev = alertsDone && !this.store.filtered ? Math.max(from.alertRev, this.store.lastRev()) : i > 0 ? alerts[i - 1]!.row.rev : from.alertRev;
    const eventSeq = eventsDone && !this.store.filtered ? Math.max(from.eventSeq, this.store.lastSeq()) : j > 0 ? events[j - 1]![0] : from.eventSeq;
    const dropped = this.store.filtered ? { events: 0, alerts: 0 } : {
      // Every seq in (from, eventSeq] was a stored event (event-store.ts takes no seq for a repeated id); the ones not delivered are gone.
      events: eventSeq - from.eventSeq - j,
      alerts: this.store.alertsDropped(from.alertRev, alertRev),
    };
    return { records, next: encodeCursor({ eventSeq, alertRev }), dropped, more: !alertsDone || !eventsDone };
  }
}

/**
 * An alert's evidence events the store still has (in evidence order) and what the evidence tool calls did on
 * the OS (events with their toolUseId: processes, files, connections), so a finding points at them.
 */
export function alertEvidence(store: Pick<TelemetryStore, 'eventBody' | 'effectBodies'>, a: Alert): { evidence: Event[]; effects: Event[] } {
  const evidence: Event[] = [];
  for (const id of a.evidence.slice(0, 50)) {
    const body = store.eventBody(id);
    if (body !== undefined) evidence.push(JSON.parse(body) as Event);
  }
  const effects: Event[] = [];
  const seen = new Set<string>(); // a PreToolUse and its PostToolUse name the same effects
  for (const e of evidence) {
    if (e.source !== 'hook' || !e.tool?.useId || e.sessionId === undefined) continue;
    for (const body of store.effectBodies(e.sessionId, e.tool.useId)) if (!seen.has(body)) { seen.add(body); effects.push(JSON.parse(body) as Event); }
  }
  return { evidence, effects };
}

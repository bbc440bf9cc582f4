// The console's reads: small, paged queries over the daemon's own database (daemon/store). Each returns
// plain JSON for one view; nothing here writes.
import type { Alert, Event } from '../../core/event.js';
import type { DB } from './database.js';
import { queryEvents } from './event-store.js';
import { SessionLookup } from './session-store.js';
import { TelemetryStore } from './telemetry-store.js';
import { alertEvidence } from '../fleet/telemetry-reader.js';
import { BaselineStore } from './baseline-store.js';
import { PinStore } from './pin-store.js';
import { McpSnapshotStore } from './mcp-snapshot-store.js';
import { ANOMALY_RULE } from '../../detectors/baseline/anomaly-finding.js';

export interface AlertFilter { severity?: string; tactic?: string; agent?: string; session?: string; acked?: boolean; rule?: string; before?: number; limit: number }
export type ConsoleAlert = Alert & { acked: boolean; seq: number };

interface AlertRow { seq: number; acked: number; body: string }
const alertOf = (r: AlertRow): ConsoleAlert => ({ ...(JSON.parse(r.body) as Alert), acked: r.acked === 1, seq: r.seq });

/** Alerts newest first, filtered; `next` pages on (the seq to pass as `before`). */
export function listAlerts(db: DB, f: AlertFilter): { alerts: ConsoleAlert[]; next?: number } {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, v: unknown) => { where.push(sql); args.push(v); };
  if (f.severity) add('severity = ?', f.severity);
  if (f.session) add('session_id = ?', f.session);
  if (f.rule) add('rule = ?', f.rule);
  if (f.acked !== undefined) add('acked = ?', f.acked ? 1 : 0);
  if (f.before !== undefined) add('seq < ?', f.before);
  if (f.tactic) add("json_extract(body, '$.tactic') = ?", f.tactic);
  if (f.agent) add("json_extract(body, '$.agent.kind') = ?", f.agent);
  const rows = db.prepare(`SELECT seq, acked, body FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`)
    .all(...args, f.limit + 1) as AlertRow[];
  const alerts = rows.slice(0, f.limit).map(alertOf);
  return rows.length > f.limit ? { alerts, next: alerts.at(-1)!.seq } : { alerts };
}

/** One alert with its evidence events and what the evidence tool calls did on the OS. */
export function alertDetail(db: DB, id: string): { alert: ConsoleAlert; evidence: Event[]; effects: Event[] } | undefined {
  const row = db.prepare('SELECT seq, acked, body FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
  if (!row) return undefined;
  const alert = alertOf(row);
  return { alert, ...alertEvidence(new TelemetryStore(db, {}), alert) };
}

/** Recent sessions, newest activity first, with their alert counts. */
export function listSessions(db: DB, sinceIso: string, limit: number) {
  const sessions = new SessionLookup(db).recent(sinceIso).slice(0, limit);
  const counts = db.prepare('SELECT count(*) AS n, sum(acked = 0) AS open FROM alerts WHERE session_id = ?');
  const events = db.prepare('SELECT event_count AS n FROM sessions WHERE id = ?');
  return sessions.map((s) => {
    const c = counts.get(s.id) as { n: number; open: number | null };
    return { ...s, events: (events.get(s.id) as { n: number } | undefined)?.n ?? 0, alerts: c.n, openAlerts: c.open ?? 0 };
  });
}

/**
 * A session's timeline: its events in the order they happened (hook intent and OS effects arrive by
 * different paths, so by ts, then by stored order) and its alerts. At most `limit` events, the latest.
 */
export function sessionTimeline(db: DB, id: string, limit: number) {
  const session = new SessionLookup(db).byId(id);
  if (!session) return undefined;
  const total = (db.prepare('SELECT count(*) AS n FROM events WHERE session_id = ?').get(id) as { n: number }).n;
  const afterSeq = total > limit ? (db.prepare('SELECT seq FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?').get(id, limit) as { seq: number }).seq : undefined;
  const events = queryEvents(db, { sessionId: id, afterSeq, limit })
    .sort((a, b) => (a.event.ts < b.event.ts ? -1 : a.event.ts > b.event.ts ? 1 : a.seq - b.seq)).map((s) => s.event);
  const alerts = listAlerts(db, { session: id, limit: 200 }).alerts;
  return { session, events, alerts, truncated: total > limit };
}

/** Agents seen live: agent.start events without a later agent.exit of the same process, in the last day. */
export function liveAgents(db: DB, sinceIso: string): Event[] {
  const rows = db.prepare("SELECT body FROM events WHERE kind IN ('agent.start', 'agent.exit') AND ts >= ? ORDER BY seq DESC LIMIT 2000").all(sinceIso) as { body: string }[];
  const seen = new Set<string>();
  const live: Event[] = [];
  for (const r of rows) {
    const e = JSON.parse(r.body) as Event;
    const key = e.procKey ?? String(e.pid ?? e.agent.pid ?? e.id);
    if (seen.has(key)) continue;
    seen.add(key);
    if (e.kind === 'agent.start') live.push(e);
  }
  return live;
}

/** The latest events of recent sessions (the Now view's live strip, before the stream takes over). */
export function recentEvents(db: DB, limit: number): Event[] {
  return (db.prepare('SELECT body FROM events WHERE session_id IS NOT NULL ORDER BY seq DESC LIMIT ?').all(limit) as { body: string }[])
    .map((r) => JSON.parse(r.body) as Event).reverse();
}

const top = (rec: Record<string, number>, prefix: string, n: number) => Object.entries(rec).filter(([k]) => k.startsWith(prefix))
  .sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, count]) => ({ item: k.slice(prefix.length), sessions: count }));

/** What each agent×project baseline holds, and the last anomaly raised against it. */
export function baselines(db: DB) {
  const store = new BaselineStore(db);
  const anomalies = db.prepare(`SELECT seq, acked, body FROM alerts WHERE rule = ? AND json_extract(body, '$.agent.kind') = ? ORDER BY seq DESC LIMIT 1`);
  return store.list().map((s) => {
    const m = store.loadModel(s.agent, s.project);
    const last = anomalies.get(ANOMALY_RULE, s.agent) as AlertRow | undefined;
    return {
      ...s,
      hosts: m ? top(m.items, 'host:', 30) : [],
      programs: m ? top(m.items, 'exe:', 30) : [],
      ngrams: m ? top(m.ngrams, '', 30) : [],
      minuteRates: m?.minuteRates ?? [],
      outsideReads: m?.outsideReads ?? [],
      ...(last ? { lastAnomaly: alertOf(last) } : {}),
    };
  });
}

/** The MCP inventory the config watcher keeps, the live scans' pins, and the MCP alerts (rug pulls, poisoning, findings). */
export function mcpInventory(db: DB) {
  const servers = new McpSnapshotStore(db).load().map((s) => ({ ...s, body: JSON.parse(String(s.body)) as unknown }));
  const pins = new PinStore(db).all().map((p) => ({ key: p.key, pinnedTs: p.pinnedTs, scannedTs: p.scannedTs, digest: p.digest, label: p.body.label, tools: Object.keys(p.body.tools ?? {}) }));
  const alerts = (db.prepare("SELECT seq, acked, body FROM alerts WHERE rule LIKE 'mcp-%' ORDER BY seq DESC LIMIT 200").all() as AlertRow[]).map(alertOf);
  return { servers, pins, alerts };
}

// The SQLite store on a real file: migrations, batching, group commit, a full database, retention by age and by size.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, SCHEMA_VERSION } from '../../daemon/store/database.js';
import { EventStore, applyRetention, queryAlerts, queryEvents } from '../../daemon/store/event-store.js';
import { ackAlert } from '../../daemon/store/baseline-store.js';
import { TelemetryStore } from '../../daemon/store/telemetry-store.js';
import type { Alert, Event } from '../../core/event.js';

const dirs: string[] = [];
const tmpDb = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-store-'));
  dirs.push(dir);
  return path.join(dir, 'agentwatch.db');
};
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

const alert = (i: number, ts: string): Alert => ({
  id: `a${i}`, ts, lastTs: ts, severity: 'high', tactic: 'credential-access', rule: 'secret-read', title: 'Secret read',
  reason: 'r'.repeat(2000), agent: { kind: 'claude-code' }, sessionId: `s${i}`, evidence: [], count: 1,
});
const ev = (i: number, ts: string, body = ''): Event => ({ id: `e${i}`, ts, source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, sessionId: `s${i % 3}`, command: `echo ${i} ${body}` });

describe('event store', () => {
  it('migrates a new file to the current schema and keeps data across reopen', () => {
    const file = tmpDb();
    const a = openDatabase(file);
    expect(a.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(a.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const store = new EventStore(a.db, { batchSize: 10, flushMs: 10_000, onError: (e) => { throw e; } });
    for (let i = 0; i < 25; i++) store.appendEvent(ev(i, new Date().toISOString()));
    expect(store.flushedBatches).toBe(2); // two full batches went out on their own…
    expect(store.pending).toBe(5);        // …the rest waits for the timer or a flush
    store.flush();
    a.db.close();
    const b = openDatabase(file);
    expect(queryEvents(b.db, { limit: 100 })).toHaveLength(25);
    const sessions = b.db.prepare('SELECT id, event_count FROM sessions ORDER BY id').all();
    expect(sessions).toEqual([{ id: 's0', event_count: 9 }, { id: 's1', event_count: 8 }, { id: 's2', event_count: 8 }]);
    b.db.close();
  });

  it('upgrades a schema-5 database: its events stay, and a tool call\'s OS effects are found by an index that leaves hook events out', () => {
    const file = tmpDb();
    const a = openDatabase(file);
    // Schema 5's index: every event with a toolUseId, hook events included.
    a.db.exec(`DROP INDEX events_tool_use;
      CREATE INDEX events_tool_use ON events(session_id, json_extract(body, '$.toolUseId')) WHERE json_extract(body, '$.toolUseId') IS NOT NULL;
      PRAGMA user_version = 5;`);
    const store = new EventStore(a.db, { batchSize: 100, flushMs: 10_000, onError: (e) => { throw e; } });
    const ts = new Date().toISOString();
    store.appendEvent({ ...ev(0, ts), sessionId: 's', toolUseId: 'toolu_1' });
    store.appendEvent({ id: 'p1', ts, source: 'process', kind: 'exec', agent: { kind: 'claude-code' }, sessionId: 's', toolUseId: 'toolu_1', command: 'curl x' });
    store.appendEvent({ id: 'p2', ts, source: 'process', kind: 'exec', agent: { kind: 'claude-code' }, sessionId: 's', toolUseId: 'toolu_2', command: 'ls' });
    store.flush();
    a.db.close();

    const b = openDatabase(file);
    expect(b.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(queryEvents(b.db, { limit: 10 })).toHaveLength(3);
    const effects = new TelemetryStore(b.db).effectBodies('s', 'toolu_1').map((body) => (JSON.parse(body) as Event).id);
    expect(effects).toEqual(['p1']);
    const plan = b.db.prepare(`EXPLAIN QUERY PLAN SELECT body FROM events WHERE session_id = 's' AND source != 'hook' AND json_extract(body, '$.toolUseId') = 'toolu_1'`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('USING INDEX events_tool_use');
    b.db.close();
  });

  it('deletes events older than maxAgeDays and keeps the rest', () => {
    const { db } = openDatabase(tmpDb());
    const store = new EventStore(db, { batchSize: 1000, flushMs: 10, onError: (e) => { throw e; } });
    const now = Date.parse('2026-11-23T12:00:00Z');
    for (let i = 0; i < 10; i++) store.appendEvent(ev(i, new Date(now - i * 86_400_000).toISOString()));
    store.flush();
    const r = applyRetention(db, now, 4.5, 1024 ** 3);
    expect(r.deletedEvents).toBe(5);
    expect(queryEvents(db, {}).map((s) => s.event.id)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    db.close();
  });

  it('deletes the oldest events while the database is over maxDbMB', () => {
    const { db } = openDatabase(tmpDb());
    const store = new EventStore(db, { batchSize: 1000, flushMs: 10, onError: (e) => { throw e; } });
    const ts = new Date().toISOString();
    for (let i = 0; i < 2000; i++) store.appendEvent(ev(i, ts, 'x'.repeat(2000)));
    store.flush();
    const r = applyRetention(db, Date.now(), 30, 1024 * 1024);
    expect(r.bytes).toBeLessThanOrEqual(1024 * 1024);
    const left = queryEvents(db, { limit: 5000 });
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(2000);
    expect(left[0]!.event.id).not.toBe('e0'); // the oldest went first
    expect(left.at(-1)!.event.id).toBe('e1999');
    db.close();
  });

  it('commits the writes of everyone waiting in one loop turn in one transaction (group commit)', async () => {
    const file = tmpDb();
    const { db } = openDatabase(file);
    const store = new EventStore(db, { batchSize: 500, flushMs: 60_000, onError: (e) => { throw e; } });
    const waits = Array.from({ length: 16 }, (_, i) => { store.appendEvent(ev(i, new Date().toISOString())); return store.committed(); });
    expect(store.flushedBatches).toBe(0);
    await Promise.all(waits);
    expect(store.flushedBatches).toBe(1);
    const reader = openDatabase(file).db; // another connection sees them: committed, not just queued
    expect(queryEvents(reader, {})).toHaveLength(16);
    reader.close();
    db.close();
  });

  it('on a full database sheds OS events, keeps hook events for a retry, never hangs a waiter, and recovers', async () => {
    const { db } = openDatabase(tmpDb());
    const errors: unknown[] = [];
    let recoveries = 0;
    const store = new EventStore(db, { batchSize: 500, flushMs: 10, onError: (e) => errors.push(e), onRecover: () => { recoveries++; } });
    store.appendEvent(ev(0, new Date().toISOString()));
    await store.committed();
    // SQLITE_FULL for real: the file may not grow past the pages it has.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const osEvent = (i: number): Event => ({ ...ev(i, new Date().toISOString(), 'y'.repeat(5000)), source: 'process', kind: 'exec', sessionId: undefined });
    for (let i = 1; i <= 20; i++) { store.appendEvent(ev(i, new Date().toISOString(), 'x'.repeat(5000))); store.appendEvent(osEvent(100 + i)); }
    await expect(store.committed()).rejects.toThrow(/full/i);
    expect(errors).toHaveLength(1);
    expect(store.failingSince).toBeDefined();
    expect(store.shed).toBe(20);
    expect(store.answeredUnstored).toBe(1);
    for (let i = 21; i <= 30; i++) store.appendEvent(ev(i, new Date().toISOString(), 'x'.repeat(5000)));
    store.appendEvent(osEvent(200)); // shed at once while failing (after the first probe)
    await expect(store.committed()).rejects.toThrow(/full/i);
    expect(errors).toHaveLength(1); // one episode, one report
    db.pragma('max_page_count = 1000000');
    for (let i = 0; i < 50 && recoveries === 0; i++) await new Promise((r) => setTimeout(r, 100)); // the backlog's retry timer
    expect(recoveries).toBe(1);
    expect(store.failingSince).toBeUndefined();
    expect(queryEvents(db, { limit: 100 }).map((s) => s.event.id).sort()).toEqual(Array.from({ length: 31 }, (_, i) => `e${i}`).sort());
    expect(store.lost).toBe(0);
    store.close();
    db.close();
  });

  it('deletes the oldest alerts too, acknowledged ones first, when events alone cannot bring the file under maxDbMB', () => {
    const { db } = openDatabase(tmpDb());
    const store = new EventStore(db, { batchSize: 1000, flushMs: 10, onError: (e) => { throw e; } });
    const t0 = Date.now() - 3_600_000;
    for (let i = 0; i < 10; i++) store.appendEvent(ev(i, new Date(t0).toISOString()));
    // 1,500 alerts of ~2 KB (a flood's worth, ~3.5 MB); the 100 newest are acknowledged.
    for (let i = 0; i < 1500; i++) store.saveAlert(alert(i, new Date(t0 + i * 1000).toISOString()), `k${i}`);
    store.flush();
    for (let i = 1400; i < 1500; i++) expect(ackAlert(db, `a${i}`).ok).toBe(true);
    const r = applyRetention(db, Date.now(), 30, 1024 * 1024);
    expect(r.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(r.deletedEvents).toBe(10);
    expect(queryEvents(db, {})).toEqual([]);
    const left = queryAlerts(db, { limit: 5000 }).map((s) => s.alert.id);
    expect(r.deletedAlerts).toBe(1500 - left.length);
    expect(left.length).toBeGreaterThan(0);
    expect(left.some((id) => Number(id.slice(1)) >= 1400)).toBe(false); // acknowledged went first, newest as they are
    expect(left).not.toContain('a0'); // then the oldest
    expect(left.at(-1)).toBe('a1399'); // the newest unacknowledged one stays
    db.close();
  });
});

// The telemetry cursor over a real SQLite file: pages in order, a replayed cursor gives the same page, an
// alert merged or acknowledged after it was delivered comes once more (its new version, once), and records
// retention deleted before a collector got them are counted, not skipped silently.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, openReadOnly } from '../../daemon/store/database.js';
import { EventStore, applyRetention } from '../../daemon/store/event-store.js';
import { ackAlert } from '../../daemon/store/baseline-store.js';
import { TelemetryReader, decodeCursor } from '../../daemon/fleet/telemetry-reader.js';
import type { Alert, Event } from '../../core/event.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-telemetry-'));
  dirs.push(dir);
  const file = path.join(dir, 'agentwatch.db');
  const { db } = openDatabase(file);
  const store = new EventStore(db, { batchSize: 10_000, flushMs: 10_000, onError: (e) => { throw e; } });
  return { db, store, reader: new TelemetryReader(openReadOnly(file)) };
}

const at = (min: number) => new Date(Date.UTC(2026, 0, 1, 0, min)).toISOString();
const ev = (i: number, ts = at(i)): Event => ({ id: `e${i}`, ts, source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, sessionId: 's1', tool: { name: 'Bash', input: {} } });
const alert = (i: number, ts: string, count = 1): Alert => ({
  id: `a${i}`, ts, lastTs: ts, severity: 'high', tactic: 'credential-access', rule: 'secret-read', title: 't', reason: 'r',
  agent: { kind: 'claude-code' }, sessionId: 's1', evidence: [`e${i}`], count,
});
const ids = (p: { records: ({ type: 'event'; event: Event } | { type: 'alert'; alert: Alert })[] }) => p.records.map((r) => (r.type === 'event' ? r.event.id : `${r.alert.id}x${r.alert.count}`));

describe('telemetry reader', () => {
  it('pages through events and alerts in time order; a replayed cursor gives the same page', () => {
    const { store, reader } = setup();
    for (let i = 0; i < 10; i++) store.appendEvent(ev(i));
    store.saveAlert(alert(3, at(3)), 'k3');
    store.flush();
    const p1 = reader.read(undefined, 4);
    expect(ids(p1)).toEqual(['e0', 'e1', 'e2', 'e3']);
    expect(p1.more).toBe(true);
    const p2 = reader.read(p1.next, 4);
    // The alert at 00:03 comes after its evidence e3 (same time: the event first), before e4.
    expect(ids(p2)).toEqual(['a3x1', 'e4', 'e5', 'e6']);
    expect(p2.records[0]).toMatchObject({ type: 'alert', evidence: [{ id: 'e3' }] });
    expect(ids(reader.read(p1.next, 4))).toEqual(ids(p2));
    const p3 = reader.read(p2.next, 100);
    expect(ids(p3)).toEqual(['e7', 'e8', 'e9']);
    expect(p3.more).toBe(false);
    // Nothing new: the same cursor back, an empty page.
    const p4 = reader.read(p3.next, 100);
    expect(p4.records).toEqual([]);
    expect(p4.next).toBe(p3.next);
    expect(() => reader.read('aw1_bm90LWEtY3Vyc29y', 10)).toThrow(/not a telemetry cursor/);
    expect(() => decodeCursor('1.2')).toThrow(/not a telemetry cursor/);
  });

  it('an alert merged or acknowledged after delivery comes once more, as its new version', () => {
    const { db, store, reader } = setup();
    store.saveAlert(alert(1, at(1)), 'k1');
    store.saveAlert(alert(2, at(2)), 'k2');
    store.flush();
    const p1 = reader.read(undefined, 100);
    expect(ids(p1)).toEqual(['a1x1', 'a2x1']);
    store.saveAlert({ ...alert(1, at(1), 2), lastTs: at(5) }, 'k1');
    store.flush();
    const p2 = reader.read(p1.next, 100);
    expect(ids(p2)).toEqual(['a1x2']);
    expect(ids(reader.read(p2.next, 100))).toEqual([]);
    ackAlert(db, 'a2');
    const p3 = reader.read(p2.next, 100);
    expect(p3.records).toMatchObject([{ type: 'alert', alert: { id: 'a2' }, acked: true }]);
  });

  it('counts what retention deleted before it was delivered, and delivers what is left', () => {
    const { db, store, reader } = setup();
    for (let i = 0; i < 20; i++) store.appendEvent(ev(i, i < 12 ? '2020-01-01T00:00:00.000Z' : new Date(Date.now() - 1000 + i).toISOString()));
    store.saveAlert(alert(1, '2020-01-01T00:00:00.000Z'), 'k1');
    store.saveAlert(alert(2, new Date().toISOString()), 'k2');
    store.flush();
    const p1 = reader.read(undefined, 5); // the old alert comes after its equally old events
    expect(ids(p1)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    const r = applyRetention(db, Date.now(), 30, 1024 * 1024 * 1024); // e0..e11 and a1 are older than 30 days
    expect(r.deletedEvents).toBe(12);
    const rest = reader.read(p1.next, 100);
    expect(rest.dropped).toEqual({ events: 7, alerts: 1 }); // e5..e11 and a1 were never delivered
    expect(ids(rest).filter((x) => x.startsWith('e'))).toEqual(['e12', 'e13', 'e14', 'e15', 'e16', 'e17', 'e18', 'e19']);
    expect(ids(rest)).toContain('a2x1');
    // From the very start: all the deleted ones count, the alert too.
    expect(reader.read(undefined, 100).dropped).toEqual({ events: 12, alerts: 1 });
    // Counted once: the next page from there drops nothing more.
    expect(reader.read(rest.next, 100).dropped).toEqual({ events: 0, alerts: 0 });
  });

  it('a page holds at most maxBytes of stored events (at least one), and the rest follows on the next pages', () => {
    const { db, store } = setup();
    const reader = new TelemetryReader(db, {}, 3000);
    for (let i = 0; i < 7; i++) store.appendEvent({ ...ev(i), text: 'x'.repeat(i === 3 ? 10_000 : 1000) });
    store.flush();
    const seen: string[][] = [];
    let cursor: string | undefined;
    for (let more = true; more;) {
      const p = reader.read(cursor, 100);
      seen.push(ids(p));
      cursor = p.next;
      more = p.more;
    }
    // ~1.2 kB each: two per page; the 10 kB one alone.
    expect(seen).toEqual([['e0', 'e1'], ['e2'], ['e3'], ['e4', 'e5'], ['e6']]);
  });

  it('a repeated event id takes no seq, so it is never counted as dropped', () => {
    const { store, reader } = setup();
    store.appendEvent(ev(1));
    store.appendEvent(ev(1));
    store.appendEvent(ev(2));
    store.flush();
    const p = reader.read(undefined, 10);
    expect(ids(p)).toEqual(['e1', 'e2']);
    expect(p.dropped).toEqual({ events: 0, alerts: 0 });
  });
});

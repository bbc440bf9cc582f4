// The rotating NDJSON file output over a real store on disk: whole JSON lines, 0600 files, and every
// stored event and alert exactly once across restarts, an interrupted batch and rotations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert, Event } from '../../../core/event.js';
import { openDatabase, type DB } from '../../../daemon/store/database.js';
import { EventStore } from '../../../daemon/store/event-store.js';
import { ESCALATION_WAIT_MS, NdjsonFileOutput } from '../../../daemon/outputs/ndjson-file-output.js';
import { FileOutputConfigSchema } from '../../../daemon/outputs/config.js';
import { nativeRecord, recordLine } from '../../../daemon/outputs/record.js';
import { waitFor } from '../../helpers/wait-for.js';

let dir: string;
let db: DB;
let store: EventStore;
let n = 0;

const event = (): Event => ({ id: `ev-${++n}`, ts: new Date(1_750_000_000_000 + n).toISOString(), source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, sessionId: 's1', command: `echo ${n}` });
const alert = (): Alert => {
  const ts = new Date().toISOString();
  return { id: `al-${++n}`, ts, lastTs: ts, severity: 'high', tactic: 'credential-access', rule: 'secret-read', title: 't', reason: 'r', agent: { kind: 'claude-code' }, sessionId: 's1', evidence: [], count: 1 };
};

const cfg = (over: object = {}) => FileOutputConfigSchema.parse({ enabled: true, ...over });
const telemetry = () => path.join(dir, 'telemetry');
const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; id: string; change?: string });
const allLines = (o: NdjsonFileOutput) => [...fs.readdirSync(telemetry()).filter((f) => /\.ndjson\.\d+$/.test(f)).sort().reverse().map((f) => path.join(telemetry(), f)), o.file].flatMap(lines);
const storeIds = () => [...(db.prepare('SELECT id FROM events ORDER BY seq').all() as { id: string }[]), ...(db.prepare('SELECT id FROM alerts ORDER BY seq').all() as { id: string }[])].map((r) => r.id).sort();

function put(events: number, alerts = 0): void {
  for (let i = 0; i < events; i++) store.appendEvent(event());
  for (let i = 0; i < alerts; i++) { const a = alert(); store.saveAlert(a, a.id); }
  store.flush();
}

async function drained(o: NdjsonFileOutput): Promise<void> {
  o.writeEvent(event()); // pokes it; the event itself is not in the store
  await waitFor(() => (o.health().behind === 0 ? true : undefined), 5000, 'the file to catch up with the store');
}

/** One run of the output (a daemon's life): start it, store `events` (and `alerts`), let it catch up, stop it. */
async function runOnce(events: number, alerts = 0): Promise<NdjsonFileOutput> {
  const o = new NdjsonFileOutput(telemetry(), db, cfg(), nativeRecord);
  put(events, alerts);
  await drained(o);
  await o.close();
  return o;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-file-out-'));
  db = openDatabase(path.join(dir, 'agentwatch.db')).db;
  store = new EventStore(db, { batchSize: 10_000, flushMs: 10_000, onError: () => undefined });
});
afterEach(() => { store.close(); db.close(); fs.rmSync(dir, { recursive: true, force: true }); });

describe('NDJSON file output', () => {
  const changesOf = (file: string, a: Alert) => lines(file).filter((r) => r.id === a.id).map((r) => r.change);

  it('writes what the store committed after it started, one JSON record a line through the formatter, files 0600', async () => {
    put(3); // before the first start: not the file's (export gives the past)
    const format = vi.fn(nativeRecord);
    const o = new NdjsonFileOutput(telemetry(), db, cfg(), format);
    put(4, 2);
    await drained(o);
    await o.close();
    const got = lines(o.file);
    expect(got.map((r) => r.type)).toEqual(['event', 'event', 'event', 'event', 'alert', 'alert']);
    expect(got.every((r) => typeof r.id === 'string')).toBe(true);
    expect(format).toHaveBeenCalledTimes(6);
    expect(fs.readFileSync(o.file, 'utf8').endsWith('\n')).toBe(true);
    for (const f of [o.file, `${o.file}.offset`]) expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    expect(fs.statSync(telemetry()).mode & 0o777).toBe(0o700);
  });

  it('writes an escalation as its own alert record', async () => {
    const o = new NdjsonFileOutput(telemetry(), db, cfg(), nativeRecord);
    const a = alert();
    store.saveAlert(a, a.id);
    store.flush();
    await drained(o);
    o.writeAlert({ ...a, severity: 'critical' }, a.id, 'escalated');
    o.writeAlert({ ...a, severity: 'critical', count: 3 }, a.id, 'repeat');
    await o.close();
    expect(lines(o.file).filter((r) => r.id === a.id).map((r) => r.change)).toEqual(['new', 'escalated']);
  });

  it('writes an escalation after its alert, even when the store commits the alert after the spool took the escalation', async () => {
    const o = new NdjsonFileOutput(telemetry(), db, cfg(), nativeRecord);
    const [a, b] = [alert(), alert()];
    // One hook raised `a` and escalated it at once: the spool has the escalation, the store has not committed `a` yet.
    o.writeAlert({ ...a, severity: 'critical' }, a.id, 'escalated');
    await o.durable();
    // Another alert, committed and escalated meanwhile: its new record goes out, its escalation waits behind a's.
    store.saveAlert(b, b.id);
    store.flush();
    o.writeAlert({ ...b, severity: 'critical' }, b.id, 'escalated');
    await o.durable();
    // Behind by the two escalations once the batch that wrote b's new record has settled its offset.
    await waitFor(() => (changesOf(o.file, b).length > 0 && o.health().behind === 2 ? true : undefined), 5000, "b's new record, and 2 escalations waiting");
    expect(changesOf(o.file, a)).toEqual([]);
    expect(changesOf(o.file, b)).toEqual(['new']);
    store.saveAlert(a, a.id);
    store.flush();
    await drained(o);
    await o.close();
    expect(lines(o.file).map((r) => `${r.id} ${r.change}`)).toEqual([`${b.id} new`, `${a.id} new`, `${a.id} escalated`, `${b.id} escalated`]);
  });

  it('writes an escalation alone once its alert has not reached the store for ESCALATION_WAIT_MS (lost to a crash, or deleted)', async () => {
    let now = 1_000_000;
    const o = new NdjsonFileOutput(telemetry(), db, cfg(), nativeRecord, () => now);
    const a = alert(); // never stored
    o.writeAlert({ ...a, severity: 'critical' }, a.id, 'escalated');
    await o.durable();
    const e = event();
    store.appendEvent(e);
    store.flush();
    o.writeEvent(e);
    // The batch that wrote the event looked at the escalation and kept it waiting.
    await waitFor(() => (lines(o.file).some((r) => r.id === e.id) && o.health().behind === 1 ? true : undefined), 5000, 'the event in the file, and the escalation waiting');
    expect(changesOf(o.file, a)).toEqual([]);
    now += ESCALATION_WAIT_MS;
    await drained(o);
    await o.close();
    expect(changesOf(o.file, a)).toEqual(['escalated']);
  });

  /** An output that dies after its escalations were spooled (its hook waited on durable), before its next batch. */
  async function crashAfterEscalating(escalations: Alert[]): Promise<void> {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    try {
      const dying = new NdjsonFileOutput(telemetry(), db, cfg(), nativeRecord);
      for (const a of escalations) dying.writeAlert({ ...a, severity: 'critical' }, a.id, 'escalated');
      await dying.durable();
    } finally { vi.useRealTimers(); } // its timers never fire: the process is gone
  }

  /** Stored alerts, written to the file as new by one run of the output. */
  async function storedAlerts(n: number): Promise<Alert[]> {
    const o = new NdjsonFileOutput(telemetry(), db, cfg(), nativeRecord);
    const made = Array.from({ length: n }, () => alert());
    for (const a of made) store.saveAlert(a, a.id);
    store.flush();
    await drained(o);
    await o.close();
    return made;
  }

  it('writes an escalation its hook waited for after a crash that came before the file caught up', async () => {
    const [a] = await storedAlerts(1);
    await crashAfterEscalating([a!]);
    const next = new NdjsonFileOutput(telemetry(), db, cfg(), nativeRecord);
    await drained(next);
    await next.close();
    expect(changesOf(next.file, a!)).toEqual(['new', 'escalated']);
    expect(fs.statSync(path.join(telemetry(), 'escalations.spool')).mode & 0o777).toBe(0o700);
  });

  it('writes the escalations of a batch cut short once: the lines in the file are acknowledged in the spool, the rest written', async () => {
    for (const ackedBeforeCrash of [false, true]) {
      const made = await storedAlerts(3);
      await crashAfterEscalating(made);
      // Replay what the batch did before dying: announce it in the offset, write its first escalation whole and
      // half the second (or all three and acknowledge them in the spool, just before `pending` would go).
      const spoolDir = path.join(telemetry(), 'escalations.spool');
      const seg = fs.readdirSync(spoolDir).filter((f) => f.endsWith('.spool')).sort().at(-1)!;
      const segN = Number(seg.slice(0, -'.spool'.length));
      const head = fs.existsSync(path.join(spoolDir, 'head.json')) ? JSON.parse(fs.readFileSync(path.join(spoolDir, 'head.json'), 'utf8')) as { seg: number; offset: number } : { seg: segN, offset: 0 };
      const spooled = fs.readFileSync(path.join(spoolDir, seg), 'utf8').slice(head.seg === segN ? head.offset : 0).split('\n').filter(Boolean);
      const record = (l: string) => l.slice(l.indexOf('\t') + 1); // the spool keeps the alert's id before each record
      expect(spooled).toHaveLength(3);
      const offsetFile = path.join(telemetry(), 'agentwatch.ocsf.ndjson.offset');
      const before = JSON.parse(fs.readFileSync(offsetFile, 'utf8')) as object;
      const at = { seg: segN, offset: head.seg === segN ? head.offset : 0 };
      fs.writeFileSync(offsetFile, JSON.stringify({ ...before, pending: { events: 0, alerts: 0, escalations: 3, spool: at } }));
      const file = path.join(telemetry(), 'agentwatch.ocsf.ndjson');
      if (ackedBeforeCrash) {
        fs.appendFileSync(file, spooled.map((l) => `${record(l)}\n`).join(''));
        fs.writeFileSync(path.join(spoolDir, 'head.json'), JSON.stringify({ seg: segN, offset: at.offset + spooled.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0) }));
      } else {
        fs.appendFileSync(file, `${record(spooled[0]!)}\n${record(spooled[1]!).slice(0, 30)}`);
      }
      const next = new NdjsonFileOutput(telemetry(), db, cfg(), nativeRecord);
      await drained(next);
      await next.close();
      expect(next.recovered).toBe(ackedBeforeCrash ? 3 : 1);
      for (const a of made) expect(changesOf(next.file, a)).toEqual(['new', 'escalated']);
      expect(fs.readFileSync(next.file, 'utf8').endsWith('\n')).toBe(true);
    }
  });

  it('resumes after a restart from where it stopped: what was stored meanwhile is written, nothing twice', async () => {
    await runOnce(5, 1);
    put(7, 2); // while the output is down (daemon stopping, starting)
    const second = await runOnce(3);
    expect(lines(second.file).map((r) => r.id).sort()).toEqual(storeIds());
  });

  it('after a batch cut short (crash mid-write) keeps its complete lines, drops the torn one and writes the rest once', async () => {
    const first = await runOnce(2);
    // The next batch of 5 was announced in the offset and had written 2 lines and half a third when the process died.
    const offsetFile = `${first.file}.offset`;
    const before = JSON.parse(fs.readFileSync(offsetFile, 'utf8')) as { events: number };
    put(5);
    const next = (db.prepare('SELECT body FROM events WHERE seq > ? ORDER BY seq LIMIT 3').all(before.events) as { body: string }[]).map((r) => recordLine(nativeRecord, { type: 'event', event: JSON.parse(r.body) as Event }));
    fs.writeFileSync(offsetFile, JSON.stringify({ ...before, pending: { events: 5, alerts: 0 } }));
    fs.appendFileSync(first.file, next[0]! + next[1]! + next[2]!.slice(0, 20));
    const second = await runOnce(0);
    expect(second.recovered).toBe(2);
    expect(lines(second.file).map((r) => r.id).sort()).toEqual(storeIds());
  });

  it('starts at the beginning of a new database (the old one was corrupt and moved aside) rather than waiting past the old offset', async () => {
    await runOnce(20);
    store.close(); db.close();
    for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('agentwatch.db'))) fs.rmSync(path.join(dir, f));
    db = openDatabase(path.join(dir, 'agentwatch.db')).db;
    store = new EventStore(db, { batchSize: 10_000, flushMs: 10_000, onError: () => undefined });
    const second = await runOnce(3);
    const newIds = storeIds();
    expect(lines(second.file).filter((r) => newIds.includes(r.id)).map((r) => r.id).sort()).toEqual(newIds);
  });

  it('rotates by size before a write would pass maxBytes, keeps `keep` files of whole lines, loses nothing it kept', async () => {
    const o = new NdjsonFileOutput(telemetry(), db, cfg({ maxBytes: 4096, keep: 50 }), nativeRecord);
    for (let i = 0; i < 20; i++) { put(5); await drained(o); }
    await o.close();
    const rotated = fs.readdirSync(telemetry()).filter((f) => /\.ndjson\.\d+$/.test(f));
    expect(rotated.length).toBeGreaterThan(2);
    for (const f of [...rotated.map((r) => path.join(telemetry(), r)), o.file]) {
      expect(fs.statSync(f).size).toBeLessThanOrEqual(4096);
      expect(fs.statSync(f).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(f, 'utf8').endsWith('\n')).toBe(true);
    }
    expect(allLines(o).map((r) => r.id).sort()).toEqual(storeIds());
    expect(o.rotations).toBe(rotated.length);
  });

  it('rotates by age, and deletes files past `keep`', async () => {
    let now = Date.now();
    const o = new NdjsonFileOutput(telemetry(), db, cfg({ maxAgeMinutes: 1, keep: 2 }), nativeRecord, () => now);
    for (let i = 0; i < 4; i++) { put(1); await drained(o); now += 61_000; }
    await o.close();
    expect(fs.readdirSync(telemetry()).filter((f) => /\.ndjson\.\d+$/.test(f)).sort()).toEqual(['agentwatch.ocsf.ndjson.1', 'agentwatch.ocsf.ndjson.2']);
    expect(o.rotations).toBe(3);
  });
});

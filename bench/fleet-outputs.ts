// Cost of the fleet outputs on a filled store: the telemetry file catching up with N stored events
// (records/s, and the longest the event loop was held meanwhile: what a hook waiting on it would feel),
// one osquery export rebuild, and syslog records through the spool to a loopback TCP sink. Prints a
// table and one final JSON line; asserts nothing.
//
//   node dist/bench/fleet-outputs.js          (BENCH_EVENTS=… to change N)
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Alert, Event } from '../core/event.js';
import { openDatabase } from '../daemon/store/database.js';
import { EventStore } from '../daemon/store/event-store.js';
import { NdjsonFileOutput } from '../daemon/outputs/ndjson-file-output.js';
import { SyslogOutput } from '../daemon/outputs/syslog-output.js';
import { FileOutputConfigSchema, OsqueryExportConfigSchema, SyslogOutputConfigSchema } from '../daemon/outputs/config.js';
import { nativeRecord } from '../daemon/outputs/record.js';
import { OsqueryExport } from '../daemon/fleet/osquery-export.js';

const N = Number(process.env.BENCH_EVENTS ?? 200_000);
const ALERTS = Math.max(10, Math.round(N / 40));
const SYSLOG_N = Math.min(N, 20_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-bench-fleet-'));
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));

const db = openDatabase(path.join(dir, 'agentwatch.db')).db;
const store = new EventStore(db, { batchSize: 5000, flushMs: 1000, onError: (err) => { throw err; } });
const alertOf = (i: number): Alert => {
  const ts = new Date(1_750_000_000_000 + i * 1000).toISOString();
  return { id: `al-${i}`, ts, lastTs: ts, severity: 'high', tactic: 'exfiltration', technique: 'T1048', rule: 'secret-egress', title: 'Secret read, then sent to an unknown host', reason: 'a credential file was read and then curl sent data to drop.example', agent: { kind: 'claude-code' }, sessionId: `s-${i % 2000}`, evidence: [`ev-${i}`], count: 1 };
};
for (let i = 0; i < N; i++) {
  const e: Event = { id: `ev-${i}`, ts: new Date(1_750_000_000_000 + i).toISOString(), source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, sessionId: `s-${i % 2000}`, cwd: '/home/dev/proj', command: `npm test -- --grep case-${i}`, tool: { name: 'Bash', input: { command: `npm test -- --grep case-${i}`, description: 'run the tests' } } };
  store.appendEvent(e);
  if (i % 40 === 0) { const a = alertOf(i); store.saveAlert(a, a.id); }
}
store.flush();

// The telemetry file from the store's beginning (an offset at seq 0), as after a long outage.
const telemetry = path.join(dir, 'telemetry');
fs.mkdirSync(telemetry, { mode: 0o700 });
fs.writeFileSync(path.join(telemetry, 'agentwatch.ocsf.ndjson.offset'), JSON.stringify({ events: 0, alerts: 0, ino: 0, size: 0, createdMs: Date.now() }));
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let t0 = performance.now();
const file = new NdjsonFileOutput(telemetry, db, FileOutputConfigSchema.parse({ enabled: true, maxBytes: 1024 ** 3 }), nativeRecord);
file.writeEvent({} as Event);
while (file.health().behind > 0) await new Promise((r) => setTimeout(r, 20));
const fileMs = performance.now() - t0;
loop.disable();
await file.close();

t0 = performance.now();
const osq = new OsqueryExport(db, path.join(dir, 'osquery.db'), OsqueryExportConfigSchema.parse({ enabled: true }));
const osqFirstMs = performance.now() - t0; // includes reading the agent catalog, once per process
osq.build();
const osqMs = osq.lastBuildMs;
await osq.close();

const sink = net.createServer((s) => s.resume());
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
const quiet = { warn: () => undefined, info: () => undefined };
const syslog = new SyslogOutput(path.join(dir, 'spool'), SyslogOutputConfigSchema.parse({ enabled: true, port: (sink.address() as net.AddressInfo).port, spoolMaxMB: 1024 }), nativeRecord, quiet);
await new Promise((r) => setTimeout(r, 100));
t0 = performance.now();
for (let i = 0; i < SYSLOG_N; i++) syslog.writeAlert(alertOf(N + i), 'k', 'new');
const enqueueMs = performance.now() - t0;
while (syslog.health().sent < SYSLOG_N) await new Promise((r) => setTimeout(r, 20));
const syslogMs = performance.now() - t0;
await syslog.close();
await new Promise((r) => sink.close(r));

const result = {
  events: N, alerts: ALERTS,
  file: { records: file.written, recordsPerS: rate(file.written, fileMs), bytes: fs.statSync(file.file).size, loopDelayMaxMs: Math.round(loop.max / 1e6), loopDelayP99Ms: Math.round(loop.percentile(99) / 1e6) },
  osquery: { firstBuildMs: Math.round(osqFirstMs), buildMs: osqMs, rows: osq.rows, fileBytes: fs.statSync(osq.file).size },
  syslog: { records: SYSLOG_N, recordsPerS: rate(SYSLOG_N, syslogMs), enqueueUsPerRecord: Math.round((enqueueMs * 1000) / SYSLOG_N * 10) / 10 },
};
console.log(`telemetry file: ${result.file.records} records caught up at ${result.file.recordsPerS}/s; event loop held at most ${result.file.loopDelayMaxMs} ms (p99 ${result.file.loopDelayP99Ms} ms)`);
console.log(`osquery export: a rebuild ${result.osquery.buildMs} ms for ${result.osquery.rows.alerts} alerts, ${result.osquery.rows.sessions} sessions, ${result.osquery.fileBytes} bytes (the first, which reads the agent catalog: ${result.osquery.firstBuildMs} ms)`);
console.log(`syslog: ${SYSLOG_N} alerts through the spool to a loopback sink at ${result.syslog.recordsPerS}/s; ${result.syslog.enqueueUsPerRecord} µs per record on the caller's path`);
console.log(JSON.stringify(result));
store.close();
db.close();
fs.rmSync(dir, { recursive: true, force: true });

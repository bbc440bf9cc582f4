// Pipeline throughput without HTTP: claudeCodeAdapter.normalise → Pipeline.process (redact, facts,
// detectors, session) → EventStore (batched SQLite) for N realistic PreToolUse payloads, including the
// final flush, against a raw baseline: INSERT of the same JSON bodies into the same schema in batched
// transactions of the same size. Also a per-stage breakdown over the same N events (each stage on its own,
// after the headline run), so its figures and the total describe the same mix; the store's share is the
// total minus normalise and Pipeline.process without outputs (SQLite, the alert lookups and updates).
// Prints a table and one final JSON line; asserts nothing.
//
//   node dist/bench/pipeline-throughput.js          (BENCH_EVENTS=… to change N)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../daemon/config/load.js';
import { openDatabase, type DB } from '../daemon/store/database.js';
import { EventStore } from '../daemon/store/event-store.js';
import { Pipeline } from '../daemon/pipeline.js';
import { redactEvent } from '../core/redact.js';
import { Outputs } from '../daemon/outputs/output.js';
import { StoreOutput } from '../daemon/outputs/store-output.js';
import type { Event } from '../core/event.js';
import { newEventId } from '../core/ids.js';
import { createDetectorSet, loadRulePack } from '../detectors/index.js';
import { defaultBaselineConfig } from '../detectors/baseline/config.js';
import { BaselineService } from '../daemon/baseline-service.js';
import { BaselineStore } from '../daemon/store/baseline-store.js';

const rules = loadRulePack().detector;
/** The daemon's detector set (run-daemon.ts): rules, exfiltration, sequences, and the baseline judge on this db. */
const daemonDetectors = (db: DB) =>
  createDetectorSet({ rules, extra: [new BaselineService(new BaselineStore(db), defaultBaselineConfig(), { timers: false }).judge] });
import { factsOf, type DetectionContext } from '../detectors/facts.js';
import { claudeCodeAdapter } from '../collectors/hooks/claude-code.js';
import { mixOf, payloadAt, round, type PayloadOptions } from './payloads.js';

const N = Number(process.env.BENCH_EVENTS ?? 50_000);
const BREAKDOWN_N = N; // the same events as the total: a subset's mix (and session lengths) differ
const WARMUP = 2_000;

// The daemon's ids (time-ordered, core/ids.ts): the store's index on them costs what it costs there.
const stamp = () => ({ ts: new Date().toISOString(), newId: newEventId });
const eps = (n: number, ms: number) => Math.round(n / (ms / 1000));

interface RunCounters { alertsRaised: number; findings: number; detectorErrors: number; alertLookups: number; alertLookupMs: number; storeErrors: number }

/** A pipeline wired to its outputs as the daemon wires it (lifecycle/outputs-step.ts), the store only (no stream clients). */
function buildPipeline(db: DB, ctx: DetectionContext, c: RunCounters): { pipeline: Pipeline; store: EventStore } {
  const { store: storeCfg } = parseConfig({}); // the default batch config (batchSize, flushMs)
  const store = new EventStore(db, { ...storeCfg, onError: () => { c.storeErrors++; } });
  const output = new Outputs([new StoreOutput(store)], () => { c.storeErrors++; });
  // Timed: a lookup of an earlier run's alert is a synchronous read on the hook's path.
  const findAlert = (sid: string | undefined, rule: string, key: string) => {
    const t = performance.now();
    try { return store.findAlert(sid, rule, key); } finally { c.alertLookups++; c.alertLookupMs += performance.now() - t; }
  };
  return { pipeline: new Pipeline(daemonDetectors(db), ctx, { output, findAlert, detectorError: () => { c.detectorErrors++; } }), store };
}

function runPipeline(pipeline: Pipeline, store: EventStore, payloads: readonly unknown[], c: RunCounters): number {
  const t0 = performance.now();
  for (const p of payloads) {
    const event = claudeCodeAdapter.normalise(p, stamp());
    const r = pipeline.process(event);
    c.alertsRaised += r.alerts.length;
    c.findings += r.findings.length;
  }
  store.flush();
  return performance.now() - t0;
}

function rawInsert(db: DB, rows: readonly { id: string; sid: string; body: string }[], batchSize: number): number {
  const ts = new Date().toISOString();
  const insert = db.prepare('INSERT INTO events (id, ts, session_id, agent, source, kind, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const batch = db.transaction((slice: readonly { id: string; sid: string; body: string }[]) => {
    for (const r of slice) insert.run(r.id, ts, r.sid, 'claude-code', 'hook', 'tool.call', r.body);
  });
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += batchSize) batch(rows.slice(i, i + batchSize));
  return performance.now() - t0;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

function main(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-bench-pipe-'));
  const dbs: DB[] = [];
  try {
    const home = path.join(root, 'home');
    const workspace = path.join(home, 'src', 'shop-api');
    fs.mkdirSync(workspace, { recursive: true });
    const ctx: DetectionContext = { home, egressAllow: [] };
    const opts = (tag: string): PayloadOptions => ({ home, workspace, sessionPrefix: tag, sessionEvery: 500, attackEvery: 50 });
    const batchSize = parseConfig({}).store.batchSize;

    // Inputs, built before any timing: payload objects (what JSON.parse gives the server) and their bodies.
    const bodies = Array.from({ length: N }, (_, i) => JSON.stringify(payloadAt(i, opts('run'))));
    const payloads = bodies.map((b) => JSON.parse(b) as Record<string, unknown>);
    const rawRows = payloads.map((p, i) => ({ id: newEventId(), sid: String(p.session_id), body: bodies[i]! }));
    const bodyBytes = bodies.reduce((a, b) => a + b.length, 0);

    // Warm-up on throwaway databases: JIT for every path measured below.
    {
      const warm = Array.from({ length: WARMUP }, (_, i) => payloadAt(i, opts('warm')));
      const c: RunCounters = { alertsRaised: 0, findings: 0, detectorErrors: 0, alertLookups: 0, alertLookupMs: 0, storeErrors: 0 };
      const w1 = openDatabase(path.join(root, 'warm-pipeline.db')).db; dbs.push(w1);
      const { pipeline, store } = buildPipeline(w1, ctx, c);
      runPipeline(pipeline, store, warm, c);
      const w2 = openDatabase(path.join(root, 'warm-raw.db')).db; dbs.push(w2);
      rawInsert(w2, rawRows.slice(0, WARMUP), batchSize);
    }

    // Headline: full pipeline vs raw INSERT, alternated in halves (A B B A) so drift hits both.
    const pipeDb = openDatabase(path.join(root, 'pipeline.db')).db; dbs.push(pipeDb);
    const rawDb = openDatabase(path.join(root, 'raw.db')).db; dbs.push(rawDb);
    const counters: RunCounters = { alertsRaised: 0, findings: 0, detectorErrors: 0, alertLookups: 0, alertLookupMs: 0, storeErrors: 0 };
    const { pipeline, store } = buildPipeline(pipeDb, ctx, counters);
    const half = Math.ceil(N / 2);
    let pipeMs = 0;
    let rawMs = 0;
    rawMs += rawInsert(rawDb, rawRows.slice(0, half), batchSize);
    pipeMs += runPipeline(pipeline, store, payloads.slice(0, half), counters);
    pipeMs += runPipeline(pipeline, store, payloads.slice(half), counters);
    rawMs += rawInsert(rawDb, rawRows.slice(half), batchSize);
    const storedEvents = (pipeDb.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const rawStored = (rawDb.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const alertRows = pipeDb.prepare('SELECT rule, count(*) AS n, sum(count) AS merged FROM alerts GROUP BY rule ORDER BY rule').all() as { rule: string; n: number; merged: number }[];
    const storedBytes = (pipeDb.prepare('SELECT sum(length(body)) AS b FROM events').get() as { b: number }).b;

    // Breakdown over the same payloads: each stage on its own, in the order the daemon runs them.
    const sub = payloads;
    let events: Event[] = [];
    const tNormalise = time(() => { events = sub.map((p) => claudeCodeAdapter.normalise(p, stamp())); });
    let redacted: Event[] = [];
    const tRedact = time(() => { redacted = events.map((e) => redactEvent(e)); });
    const tFacts = time(() => { for (const e of redacted) factsOf(e, ctx); });
    const tStringify = time(() => { for (const e of redacted) JSON.stringify(e); });
    const nullCounters: RunCounters = { alertsRaised: 0, findings: 0, detectorErrors: 0, alertLookups: 0, alertLookupMs: 0, storeErrors: 0 };
    const detectOnly = new Pipeline(daemonDetectors(pipeDb), ctx, {
      output: new Outputs([], () => {}), detectorError: () => { nullCounters.detectorErrors++; },
    });
    const tProcessNoStore = time(() => { for (const e of events) detectOnly.process(e); });

    const pipeEps = eps(N, pipeMs);
    const rawEps = eps(N, rawMs);
    const per = (ms: number) => round((ms * 1000) / BREAKDOWN_N, 1);
    const breakdown = {
      normalise: per(tNormalise), redact: per(tRedact), factsOf: per(tFacts),
      processNoStore: per(tProcessNoStore), detectorsAndSession: per(Math.max(0, tProcessNoStore - tRedact - tFacts)), jsonStringify: per(tStringify),
    };
    const storePart = round(pipeMs * 1000 / N - breakdown.normalise - breakdown.processNoStore, 1);

    console.log(`pipeline-throughput: ${N} Claude Code PreToolUse payloads (${(bodyBytes / N / 1024).toFixed(2)} KiB avg body), default store batch ${batchSize}`);
    console.log(`node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}; mix ${JSON.stringify(mixOf(N, opts('run')))}, new session every 500`);
    console.log('');
    console.log(`${'path'.padEnd(48)}${pad('events/s', 10)}${pad('µs/event', 10)}${pad('total ms', 10)}`);
    console.log(`${'normalise → detect → store (+ final flush)'.padEnd(48)}${pad(pipeEps, 10)}${pad(round(pipeMs * 1000 / N, 1), 10)}${pad(Math.round(pipeMs), 10)}`);
    console.log(`${'baseline: raw INSERT of the bodies, batched'.padEnd(48)}${pad(rawEps, 10)}${pad(round(rawMs * 1000 / N, 1), 10)}${pad(Math.round(rawMs), 10)}`);
    console.log(`${'ratio pipeline/baseline'.padEnd(48)}${pad(`${round(pipeEps / rawEps, 3)}x`, 10)}   (baseline is ${round(rawEps / pipeEps, 1)}x faster)`);
    console.log('');
    console.log(`stage breakdown over the same ${BREAKDOWN_N} events (µs/event): normalise ${breakdown.normalise}, redact ${breakdown.redact}, factsOf ${breakdown.factsOf}, `
      + `detectors+session ≈${breakdown.detectorsAndSession}, Pipeline.process without store ${breakdown.processNoStore}; `
      + `store (stringify ${breakdown.jsonStringify} + SQLite + alert lookups/updates) ≈${storePart} by difference`);
    console.log(`alerts raised (new or escalated): ${counters.alertsRaised}; findings: ${counters.findings}; alert rows: ${alertRows.map((a) => `${a.rule}=${a.n} (x${a.merged})`).join(', ') || 'none'}`);
    console.log(`store: ${storedEvents}/${N} events stored (${(storedBytes / 1024 / 1024).toFixed(1)} MiB JSON), ${store.flushedBatches} batches, ${counters.alertLookups} stored-alert lookups (${counters.alertLookupMs.toFixed(1)} ms on the hot path); raw baseline stored ${rawStored}; detector errors ${counters.detectorErrors}, store errors ${counters.storeErrors}`);
    console.log(JSON.stringify({
      bench: 'pipeline-throughput', node: process.version, cpus: os.cpus().length, events: N, batchSize, mix: mixOf(N, opts('run')),
      pipeline: { eventsPerS: pipeEps, usPerEvent: round(pipeMs * 1000 / N, 1), ms: Math.round(pipeMs) },
      baselineRawInsert: { eventsPerS: rawEps, usPerEvent: round(rawMs * 1000 / N, 1), ms: Math.round(rawMs) },
      ratio: round(pipeEps / rawEps, 3),
      alertsRaised: counters.alertsRaised, findings: counters.findings,
      alerts: Object.fromEntries(alertRows.map((a) => [a.rule, { alerts: a.n, findings: a.merged }])),
      store: { eventsStored: storedEvents, batches: store.flushedBatches, alertLookups: counters.alertLookups, alertLookupMs: round(counters.alertLookupMs, 1), errors: counters.storeErrors },
      breakdownUsPerEvent: { ...breakdown, storeByDifference: storePart, events: BREAKDOWN_N },
      detectorErrors: counters.detectorErrors,
    }));
  } finally {
    for (const db of dbs) { try { db.close(); } catch { /* already closed */ } }
    fs.rmSync(root, { recursive: true, force: true });
  }
}

try {
  main();
  process.exitCode = 0;
} catch (err) {
  console.error('pipeline-throughput failed:', err);
  process.exitCode = 1;
}

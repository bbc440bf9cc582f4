// Hook latency under load that never pauses: a closed loop of Claude Code PreToolUse posts on one target for
// BENCH_SECS seconds, first the empty server (the baseline), then the daemon, at concurrency 1 and 16.
// hook-latency.ts rotates its targets in rounds, so the daemon's writes pause between its rounds and its WAL
// checkpoints land there; here they land among the requests, as under a real sustained load. Prints the
// tail (p99, p99.9, max) and the waits over 20 ms with when they came, and one JSON line; asserts nothing.
//
//   npm run build && node dist/bench/sustained-load.js     (BENCH_SECS=…, BENCH_CONCURRENCY=… to change them)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { payloadAt, percentile, round } from './payloads.js';
import { postHook, startAgentwatch, startEmpty, stopProcess, type BenchProcess } from './bench-processes.js';

const SECS = Number(process.env.BENCH_SECS ?? 15);
const CONCURRENCIES = process.env.BENCH_CONCURRENCY ? [Number(process.env.BENCH_CONCURRENCY)] : [1, 16];
/** A wait this long is a stall of the target's thread (a checkpoint, a full GC), not a slow request. */
const STALL_MS = 20;
/** Driven first and not counted: a fresh target's first requests wait for its JIT and lazy loads (bench/startup.ts). */
const WARMUP_S = 2;

interface Run { requests: number; p50: number; p99: number; p999: number; max: number; stalls: number; stallsAt: [number, number][] }

async function drive(target: BenchProcess, concurrency: number, home: string, workspace: string, secs = SECS): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const stallsAt: [number, number][] = [];
  let next = 0;
  const t0 = performance.now();
  const end = t0 + secs * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const body = Buffer.from(JSON.stringify(payloadAt(next++, { home, workspace, sessionPrefix: 'sus', sessionEvery: 300, attackEvery: 50 })));
      const at = performance.now();
      await postHook(target, agent, body);
      const ms = performance.now() - at;
      latencies.push(ms);
      if (ms > STALL_MS) stallsAt.push([Math.round(at - t0), Math.round(ms)]);
    }
  }));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length, p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)),
    p999: round(percentile(latencies, 99.9)), max: round(latencies.at(-1) ?? NaN, 1), stalls: stallsAt.length, stallsAt,
  };
}

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-bench-sustained-'));
  const workspace = path.join(home, 'src', 'shop-api');
  fs.mkdirSync(workspace, { recursive: true });
  console.log(`sustained-load: ${SECS} s of Claude Code PreToolUse posts per target and concurrency, no pause between them (after ${WARMUP_S} s of warm-up each)`);
  const results: { concurrency: number; baseline: Run; agentwatch: Run }[] = [];
  try {
    for (const c of CONCURRENCIES) {
      const empty = await startEmpty();
      const baseline = await drive(empty, c, home, workspace, WARMUP_S).then(() => drive(empty, c, home, workspace)).finally(() => stopProcess(empty));
      const daemon = await startAgentwatch(home);
      const agentwatch = await drive(daemon, c, home, workspace, WARMUP_S).then(() => drive(daemon, c, home, workspace)).finally(() => stopProcess(daemon));
      results.push({ concurrency: c, baseline, agentwatch });
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  console.log(`\n${'conc'.padEnd(6)}${'target'.padEnd(12)}${'requests'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'p99.9 ms'.padStart(10)}${'max ms'.padStart(9)}  waits > ${STALL_MS} ms`);
  for (const r of results) {
    for (const [name, x] of [['baseline', r.baseline], ['agentwatch', r.agentwatch]] as const) {
      console.log(`${String(r.concurrency).padEnd(6)}${name.padEnd(12)}${String(x.requests).padStart(9)}${String(x.p50).padStart(9)}${String(x.p99).padStart(9)}${String(x.p999).padStart(10)}${String(x.max).padStart(9)}  ${x.stalls}`);
    }
    const ratio = (k: 'p99' | 'p999' | 'max') => round(r.agentwatch[k] / r.baseline[k], 2);
    console.log(`${String(r.concurrency).padEnd(6)}${'ratio aw/b'.padEnd(12)}${''.padStart(18)}${`${ratio('p99')}x`.padStart(9)}${`${ratio('p999')}x`.padStart(10)}${`${ratio('max')}x`.padStart(9)}`);
    console.log(`      agentwatch's waits over ${STALL_MS} ms, [ms into the run, ms]: ${JSON.stringify(r.agentwatch.stallsAt.slice(0, 12))}${r.agentwatch.stalls > 12 ? ' …' : ''}`);
  }
  console.log(JSON.stringify({ bench: 'sustained-load', secs: SECS, stallMs: STALL_MS, results: results.map((r) => ({ ...r, agentwatch: { ...r.agentwatch, stallsAt: r.agentwatch.stallsAt.slice(0, 50) }, baseline: { ...r.baseline, stallsAt: r.baseline.stallsAt.slice(0, 50) } })) }));
}

await main();

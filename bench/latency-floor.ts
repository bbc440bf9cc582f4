// What the hook-latency goal (p99 ≤ 2× the empty server's) leaves a hook server to spend on this machine:
// empty servers that spin a fixed number of µs of CPU per request before answering, driven like the
// daemon in bench/hook-latency.ts (the same bodies, keep-alive, concurrency 1 and 16, rotating rounds).
// A spinning server has no tail of its own (no GC, no other work): its p99 is the best any server doing
// that much per request can have here, so the largest spin within 2× is an upper bound on the daemon's
// CPU per request for the goal. Prints a table and one JSON line; asserts nothing.
import http from 'node:http';
import os from 'node:os';
import { closedLoop, startEmpty, stopProcess, postHook, type BenchProcess } from './bench-processes.js';
import { payloadAt, percentile, round } from './payloads.js';

const SPINS_US = [0, 100, 200, 400, 800];
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10000);
const ROUNDS = 10;
const CONCURRENCIES = [1, 16];

async function drive(t: BenchProcess, agent: http.Agent, bodies: readonly Buffer[], concurrency: number, into: number[]): Promise<void> {
  await closedLoop(bodies.length, concurrency, async (i) => {
    const t0 = performance.now();
    await postHook(t, agent, bodies[i]!);
    into.push(performance.now() - t0);
  });
}

async function main(): Promise<void> {
  const servers = await Promise.all(SPINS_US.map((us) => startEmpty(us)));
  const o = { home: '/home/dev', workspace: '/home/dev/src/shop-api', sessionPrefix: 'floor', sessionEvery: 300, attackEvery: 50 };
  const bodies = Array.from({ length: REQUESTS }, (_, i) => Buffer.from(JSON.stringify(payloadAt(i, o))));
  const results: { concurrency: number; spinUs: number; p50: number; p95: number; p99: number; p99Ratio: number }[] = [];
  try {
    console.log(`latency-floor: servers that spin N µs per request, then answer {}; ${REQUESTS} requests each per concurrency, ${ROUNDS} rotating rounds`);
    console.log(`node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}\n`);
    console.log('conc  spin µs    p50 ms   p95 ms   p99 ms   p99 / spin 0');
    for (const concurrency of CONCURRENCIES) {
      const agents = servers.map(() => new http.Agent({ keepAlive: true, maxSockets: concurrency }));
      for (let s = 0; s < servers.length; s++) await drive(servers[s]!, agents[s]!, bodies.slice(0, 300), concurrency, []); // warm-up
      const lat = servers.map(() => [] as number[]);
      const per = Math.ceil(REQUESTS / ROUNDS);
      for (let r = 0; r < ROUNDS; r++) {
        const order = [...servers.keys()].map((k) => (k + r) % servers.length);
        for (const s of order) await drive(servers[s]!, agents[s]!, bodies.slice(r * per, (r + 1) * per), concurrency, lat[s]!);
      }
      const p99Of0 = percentile([...lat[0]!].sort((a, b) => a - b), 99);
      SPINS_US.forEach((spinUs, s) => {
        const v = lat[s]!.sort((a, b) => a - b);
        const row = { concurrency, spinUs, p50: round(percentile(v, 50)), p95: round(percentile(v, 95)), p99: round(percentile(v, 99)), p99Ratio: round(percentile(v, 99) / p99Of0, 2) };
        results.push(row);
        console.log(`${String(concurrency).padEnd(5)} ${String(spinUs).padStart(7)} ${String(row.p50).padStart(9)} ${String(row.p95).padStart(8)} ${String(row.p99).padStart(8)}   ${row.p99Ratio}x`);
      });
      const within = results.filter((x) => x.concurrency === concurrency && x.p99Ratio <= 2).map((x) => x.spinUs);
      console.log(`      the most a server spends per request and stays within 2x at concurrency ${concurrency}: ${Math.max(...within)} µs of those tried\n`);
      for (const a of agents) a.destroy();
    }
    console.log(JSON.stringify({ bench: 'latency-floor', node: process.version, cpus: os.cpus().length, requests: REQUESTS, rounds: ROUNDS, unit: 'ms', results }));
  } finally {
    for (const s of servers) await stopProcess(s);
  }
}

await main();

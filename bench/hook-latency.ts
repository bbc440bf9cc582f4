// Hook round-trip latency: the agentwatch daemon against an empty loopback HTTP server that reads the body
// and answers `{}`. Both get the same Claude Code PreToolUse bodies over keep-alive connections, at
// concurrency 1 and 16, in rotating rounds so that machine noise lands on each. Prints a table and one
// final JSON line; asserts nothing.
//
// A third target, the durable floor (bench-processes.ts), parses each body and answers once it is committed
// to SQLite, group-committed as the daemon does, and does nothing else: what answering only after the commit
// (the reliability issue's item 1) costs by itself. "durable/b" is that cost; "aw/durable" is the rest of
// the daemon: detectors, redaction, sessions, the pollers.
//
// Four processes, as deployed: the daemon is `agentwatch daemon` (its own process, with the node flags its
// service sets, poll tier), the empty server and the durable floor are Node processes of their own, and
// this bench is the client. An earlier version ran the daemon, the empty server and the client in one
// process: each target's time then included the client's and the other server's garbage and event-loop
// turns, and the daemon ran without its own flags, which is not what an agent's hook meets.
//
// "cpu ms/req" is each server process's own CPU time per request: at concurrency 16 on a small machine the
// latency ratio follows it (the requests queue behind each other's work).
//
// Informational, after the table: what an agent with a command hook waits for, i.e. the installed
// `agentwatch hook claude-code` spawned per call (node start-up included), against the daemon vs the same
// spawn against the empty server, and the floor under both: node itself starting, reading stdin, exiting.
// And the pace of an agent: one post at a time with 10–30 ms between them, alternating the two targets. The
// closed loops above send the next post the moment the answer arrives, so neither process ever idles; an
// agent's hooks come between tool runs, and each finds both the server and the client asleep (on this VM
// a halted vCPU, which the hypervisor wakes slowly) and their caches cold (docs/performance.md).
//
//   node dist/bench/hook-latency.js     (BENCH_REQUESTS=…, BENCH_SPAWNS=…, BENCH_PACED=…, BENCH_CONCURRENCY=… to change them)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../daemon/config/load.js';
import { openReadOnly } from '../daemon/store/database.js';
import { stateFiles } from '../daemon/state-dir.js';
import { kindAt, mixOf, payloadAt, percentile, round, type PayloadOptions } from './payloads.js';
import { cliMain, closedLoop, cpuS, rssMb, sleep, startAgentwatch, startDurableFloor, startEmpty, stopProcess, type BenchProcess } from './bench-processes.js';

// Rounds of 1,000: in rounds of 300 the first requests of each round (slow for both servers, the other's
// round just ended) made most of the empty server's p99 and flattered the ratio 2× (docs/performance.md).
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const SPAWNS = Number(process.env.BENCH_SPAWNS ?? 40);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 600);
/** Posts per target at an agent's pace (one at a time, 10–30 ms apart); 0 skips it. */
const PACED = Number(process.env.BENCH_PACED ?? 600);
const ROUNDS = 10;
/** BENCH_CONCURRENCY=16 runs one setting only, e.g. to profile the daemon under it. */
const CONCURRENCIES = process.env.BENCH_CONCURRENCY ? [Number(process.env.BENCH_CONCURRENCY)] : [1, 16];
const HOOK_PATH = '/v1/hooks/claude-code';
const SESSION_EVERY = 300; // a new Claude Code session id every this many requests
const ATTACK_EVERY = 50; // one ~/.aws/credentials read + one curl to a remote IP per this many
/** The goal (docs/performance.md): the daemon's hook p99 at most this many times the empty server's, at each concurrency. */
const GOAL_P99_RATIO = 2;

type TargetName = 'baseline' | 'durable' | 'agentwatch';
interface Target { name: TargetName; port: number; pid: number }
interface Body { buf: Buffer; alerting: boolean }
interface Sample { latencies: number[]; alerting: number[]; benign: number[]; wallMs: number; cpuS: number; errors: number; denies: number; count: number }
const newSample = (): Sample => ({ latencies: [], alerting: [], benign: [], wallMs: 0, cpuS: 0, errors: 0, denies: 0, count: 0 });
/** cpuMsPerRequest: the server process's own CPU time (user+system) per request it answered. */
interface Stats { p50: number; p95: number; p99: number; mean: number; rps: number; cpuMsPerRequest: number; errors: number; requests: number }

/** The install secret every real hook post carries (daemon/hook-auth.ts); set once the daemon made it. */
let hookSecret = '';

function post(port: number, agent: http.Agent, body: Buffer): Promise<{ status: number; text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({
      host: '127.0.0.1', port, path: HOOK_PATH, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-agentwatch-hook-secret': hookSecret },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends every body to the target with `concurrency` requests in flight; returns per-request latency. */
async function drive(target: Target, agent: http.Agent, bodies: readonly Body[], concurrency: number, into: Sample): Promise<void> {
  const t0 = performance.now();
  const cpu0 = cpuS(target.pid);
  await closedLoop(bodies.length, concurrency, async (i) => {
    const body = bodies[i]!;
    try {
      const r = await post(target.port, agent, body.buf);
      into.latencies.push(r.ms);
      (body.alerting ? into.alerting : into.benign).push(r.ms);
      if (r.status !== 200) into.errors++;
      else if (r.text.includes('"deny"')) into.denies++;
    } catch {
      into.errors++;
    }
    into.count++;
  });
  into.wallMs += performance.now() - t0;
  into.cpuS += cpuS(target.pid) - cpu0;
}

/** `s` against `base`, per figure (the goal's ratio is agentwatch against the empty server). */
type Ratios = Record<'p50' | 'p95' | 'p99' | 'rps' | 'cpuMsPerRequest', number>;
const ratioOf = (s: Stats, base: Stats): Ratios => ({
  p50: round(s.p50 / base.p50, 2), p95: round(s.p95 / base.p95, 2), p99: round(s.p99 / base.p99, 2), rps: round(s.rps / base.rps, 2), cpuMsPerRequest: round(s.cpuMsPerRequest / base.cpuMsPerRequest, 2),
});

function stats(s: Sample): Stats {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return {
    p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)),
    mean: round(mean), rps: Math.round(s.count / (s.wallMs / 1000)), cpuMsPerRequest: round((s.cpuS * 1000) / Math.max(1, s.count)), errors: s.errors, requests: s.count,
  };
}

function bodies(o: PayloadOptions, from: number, n: number): Body[] {
  return Array.from({ length: n }, (_, k) => ({
    buf: Buffer.from(JSON.stringify(payloadAt(from + k, o))),
    alerting: ['secret-read', 'exfil-inline', 'exfil-taint'].includes(kindAt(from + k, o)),
  }));
}

/** Latency of the payloads that make detectors fire vs all the others (agentwatch only). */
function split(s: Sample): { alerting: { n: number; p50: number; p99: number; max: number }; benign: { n: number; p50: number; p99: number; max: number } } {
  const a = [...s.alerting].sort((x, y) => x - y);
  const b = [...s.benign].sort((x, y) => x - y);
  const sum = (v: number[]) => ({ n: v.length, p50: round(percentile(v, 50)), p99: round(percentile(v, 99)), max: round(v[v.length - 1] ?? NaN) });
  return { alerting: sum(a), benign: sum(b) };
}

const settle = sleep;

/** The floor under any command hook written in Node: a node that reads its stdin and exits. */
const NODE_FLOOR = ['-e', "process.stdin.resume(); process.stdin.on('end', () => {})"];

/** One call as a command hook makes it: `args` spawned with node, the body on stdin, until exit. */
function spawnTimed(args: readonly string[], body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'ignore', 'ignore'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${args.join(' ')} exited ${code}`))));
    child.stdin!.end(body);
  });
}

type SpawnName = Exclude<TargetName, 'durable'> | 'node';
type Percentiles = { p50: number; p90: number; p99: number };

/** One post at a time to the empty server and the daemon in turn, 10–30 ms apart (an agent between tool runs); p50/p90/p99 of each. */
async function pacedRoundTrips(targets: readonly Target[], all: readonly Body[]): Promise<Record<'baseline' | 'agentwatch', Percentiles>> {
  const ms = new Map<TargetName, number[]>(targets.map((t) => [t.name, []]));
  const agentOf = new Map(targets.map((t) => [t.name, new http.Agent({ keepAlive: true, maxSockets: 1 })]));
  try {
    for (let i = 0; i < PACED; i++) {
      const order = i % 2 === 0 ? targets : [...targets].reverse();
      for (const t of order) {
        await sleep(10 + Math.random() * 20);
        const r = await post(t.port, agentOf.get(t.name)!, all[i % all.length]!.buf);
        if (r.status === 200) ms.get(t.name)!.push(r.ms);
      }
    }
  } finally {
    for (const a of agentOf.values()) a.destroy();
  }
  const of = (name: TargetName): Percentiles => {
    const v = (ms.get(name) ?? []).sort((x, y) => x - y);
    return { p50: round(percentile(v, 50)), p90: round(percentile(v, 90)), p99: round(percentile(v, 99)) };
  };
  return { baseline: of('baseline'), agentwatch: of('agentwatch') };
}

/** Alternating spawns of `agentwatch hook claude-code` against each target, and of bare node; p50/p90 of each. */
async function spawnRoundTrips(stateDir: string, targets: readonly Target[], all: readonly Body[]): Promise<Record<SpawnName, { p50: number; p90: number }>> {
  const runs: { name: SpawnName; args: string[] }[] = [
    ...targets.filter((t) => t.name !== 'durable').map((t) => ({ name: t.name as SpawnName, args: [cliMain, 'hook', 'claude-code', '--state-dir', stateDir, '--port', String(t.port)] })),
    { name: 'node', args: NODE_FLOOR },
  ];
  const ms = new Map<SpawnName, number[]>(runs.map((r) => [r.name, []]));
  for (let i = 0; i < SPAWNS; i++) {
    const order = i % 2 === 0 ? runs : [...runs].reverse();
    for (const r of order) ms.get(r.name)!.push(await spawnTimed(r.args, all[i % all.length]!.buf));
  }
  const of = (name: SpawnName) => {
    const v = ms.get(name)!.sort((x, y) => x - y);
    return { p50: round(percentile(v, 50)), p90: round(percentile(v, 90)) };
  };
  return { baseline: of('baseline'), agentwatch: of('agentwatch'), node: of('node') };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-bench-hook-'));
  const home = path.join(root, 'home');
  const workspace = path.join(home, 'src', 'shop-api');
  fs.mkdirSync(workspace, { recursive: true });
  const processes: BenchProcess[] = [];
  const agents: http.Agent[] = [];
  try {
    // The daemon's defaults (observe mode, batch 500 / 50 ms, log level info), on a free port, poll tier.
    const config = loadConfig(undefined, { port: 0 });
    const daemon = await startAgentwatch(home);
    const base = await startEmpty();
    const floor = await startDurableFloor(root);
    processes.push(daemon, base, floor);
    const stateDir = daemon.stateDir!;
    hookSecret = daemon.secret!;
    const targets: Target[] = [
      { name: 'baseline', port: base.port, pid: base.pid },
      { name: 'durable', port: floor.port, pid: floor.pid },
      { name: 'agentwatch', port: daemon.port, pid: daemon.pid },
    ];
    const rssAtStart = { baseline: rssMb(base.pid), agentwatch: rssMb(daemon.pid) };
    const results: { concurrency: number; baseline: Stats; durable: Stats; agentwatch: Stats; ratio: Ratios; durableRatio: Ratios; overDurable: Ratios; denies: number; agentwatchByPayload: ReturnType<typeof split> }[] = [];
    const started = performance.now();

    for (const concurrency of CONCURRENCIES) {
      const opts = (tag: string): PayloadOptions => ({ home, workspace, sessionPrefix: `c${concurrency}-${tag}`, sessionEvery: SESSION_EVERY, attackEvery: ATTACK_EVERY });
      const agentOf = new Map<TargetName, http.Agent>();
      for (const t of targets) {
        const a = new http.Agent({ keepAlive: true, maxSockets: concurrency });
        agents.push(a);
        agentOf.set(t.name, a);
      }
      // Warm-up: JIT, connections, the daemon's first session/alert paths.
      const warm = bodies(opts('warm'), 0, WARMUP);
      for (const t of targets) await drive(t, agentOf.get(t.name)!, warm, concurrency, newSample());
      await settle(config.store.flushMs * 2);

      const all = bodies(opts('run'), 0, REQUESTS);
      const samples = new Map<TargetName, Sample>(targets.map((t) => [t.name, newSample()]));
      const per = Math.ceil(REQUESTS / ROUNDS);
      for (let r = 0; r < ROUNDS; r++) {
        const slice = all.slice(r * per, (r + 1) * per);
        // Rotating order (ABC, BCA, CAB, …): each target runs first, in the middle and last in turn.
        const order = [...targets.slice(r % targets.length), ...targets.slice(0, r % targets.length)];
        for (const t of order) {
          await drive(t, agentOf.get(t.name)!, slice, concurrency, samples.get(t.name)!);
          // Let deferred work finish before the other target runs (the daemon's store flushes on a
          // flushMs timer, its log is written asynchronously): it must not land in the other's round.
          await settle(config.store.flushMs * 2);
        }
      }
      const b = stats(samples.get('baseline')!);
      const d = stats(samples.get('durable')!);
      const w = stats(samples.get('agentwatch')!);
      results.push({
        concurrency, baseline: b, durable: d, agentwatch: w,
        ratio: ratioOf(w, b), durableRatio: ratioOf(d, b), overDurable: ratioOf(w, d),
        denies: samples.get('agentwatch')!.denies,
        agentwatchByPayload: split(samples.get('agentwatch')!),
      });
    }
    const elapsedS = (performance.now() - started) / 1000;
    const rssAtEnd = { baseline: rssMb(base.pid), agentwatch: rssMb(daemon.pid) };
    const pacedBodies = bodies({ home, workspace, sessionPrefix: 'paced', sessionEvery: SESSION_EVERY, attackEvery: ATTACK_EVERY }, 0, Math.min(PACED, 1000));
    const paced = PACED > 0 ? await pacedRoundTrips(targets.filter((t) => t.name !== 'durable'), pacedBodies) : undefined;
    const spawned = SPAWNS > 0 ? await spawnRoundTrips(stateDir, targets, bodies({ home, workspace, sessionPrefix: 'spawn', sessionEvery: SESSION_EVERY, attackEvery: ATTACK_EVERY }, 0, SPAWNS)) : undefined;

    // What the daemon made of it (its own view), then its stored data after a clean stop.
    const agent = new http.Agent({ keepAlive: false });
    const health = await new Promise<Record<string, unknown>>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: daemon.port, path: '/v1/health', agent }, (res) => {
        let t = '';
        res.on('data', (c) => { t += c; });
        res.on('end', () => { try { resolve(JSON.parse(t) as Record<string, unknown>); } catch (e) { reject(e); } });
      }).on('error', reject);
    });
    for (const a of agents) a.destroy();
    await stopProcess(daemon);
    const db = openReadOnly(stateFiles(stateDir).db);
    const stored = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const alertRows = db.prepare('SELECT rule, count(*) AS n, sum(count) AS merged FROM alerts GROUP BY rule ORDER BY rule').all() as { rule: string; n: number; merged: number }[];
    db.close();
    const sent = (WARMUP + REQUESTS) * CONCURRENCIES.length + PACED + SPAWNS;

    console.log(`hook-latency: POST ${HOOK_PATH}, ${REQUESTS} requests per setting (+${WARMUP} warm-up), ${ROUNDS} rotating rounds, keep-alive`);
    console.log(`node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}; the daemon (\`agentwatch daemon\`, poll tier), the empty server, the durable floor and this client are four processes`);
    console.log(`payload mix per setting ${JSON.stringify(mixOf(REQUESTS, { home, workspace, sessionPrefix: '', sessionEvery: SESSION_EVERY, attackEvery: ATTACK_EVERY }))}, new session every ${SESSION_EVERY}; daemon defaults (observe mode, store batch ${config.store.batchSize}/${config.store.flushMs} ms)`);
    console.log('');
    console.log(`${'conc'.padEnd(5)}${'target'.padEnd(12)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}${pad('mean ms', 9)}${pad('req/s', 9)}${pad('cpu ms/req', 12)}${pad('errors', 8)}`);
    for (const r of results) {
      for (const name of ['baseline', 'durable', 'agentwatch'] as const) {
        const s = r[name];
        console.log(`${String(r.concurrency).padEnd(5)}${name.padEnd(12)}${pad(s.p50.toFixed(3), 9)}${pad(s.p95.toFixed(3), 9)}${pad(s.p99.toFixed(3), 9)}${pad(s.mean.toFixed(3), 9)}${pad(s.rps, 9)}${pad(s.cpuMsPerRequest.toFixed(3), 12)}${pad(s.errors, 8)}`);
      }
      const ratioRow = (label: string, x: Ratios) => console.log(`${String(r.concurrency).padEnd(5)}${label.padEnd(12)}${pad(`${x.p50}x`, 9)}${pad(`${x.p95}x`, 9)}${pad(`${x.p99}x`, 9)}${pad('', 9)}${pad(`${x.rps}x`, 9)}${pad(`${x.cpuMsPerRequest}x`, 12)}`);
      ratioRow('ratio aw/b', r.ratio);
      ratioRow('durable/b', r.durableRatio);
      ratioRow('aw/durable', r.overDurable);
      console.log(`     goal: p99 <= ${GOAL_P99_RATIO}x the empty server's: ${r.ratio.p99}x, ${r.ratio.p99 <= GOAL_P99_RATIO ? 'met' : 'not met'}`);
      const { alerting: al, benign: bn } = r.agentwatchByPayload;
      console.log(`     agentwatch by payload: benign n=${bn.n} p50 ${bn.p50} p99 ${bn.p99} max ${bn.max} ms | detector-firing n=${al.n} p50 ${al.p50} p99 ${al.p99} max ${al.max} ms`);
      console.log('');
    }
    if (paced) {
      const { baseline: pb, agentwatch: pa } = paced;
      console.log(`an agent's pace (informational): one post at a time, 10-30 ms apart, ${PACED} to each, alternating: agentwatch p50 ${pa.p50} p90 ${pa.p90} p99 ${pa.p99} ms vs the empty server p50 ${pb.p50} p90 ${pb.p90} p99 ${pb.p99} ms (${round(pa.p50 / pb.p50, 2)}x at p50, ${round(pa.p99 / pb.p99, 2)}x at p99)`);
    }
    if (spawned) {
      const { baseline: sb, agentwatch: sa, node: sn } = spawned;
      console.log(`command hook (informational): \`agentwatch hook claude-code\` spawned per call, ${SPAWNS} each, alternating: agentwatch p50 ${sa.p50} p90 ${sa.p90} ms vs the same spawn against the empty server p50 ${sb.p50} p90 ${sb.p90} ms (${round(sa.p50 / sb.p50, 2)}x at p50); node alone (start, read stdin, exit) p50 ${sn.p50} p90 ${sn.p90} ms`);
    }
    console.log(`RSS (MB): agentwatch ${round(rssAtStart.agentwatch, 1)} after warm start -> ${round(rssAtEnd.agentwatch, 1)} after the measured rounds; empty server ${round(rssAtStart.baseline, 1)} -> ${round(rssAtEnd.baseline, 1)}`);
    console.log(`daemon: health.stats ${JSON.stringify(health.stats)}; ${stored}/${sent} events stored; alerts by rule: ${alertRows.map((a) => `${a.rule}=${a.n} (x${a.merged})`).join(', ') || 'none'}`);
    console.log(`measured phase took ${elapsedS.toFixed(1)} s`);
    console.log(JSON.stringify({
      bench: 'hook-latency', node: process.version, cpus: os.cpus().length, requestsPerSetting: REQUESTS, warmup: WARMUP, rounds: ROUNDS,
      goal: { p99Ratio: GOAL_P99_RATIO, met: results.every((r) => r.ratio.p99 <= GOAL_P99_RATIO) },
      unit: 'ms', results, paced, commandHook: spawned, rssMb: { start: rssAtStart, end: rssAtEnd }, daemon: { eventsStored: stored, eventsSent: sent, stats: health.stats, alerts: Object.fromEntries(alertRows.map((a) => [a.rule, { alerts: a.n, findings: a.merged }])) },
      elapsedS: round(elapsedS, 2),
    }));
  } finally {
    for (const a of agents) a.destroy();
    for (const p of processes) await stopProcess(p);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => { process.exitCode = 0; },
  (err: unknown) => { console.error('hook-latency failed:', err); process.exitCode = 1; },
);

// The daemon's footprint on the poll tier, against an empty Node HTTP server measured in the same run:
//   - RSS idle (10 s after start) and under sustained hook load (peak while posting, and at the end),
//     vs the 80 MB goal and as a ratio to the empty server's RSS under the same conditions;
//   - idle CPU over 30 s (utime+stime from /proc/<pid>/stat) as % of one core, vs the 1 % goal.
// Both are real child processes started the way a user starts them (the daemon: a temp HOME, the kernel
// tier off in its config, as test/helpers/daemon.ts does). Prints a table and one JSON line; asserts nothing.
// Linux only (/proc). ~80 s.
//
//   npm run build && node dist/bench/footprint.js     (BENCH_IDLE_CPU_S, BENCH_LOAD_S to change the phases)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { payloadAt, round, type PayloadOptions } from './payloads.js';
import { cpuS, postHook as post, rssMb, sleep, startAgentwatch, startEmpty, stopProcess, type BenchProcess as Target } from './bench-processes.js';

const IDLE_SETTLE_S = 10;
const IDLE_CPU_S = Number(process.env.BENCH_IDLE_CPU_S ?? 30);
const LOAD_S = Number(process.env.BENCH_LOAD_S ?? 15);
/** How long after the load the daemon gets to go idle again before "RSS after load" is read. */
const AFTER_LOAD_S = Number(process.env.BENCH_AFTER_LOAD_S ?? 10);
const CONCURRENCY = 16;
const GOAL_RSS_MB = 80;
const GOAL_IDLE_CPU_PCT = 1;

/** Claude Code PreToolUse bodies, each followed by its PostToolUse (with a tool response). */
function hookBodies(o: PayloadOptions, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; out.length < n; i++) {
    const pre = payloadAt(i, o);
    out.push(Buffer.from(JSON.stringify(pre)));
    out.push(Buffer.from(JSON.stringify({ ...pre, hook_event_name: 'PostToolUse', tool_response: { stdout: 'ok\n'.repeat(40), stderr: '', interrupted: false } })));
  }
  return out;
}

/** Posts for `seconds` with CONCURRENCY in flight, sampling RSS every 250 ms. */
async function load(t: Target, bodies: readonly Buffer[], seconds: number): Promise<{ requests: number; errors: number; peakMb: number; endMb: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const until = Date.now() + seconds * 1000;
  let next = 0, requests = 0, errors = 0, peakMb = rssMb(t.pid);
  const sampler = setInterval(() => { peakMb = Math.max(peakMb, rssMb(t.pid)); }, 250);
  const worker = async () => {
    while (Date.now() < until) {
      try { if (await post(t, agent, bodies[next++ % bodies.length]!) !== 200) errors++; } catch { errors++; }
      requests++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearInterval(sampler);
  agent.destroy();
  const endMb = rssMb(t.pid);
  return { requests, errors, peakMb: Math.max(peakMb, endMb), endMb };
}

/** The daemon's memory mode (daemon/memory-mode.ts: `fast` during a burst of hooks, `small` after it). */
interface MemoryModeHealth { mode?: string; bursts?: number; idleCollections?: number; lastCollectionMs?: number }

/** The daemon's own memory split (health component `process`): the JS heap vs the rest of its RSS; and its memory mode. */
async function daemonMemory(t: Target): Promise<{ rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; memoryMode: MemoryModeHealth }> {
  const res = await fetch(`http://127.0.0.1:${t.port}/v1/health`);
  const body = await res.json() as { components?: { process?: Record<string, number>; memory?: MemoryModeHealth } };
  const p = body.components?.process ?? {};
  return { rssMb: p.rssMb ?? NaN, heapUsedMb: p.heapUsedMb ?? NaN, heapTotalMb: p.heapTotalMb ?? NaN, externalMb: p.externalMb ?? NaN, memoryMode: body.components?.memory ?? {} };
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') { console.log('footprint: needs /proc (Linux); skipped'); return; }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-bench-footprint-'));
  const workspace = path.join(home, 'src', 'shop-api');
  fs.mkdirSync(workspace, { recursive: true });
  const targets: Target[] = [];
  try {
    targets.push(await startEmpty(), await startAgentwatch(home));
    const [empty, aw] = targets as [Target, Target];
    await sleep(IDLE_SETTLE_S * 1000);
    const idleRss = { empty: rssMb(empty.pid), agentwatch: rssMb(aw.pid) };

    const c0 = { empty: cpuS(empty.pid), agentwatch: cpuS(aw.pid) };
    const t0 = performance.now();
    await sleep(IDLE_CPU_S * 1000);
    const wallS = (performance.now() - t0) / 1000;
    const idleCpuPct = { empty: ((cpuS(empty.pid) - c0.empty) / wallS) * 100, agentwatch: ((cpuS(aw.pid) - c0.agentwatch) / wallS) * 100 };

    // Each gets the same bodies, one after the other (not at once: they would share the CPU).
    const bodies = hookBodies({ home, workspace, sessionPrefix: 'fp', sessionEvery: 300, attackEvery: 50 }, 4000);
    const loaded = { empty: await load(empty, bodies, LOAD_S), agentwatch: await load(aw, bodies, LOAD_S) };
    const endMemory = await daemonMemory(aw);
    await sleep(AFTER_LOAD_S * 1000);
    const afterRss = { empty: rssMb(empty.pid), agentwatch: rssMb(aw.pid) };
    const afterMemory = await daemonMemory(aw);

    const r = (x: number) => round(x, 1);
    const ratio = (a: number, b: number) => round(a / b, 2);
    const rows = [
      ['RSS idle (MB)', idleRss.agentwatch, idleRss.empty, GOAL_RSS_MB],
      ['RSS under load, peak (MB)', loaded.agentwatch.peakMb, loaded.empty.peakMb, GOAL_RSS_MB],
      ['RSS at the end of load (MB)', loaded.agentwatch.endMb, loaded.empty.endMb, GOAL_RSS_MB],
      [`RSS ${AFTER_LOAD_S} s after load (MB)`, afterRss.agentwatch, afterRss.empty, GOAL_RSS_MB],
      [`idle CPU over ${IDLE_CPU_S} s (% of a core)`, idleCpuPct.agentwatch, idleCpuPct.empty, GOAL_IDLE_CPU_PCT],
    ] as const;
    console.log(`footprint: agentwatch daemon (poll tier, defaults) vs an empty Node HTTP server, both child processes; node ${process.version}, ${os.cpus().length} CPU(s)`);
    console.log(`load: ${LOAD_S} s of Claude Code Pre/PostToolUse posts at concurrency ${CONCURRENCY} each (agentwatch ${loaded.agentwatch.requests} requests, ${loaded.agentwatch.errors} errors; empty ${loaded.empty.requests})`);
    console.log('');
    console.log(`${'measure'.padEnd(36)}${'agentwatch'.padStart(11)}${'empty'.padStart(8)}${'ratio'.padStart(8)}${'goal'.padStart(7)}${'vs goal'.padStart(9)}`);
    for (const [name, a, e, goal] of rows) {
      // An empty server idles at 0 ticks over the window: no ratio then.
      console.log(`${name.padEnd(36)}${String(r(a)).padStart(11)}${String(r(e)).padStart(8)}${(e > 0 ? `${ratio(a, e)}x` : '—').padStart(8)}${String(goal).padStart(7)}${`${ratio(a, goal)}x`.padStart(9)}`);
    }
    const split = (m: Awaited<ReturnType<typeof daemonMemory>>) => `RSS ${m.rssMb} = JS heap ${m.heapTotalMb} (used ${m.heapUsedMb}) + external ${m.externalMb} + the rest (code, SQLite, malloc); memory mode ${m.memoryMode.mode ?? '?'} (bursts ${m.memoryMode.bursts ?? 0}, idle GCs ${m.memoryMode.idleCollections ?? 0}${m.memoryMode.lastCollectionMs !== undefined ? `, the last ${m.memoryMode.lastCollectionMs} ms` : ''})`;
    console.log('');
    console.log(`agentwatch memory at the end of load: ${split(endMemory)}`);
    console.log(`agentwatch memory ${AFTER_LOAD_S} s after load: ${split(afterMemory)}`);
    console.log(JSON.stringify({
      bench: 'footprint', node: process.version, cpus: os.cpus().length, idleCpuS: IDLE_CPU_S, loadS: LOAD_S, concurrency: CONCURRENCY,
      goal: { rssMb: GOAL_RSS_MB, idleCpuPct: GOAL_IDLE_CPU_PCT },
      rssMb: { idle: { agentwatch: r(idleRss.agentwatch), empty: r(idleRss.empty) }, loadPeak: { agentwatch: r(loaded.agentwatch.peakMb), empty: r(loaded.empty.peakMb) }, loadEnd: { agentwatch: r(loaded.agentwatch.endMb), empty: r(loaded.empty.endMb) }, afterLoad: { agentwatch: r(afterRss.agentwatch), empty: r(afterRss.empty) } },
      daemonMemoryMb: { loadEnd: endMemory, afterLoad: afterMemory },
      idleCpuPct: { agentwatch: round(idleCpuPct.agentwatch, 2), empty: round(idleCpuPct.empty, 2) },
      requests: { agentwatch: loaded.agentwatch.requests, empty: loaded.empty.requests }, errors: loaded.agentwatch.errors,
    }));
  } finally {
    for (const t of targets) await stopProcess(t);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().then(
  () => { process.exitCode = 0; },
  (err: unknown) => { console.error('footprint failed:', err); process.exitCode = 1; },
);

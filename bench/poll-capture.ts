// What share of short-lived processes the /proc poll tier catches, per lifetime (10/50/100/500 ms),
// on the timer alone, with scanNow() right after each spawn, and with hookActivity() (scan + burst of
// fast scans) 0–20 ms *before* the spawn, as when a PreToolUse hook announces the tool call; plus the
// poller's CPU share. Printed, not asserted. Linux only.
//   npm run build && node dist/bench/poll-capture.js [processesPerCell=40] [intervalMs=100]
import { spawn } from 'node:child_process';
import pino from 'pino';
import type { Event } from '../core/event.js';
import type { CollectorContext } from '../collectors/collector.js';
import { PollConfigSchema } from '../collectors/poll/config.js';
import { createProcessPollCollector, type ProcessPollCollector } from '../collectors/poll/process-poll-collector.js';

const PER_CELL = Number(process.argv[2] ?? 40);
const INTERVAL = Number(process.argv[3] ?? 100);
const LIFETIMES = [10, 50, 100, 500];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let n = 0;
const ctx: CollectorContext = {
  log: pino({ level: 'silent' }), home: '/nonexistent', selfPid: -1, selfPaths: [],
  onHookActivity: () => {}, onWorkspace: () => {}, newId: () => `b${++n}`, now: () => new Date().toISOString(),
};

async function start(): Promise<{ c: ProcessPollCollector; events: Event[] }> {
  const events: Event[] = [];
  const c = createProcessPollCollector(PollConfigSchema.parse({ process: { intervalMs: INTERVAL } }));
  await c.start({ emit: (e) => events.push(e) }, ctx);
  return { c, events };
}

/** Spawns PER_CELL processes living `ms`, at random phases against the scan timer. */
type Mode = 'timer' | 'scanNow' | 'hook';

async function cell(ms: number, mode: Mode): Promise<{ seen: number; seenAsExe: number }> {
  const { c, events } = await start();
  const pids: number[] = [];
  const done: Promise<void>[] = [];
  for (let i = 0; i < PER_CELL; i++) {
    // `sleep` through exec (no shell): the lifetime is the sleep plus fork/exec (~1–2 ms).
    if (mode === 'hook') { c.hookActivity(); await sleep(Math.random() * 20); }
    const child = spawn('sleep', [(ms / 1000).toFixed(3)], { stdio: 'ignore' });
    if (mode === 'scanNow') c.scanNow();
    if (child.pid) pids.push(child.pid);
    done.push(new Promise((r) => child.once('exit', () => r())));
    // Hook mode: wait out the burst, so each process gets one hook's worth of fast scans, no more.
    await sleep(Math.random() * INTERVAL * 1.5 + (mode === 'hook' ? 500 : 0));
  }
  await Promise.all(done);
  await sleep(INTERVAL * 2);
  await c.stop();
  const execs = events.filter((e) => e.kind === 'exec');
  const seen = pids.filter((p) => execs.some((e) => e.pid === p)).length;
  // Seen only as a zombie (exited, not yet reaped) or mid-exit, a process has no argv left.
  const seenAsExe = pids.filter((p) => execs.some((e) => e.pid === p && e.argv?.[0] === 'sleep')).length;
  return { seen, seenAsExe };
}

async function cpuShare(ms: number): Promise<{ idle: number; busy: number; hooks: number; avgScanMs: string }> {
  const measure = async (busy: boolean, c?: ProcessPollCollector): Promise<number> => {
    const t0 = performance.now();
    const u0 = process.cpuUsage();
    let spawned = 0;
    while (performance.now() - t0 < ms) {
      if (busy) { spawn('true', [], { stdio: 'ignore' }); spawned++; } // a test loop's churn: ~20 processes/s
      if (c && spawned % 20 === 0) c.hookActivity(); // one hook tool call a second
      await sleep(busy ? 50 : 200);
    }
    const u = process.cpuUsage(u0);
    return (u.user + u.system) / 1000 / (performance.now() - t0);
  };
  const baseIdle = await measure(false);
  const baseBusy = await measure(true);
  const { c } = await start();
  const idle = await measure(false) - baseIdle;
  const busy = await measure(true) - baseBusy;
  const hooks = await measure(true, c) - baseBusy;
  const detail = c.health().detail ?? '';
  await c.stop();
  return { idle, busy, hooks, avgScanMs: /avg ([\d.]+) ms/.exec(detail)?.[1] ?? '?' };
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') { console.log('poll-capture: Linux only (reads /proc)'); return; }
  const procs = (await import('node:fs')).readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length;
  console.log(`poll-capture: ${PER_CELL} processes per cell, scan every ${INTERVAL} ms, ${procs} processes running`);
  console.log('seen at all (a zombie counts: comm only) / seen with its argv, per lifetime:');
  console.log('lifetime   timer only    scanNow after spawn   hook 0-20 ms before spawn (burst)');
  for (const ms of LIFETIMES) {
    const pct = (x: number) => `${Math.round((100 * x) / PER_CELL)}%`.padStart(4);
    const cols: string[] = [];
    for (const mode of ['timer', 'scanNow', 'hook'] as const) {
      const r = await cell(ms, mode);
      cols.push(`${pct(r.seen)} / ${pct(r.seenAsExe)}`);
    }
    console.log(`${String(ms).padStart(5)} ms  ${cols[0]}   ${cols[1]}           ${cols[2]}`);
  }
  const cpu = await cpuShare(5000);
  console.log(`CPU (share of one core, above the bench's own baseline): idle ${(cpu.idle * 100).toFixed(1)}%, `
    + `while processes spawn ~20/s ${(cpu.busy * 100).toFixed(1)}%, plus a hook tool call (burst) each second `
    + `${(cpu.hooks * 100).toFixed(1)}%; avg scan ${cpu.avgScanMs} ms`);
}

await main();

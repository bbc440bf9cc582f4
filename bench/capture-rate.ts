// Kernel tier (bpftrace) figures, printed and not asserted (needs root + bpftrace):
//  - capture rate of processes living 10/50/100/500 ms, each spawned by one bash loop;
//  - events/s sustained without loss: bursts of process spawns and of file creations, counted;
//  - bpftrace's CPU share (utime+stime from /proc/<pid>/stat) idle vs busy, and its RSS.
//
//   npm run build && node dist/bench/capture-rate.js
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Event } from '../core/event.js';
import { KernelConfigSchema } from '../collectors/kernel/config.js';
import { createKernelCollector, kernelTierUnavailable } from '../collectors/kernel/kernel-collector.js';

const TICKS = 100; // USER_HZ
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime (fields 14 and 15)
}

function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { stdio: 'ignore' });
    c.once('error', reject);
    c.once('close', () => resolve(c.pid!));
  });
}

/** Waits until `count()` stops growing (the ring buffer drained) or `ms` passed. */
async function settle(count: () => number, ms = 3000): Promise<void> {
  let last = -1;
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) {
    const n = count();
    if (n === last) return;
    last = n;
  }
}

async function main() {
  const why = kernelTierUnavailable(KernelConfigSchema.parse({}));
  if (why) { console.log(`capture-rate: skipped (${why})`); return; }
  const events: Event[] = [];
  const c = createKernelCollector({});
  let n = 0;
  const t0 = Date.now();
  await c.start({ emit: (e) => events.push(e) }, {
    log: pino({ level: 'silent' }), home: tmpdir(), selfPid: process.pid, selfPaths: [],
    onHookActivity: () => {}, onWorkspace: () => {}, newId: () => `b${++n}`, now: () => new Date().toISOString(),
  });
  const bt = c.bpftracePid()!;
  const out: Record<string, unknown> = { attachMs: Date.now() - t0, rssMB: rssMB(bt) };
  console.log(`bpftrace pid ${bt} ready in ${out.attachMs} ms, RSS ${out.rssMB} MB`);

  // Idle CPU: whatever the machine does by itself for 5 s.
  let ticks = cpuTicks(bt), wall = Date.now();
  const idleFrom = events.length;
  await sleep(5000);
  out.idleCpuPct = round((100 * (cpuTicks(bt) - ticks)) / TICKS / ((Date.now() - wall) / 1000));
  out.idleEventsPerS = round((events.length - idleFrom) / ((Date.now() - wall) / 1000));
  console.log(`idle: bpftrace CPU ${out.idleCpuPct}% of one core, ${out.idleEventsPerS} events/s from the machine itself`);

  // Capture rate per lifetime: one bash per lifetime, children are `/bin/sleep <lifetime>`.
  ticks = cpuTicks(bt); wall = Date.now();
  const rates: Record<string, string> = {};
  for (const [ms, count] of [[10, 100], [50, 40], [100, 20], [500, 8]] as const) {
    const script = `for i in $(seq 1 ${count}); do /bin/sleep ${ms / 1000}; done; true`;
    const bash = await run('/bin/bash', ['-c', script]);
    const seen = () => events.filter((e) => e.kind === 'exec' && e.ppid === bash && e.exe === '/bin/sleep').length;
    await settle(seen);
    rates[`${ms}ms`] = `${seen()}/${count}`;
  }
  out.captureByLifetime = rates;
  console.log('capture by lifetime:', rates);

  // Process bursts: 2 parallel loops of /bin/true as fast as bash can fork (exec + exit each).
  const bursts: Record<string, unknown>[] = [];
  for (const total of [1000, 4000]) {
    const before = c.health().dropped ?? 0;
    const start = Date.now();
    const pids = await Promise.all([0, 1].map(() => run('/bin/bash', ['-c', `for i in $(seq 1 ${total / 2}); do /bin/true; done; true`])));
    const elapsed = (Date.now() - start) / 1000;
    const execs = () => events.filter((e) => e.kind === 'exec' && e.exe === '/bin/true' && pids.includes(e.ppid ?? -1)).length;
    await settle(execs);
    const got = execs();
    bursts.push({ kind: 'exec', total, captured: got, lost: (c.health().dropped ?? 0) - before, eventsPerS: Math.round((2 * total) / elapsed) });
  }
  // File bursts: one python creating N files back to back (one file.write event each), far faster than
  // forks. One writer, so on a 2-core machine bpftrace and the reader keep a core: with two writers both
  // starve and the ring overflows whatever the tier does.
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-'));
  for (const total of [20_000, 100_000, 200_000]) {
    const before = c.health().dropped ?? 0;
    const burstTicks = cpuTicks(bt);
    const start = Date.now();
    const code = `import os\nfor i in range(${total}): os.close(os.open("${dir}/f%d" % (i % 1000), os.O_WRONLY | os.O_CREAT, 0o600))`;
    const pys = [await run('python3', ['-c', code])];
    const elapsed = (Date.now() - start) / 1000;
    const writes = () => events.filter((e) => e.kind === 'file.write' && pys.includes(e.pid ?? -1)).length;
    await settle(writes, 10_000);
    bursts.push({
      kind: 'file.write', total, captured: writes(), lost: (c.health().dropped ?? 0) - before, eventsPerS: Math.round(total / elapsed),
      cpuPct: round((100 * (cpuTicks(bt) - burstTicks)) / TICKS / elapsed),
    });
    events.length = 0; // keep the bench's own memory flat
  }
  rmSync(dir, { recursive: true, force: true });
  out.busyCpuPct = round((100 * (cpuTicks(bt) - ticks)) / TICKS / ((Date.now() - wall) / 1000));
  out.bursts = bursts;
  out.rssBusyMB = rssMB(bt);
  console.table(bursts);
  console.log(`busy: bpftrace CPU ${out.busyCpuPct}% of one core, RSS ${out.rssBusyMB} MB`);
  await c.stop();
  console.log(JSON.stringify(out));
}

function round(x: number): number { return Math.round(x * 10) / 10; }

main().catch((err) => { console.error(err); process.exit(1); });

// How much one process scan of the agent inventory costs with ~300 processes, against a baseline of
// only listing /proc and reading each stat in the same process; and the agent collector's CPU share at
// the default interval (5 s) and the active one (1 s). Printed, not asserted. Linux (ps-list row: any OS).
//   npm run build && node dist/bench/process-scan.js [targetProcesses=300] [cpuSeconds=20]
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { quantile } from 'simple-statistics';
import type { CollectorContext } from '../collectors/collector.js';
import { loadCatalog } from '../core/agents/catalog.js';
import { AgentsConfigSchema } from '../collectors/agents/config.js';
import { createAgentCollector } from '../collectors/agents/agent-collector.js';
import { ownTable, ProcScanner } from '../collectors/agents/proc-scan.js';
import { listWithPsList } from '../collectors/proc/ps-source.js';
import { inventoryOf } from '../collectors/agents/snapshot.js';

const TARGET = Number(process.argv[2] ?? 300);
const CPU_SECONDS = Number(process.argv[3] ?? 20);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pidCount = () => fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;

/** Runs the cases in interleaved rounds (after a warm-up), so load from other processes hits them alike. */
async function rounds(n: number, cases: Record<string, () => unknown>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = -3; i < n; i++) {
    for (const [name, fn] of Object.entries(cases)) {
      const t = process.hrtime.bigint();
      await fn();
      if (i >= 0) out[name]!.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return out;
}

function baseline(): void {
  for (const n of fs.readdirSync('/proc')) {
    if (n.charCodeAt(0) < 48 || n.charCodeAt(0) > 57) continue;
    try { fs.readFileSync(`/proc/${n}/stat`, 'latin1'); } catch { /* gone */ }
  }
}

async function cpuShare(intervalMs: number, home: string): Promise<number> {
  let n = 0;
  const ctx: CollectorContext = {
    log: pino({ level: 'silent' }), home, selfPid: process.pid, selfPaths: [],
    onHookActivity: () => {}, onWorkspace: () => {}, newId: () => `b${++n}`, now: () => new Date().toISOString(),
  };
  const c = createAgentCollector(AgentsConfigSchema.parse({ intervalMs, activeIntervalMs: intervalMs }));
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  await c.start({ emit: () => {} }, ctx);
  await sleep(CPU_SECONDS * 1000);
  await c.stop();
  const used = process.cpuUsage(cpu0);
  return (used.user + used.system) / 1000 / (Date.now() - t0);
}

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-bench-scan-'));
  // Two agent-like processes with stamped children, so the inventory has real work to do.
  const fake = path.join(dir, 'claude');
  fs.writeFileSync(fake, "#!/usr/bin/env node\nrequire('node:child_process').spawn('sleep', ['600'], { stdio: 'ignore', env: { ...process.env, CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: 'bench-session-1' } });\nsetInterval(() => {}, 1e6);\n", { mode: 0o755 });
  for (let i = 0; i < 2; i++) children.push(spawn(fake, [], { stdio: 'ignore', detached: true }));
  const need = Math.max(0, TARGET - pidCount() - 2);
  for (let i = 0; i < need; i++) children.push(spawn('sleep', ['600'], { stdio: 'ignore' }));
  await sleep(500);
  try {
    const catalog = loadCatalog();
    const home = os.homedir();
    const procs = pidCount();
    const warm = new ProcScanner(ownTable());
    await warm.scan();
    const r = await rounds(40, {
      base: baseline,
      cold: () => new ProcScanner(ownTable()).scan(),
      incremental: () => warm.scan(),
      full: async () => { const table = ownTable(); inventoryOf((await new ProcScanner(table).scan()).procs, catalog, home, table); },
      psList: listWithPsList,
    });
    const agents = inventoryOf((await warm.scan()).procs, catalog, home, warm.table).length;
    const p = (xs: number[], q: number) => quantile(xs, q).toFixed(2);
    const b50 = quantile(r.base!, 0.5);
    const row = (name: string, xs: number[]) =>
      console.log(`${name.padEnd(52)} p50 ${p(xs, 0.5).padStart(7)} ms  p95 ${p(xs, 0.95).padStart(7)} ms  ${(quantile(xs, 0.5) / b50).toFixed(1).padStart(5)}× baseline`);
    console.log(`processes: ${procs} (target ${TARGET}); agent processes recognised: ${agents}; 40 interleaved rounds`);
    row('baseline: readdir /proc + read every stat', r.base!);
    row('cold scan (stat, cmdline, exe, cwd, uid, environ)', r.cold!);
    row('incremental scan (nothing new)', r.incremental!);
    row('full inventory (cold scan + recognise + sessions)', r.full!);
    row('ps-list scan (the macOS/Windows path)', r.psList!);
    for (const [name, ms] of [['default', 5000], ['active', 1000]] as const) {
      const share = await cpuShare(ms, home);
      console.log(`agent collector CPU at the ${name} interval (${ms} ms, ${CPU_SECONDS} s): ${(share * 100).toFixed(3)}% of one core`);
    }
  } finally {
    for (const c of children) { try { process.kill(c.pid!, 'SIGKILL'); } catch { /* gone */ } }
    // The fake agents' stamped sleep children: theirs to reap, ours to end (they were detached groups).
    for (const c of children.slice(0, 2)) { try { process.kill(-c.pid!, 'SIGKILL'); } catch { /* gone */ } }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();

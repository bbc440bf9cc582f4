// The collectors' CPU share while an agent works, printed and not asserted. For each process tier
// (kernel needs root + bpftrace; poll runs anywhere) it starts the real compiled daemon with a temp
// HOME, then measures the CPU of the daemon AND its children (bpftrace) from /proc/<pid>/stat:
//  - idle: nothing happens for DURATION_S seconds;
//  - busy: an agent-like process stamped with CLAUDE_CODE_SESSION_ID runs a test loop in a scratch git
//    repo for DURATION_S seconds — `node test/run.js` (writes results in its cwd), `git status`,
//    `grep -rn`, an edit — each wrapped in PreToolUse/PostToolUse hooks posted like Claude Code does.
// The ratio compares the daemon's CPU with the agent loop's own (the agent and all its tool processes).
// A third daemon with every OS collector off (hooks only) is the baseline: what a tier costs above it is
// the collectors' share.
//
//   npm run build && node dist/bench/collector-cpu.js        (DURATION_S=20, PAUSE_MS=100 between tool calls)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { KernelConfigSchema } from '../collectors/kernel/config.js';
import { kernelTierUnavailable } from '../collectors/kernel/kernel-collector.js';

const TICKS = 100; // USER_HZ
const DURATION_MS = Number(process.env.DURATION_S ?? 20) * 1000;
const PAUSE_MS = Number(process.env.PAUSE_MS ?? 100);
const MAIN = fileURLToPath(new URL('../daemon/main.js', import.meta.url));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** utime+stime+cutime+cstime of every live process in the tree under `root` (reaped children included). */
function treeTicks(root: number): Map<number, number> {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch { /* exited meanwhile */ }
  }
  const out = new Map<number, number>();
  for (const [pid, p] of procs) {
    for (let q: number | undefined = pid; q !== undefined && q > 1; q = procs.get(q)?.ppid) {
      if (q === root) { out.set(pid, p.ticks); break; }
    }
  }
  return out;
}

const ticksSince = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, t]) => sum + t - (before.get(pid) ?? 0), 0);

// The agent: one tool call at a time, hooks around each, the way Claude Code runs a fix-test loop.
const AGENT = `
const { spawnSync } = require('node:child_process'); const fs = require('node:fs'); const crypto = require('node:crypto');
const [url, sid, durMs, pauseMs, secret] = process.argv.slice(2);
const hook = (event, tool_name, tool_input, id, extra) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-agentwatch-hook-secret': secret },
  body: JSON.stringify({ session_id: sid, transcript_path: process.cwd() + '/transcript.jsonl', cwd: process.cwd(), permission_mode: 'default',
    hook_event_name: event, tool_name, tool_input, tool_use_id: id, ...extra }) }).then((r) => r.text());
const tools = [
  ['Bash', { command: 'node test/run.js' }, () => spawnSync(process.execPath, ['test/run.js'], { stdio: 'ignore' })],
  ['Bash', { command: 'git status --porcelain' }, () => spawnSync('git', ['status', '--porcelain'], { stdio: 'ignore' })],
  ['Bash', { command: 'grep -rn TODO src' }, () => spawnSync('grep', ['-rn', 'TODO', 'src'], { stdio: 'ignore' })],
  ['Edit', null, (i) => fs.writeFileSync('src/mod' + (i % 20) + '.js', 'module.exports = (x) => x + ' + i + '; // TODO tidy\\n')],
];
(async () => {
  let calls = 0;
  for (const end = Date.now() + Number(durMs); Date.now() < end; calls++) {
    const [name, input, run] = tools[calls % tools.length];
    const args = input ?? { file_path: process.cwd() + '/src/mod' + (calls % 20) + '.js', old_string: 'x', new_string: 'x' };
    const id = 'toolu_' + crypto.randomBytes(8).toString('hex');
    await hook('PreToolUse', name, args, id);
    run(calls);
    await hook('PostToolUse', name, args, id, { tool_response: { stdout: '', stderr: '', interrupted: false } });
    await new Promise((r) => setTimeout(r, Number(pauseMs)));
  }
  const stat = fs.readFileSync('/proc/self/stat', 'utf8'); const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  console.log(JSON.stringify({ calls, ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) }));
})().catch((e) => { console.error(e.message); process.exit(1); });`;

const TEST_RUNNER = `const assert = require('node:assert'); const fs = require('node:fs'); const results = [];
for (let i = 0; i < 20; i++) { const f = require('../src/mod' + i + '.js'); assert.equal(typeof f(1), 'number'); results.push({ i, ok: true }); }
fs.writeFileSync('test-results.json', JSON.stringify(results));`;

function makeRepo(dir: string): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'test'));
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, 'src', `mod${i}.js`), `module.exports = (x) => x + ${i}; // TODO tidy\n`);
  writeFileSync(join(dir, 'test', 'run.js'), TEST_RUNNER);
  writeFileSync(join(dir, 'agent.cjs'), AGENT);
  for (const args of [['init', '-q'], ['add', '.'], ['-c', 'user.email=b@x', '-c', 'user.name=b', 'commit', '-qm', 'init']]) spawnSync('git', args, { cwd: dir });
}

type Mode = 'kernel' | 'poll' | 'hooks-only';
const MODE_CONFIG: Record<Mode, unknown> = {
  kernel: { kernel: { enabled: true } },
  poll: { kernel: { enabled: false } },
  'hooks-only': { kernel: { enabled: false }, poll: { process: { enabled: false }, network: { enabled: false } }, files: { enabled: false } },
};

async function startDaemon(home: string, mode: Mode): Promise<{ child: ChildProcess; port: number; db: string; hookSecret: string }> {
  const config = join(home, 'agentwatch-config.json');
  writeFileSync(config, JSON.stringify({ collectors: MODE_CONFIG[mode] }));
  const kernel = mode === 'kernel';
  const child = spawn(process.execPath, [MAIN, 'daemon', '--port', '0', '--config', config], { env: { PATH: process.env.PATH, HOME: home }, stdio: 'ignore' });
  const stateDir = join(home, '.local', 'state', 'agentwatch');
  // On a busy machine the kernel tier's bpftrace can take many seconds to attach before daemon.json.
  for (let i = 0; i < 1200 && !existsSync(join(stateDir, 'daemon.json')) && child.exitCode === null; i++) await sleep(50);
  if (!existsSync(join(stateDir, 'daemon.json'))) {
    child.kill('SIGTERM');
    throw new Error(`the ${mode} daemon did not start within 60 s`);
  }
  const { port } = JSON.parse(readFileSync(join(stateDir, 'daemon.json'), 'utf8')) as { port: number };
  // The kernel tier attaches bpftrace in the background; wait until health says it is active.
  for (let i = 0; kernel && i < 100; i++) {
    const h = (await (await fetch(`http://127.0.0.1:${port}/v1/health`)).json()) as { tier?: { active: string } };
    if (h.tier?.active === 'kernel') break;
    await sleep(100);
  }
  return { child, port, db: join(stateDir, 'agentwatch.db'), hookSecret: readFileSync(join(stateDir, 'hook-secret'), 'utf8').trim() };
}

function storedEvents(db: string): number {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try { return (d.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n; } finally { d.close(); }
}

async function measure(root: number, db: string, work: () => Promise<void>): Promise<{ cpuPct: number; cpuS: number; events: number; wallS: number }> {
  const before = treeTicks(root), events0 = storedEvents(db), t0 = Date.now();
  await work();
  await sleep(2000); // let the daemon flush and drain what the work queued
  const wallS = (Date.now() - t0) / 1000, cpuS = ticksSince(before, treeTicks(root)) / TICKS;
  return { cpuPct: (100 * cpuS) / wallS, cpuS, events: storedEvents(db) - events0, wallS };
}

/** Prints one line for `tier`; returns daemon CPU-s per agent CPU-s while busy. */
async function runTier(tier: Mode): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), `aw-bench-cpu-${tier}-`));
  const repo = join(home, 'proj');
  makeRepo(repo);
  const d = await startDaemon(home, tier);
  try {
    await sleep(2000); // start-up work (catalog watches, first scans) is not "idle"
    const idle = await measure(d.child.pid!, d.db, () => sleep(DURATION_MS));
    let agent = { calls: 0, ticks: 0 };
    const sid = randomUUID();
    const busy = await measure(d.child.pid!, d.db, async () => {
      const r = spawn(process.execPath, ['agent.cjs', `http://127.0.0.1:${d.port}/v1/hooks/claude-code`, sid, String(DURATION_MS), String(PAUSE_MS), d.hookSecret], {
        cwd: repo, env: { PATH: process.env.PATH, HOME: home, CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: sid }, stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      r.stdout!.on('data', (c) => { out += c; });
      await new Promise((res) => r.once('close', res));
      agent = JSON.parse(out) as typeof agent;
    });
    const agentS = agent.ticks / TICKS;
    console.log(`${tier}: idle ${fmt(idle.cpuPct)}% of a core (${idle.events} events stored, ${fmt(idle.events / idle.wallS)}/s); `
      + `busy ${fmt(busy.cpuPct)}% (${busy.events} events stored, ${fmt(busy.events / busy.wallS)}/s) while the agent made ${agent.calls} tool calls `
      + `(${agent.calls * 2} hooks) using ${fmt(agentS, 2)} CPU-s (${fmt((100 * agentS) / busy.wallS)}% of a core); `
      + `daemon CPU / agent CPU = ${fmt(busy.cpuS / agentS, 2)} (${fmt((busy.cpuS - (idle.cpuS * busy.wallS) / idle.wallS) / agentS, 2)} above idle)`);
    return busy.cpuS / agentS;
  } finally {
    d.child.kill('SIGTERM');
    await new Promise((r) => d.child.once('exit', r));
    rmSync(home, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<void> {
  console.log(`collector CPU: daemon + children (bpftrace), ${DURATION_MS / 1000} s idle and ${DURATION_MS / 1000} s of an agent test loop `
    + `(${PAUSE_MS} ms between tool calls) per daemon; CPU % of one core`);
  const base = await runTier('hooks-only');
  const why = kernelTierUnavailable(KernelConfigSchema.parse({}));
  const tiers: Mode[] = why ? ['poll'] : ['kernel', 'poll'];
  if (why) console.log(`kernel: skipped (${why})`);
  const share: string[] = [];
  for (const tier of tiers) share.push(`${tier} ${fmt((await runTier(tier)) - base, 2)}`);
  console.log(`collectors' CPU per CPU-s of agent work, above the hooks-only daemon: ${share.join(', ')}`);
}

main().catch((err: unknown) => { console.error(`collector-cpu: ${(err as Error).message}`); process.exitCode = 1; });

// What serving the web console costs an idle daemon (issue 14: ≤ 5 MB RSS when no page is open). Two real
// daemons (temp HOMEs, poll tier) start together; both idle IDLE_S; then one serves a console visit — the
// one-time link, the login, the page and its bundle, every view's API call, a cookie WebSocket opened and
// closed — and both idle IDLE_S again. The console's cost is the visited daemon's RSS growth minus the
// untouched one's (the drift of an idle daemon). Prints a table and one JSON line; asserts nothing. Linux only.
//
//   npm run build && node dist/bench/console-footprint.js     (BENCH_IDLE_S to change the idle phases)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { round } from './payloads.js';

const cliMain = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'daemon', 'main.js');
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 15);
const GOAL_MB = 5;

interface Daemon { home: string; pid: number; port: number; token: string; child: ChildProcess }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function startDaemon(): Promise<Daemon> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-bench-console-'));
  const config = path.join(home, 'agentwatch-config.json');
  fs.writeFileSync(config, JSON.stringify({ collectors: { kernel: { enabled: false } } }));
  const child = spawn(process.execPath, [cliMain, 'daemon', '--port', '0', '--config', config], { env: { PATH: process.env.PATH, HOME: home }, stdio: 'ignore' });
  const state = path.join(home, '.local', 'state', 'agentwatch');
  for (let i = 0; i < 600; i++) {
    try {
      const info = JSON.parse(fs.readFileSync(path.join(state, 'daemon.json'), 'utf8')) as { pid: number; port: number };
      if (info.pid === child.pid) return { home, pid: info.pid, port: info.port, token: fs.readFileSync(path.join(state, 'token'), 'utf8').trim(), child };
    } catch { /* not yet */ }
    await sleep(50);
  }
  throw new Error('daemon did not start within 30 s');
}

/** One console visit, as a browser makes it. */
async function visit(d: Daemon): Promise<void> {
  const base = `http://127.0.0.1:${d.port}`;
  const { url } = (await (await fetch(`${base}/v1/console/link`, { method: 'POST', headers: { authorization: `Bearer ${d.token}` } })).json()) as { url: string };
  const login = await fetch(url, { redirect: 'manual' });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const origin = base;
  for (const p of ['/', '/app.js', '/app.css', '/v1/console/agents', '/v1/console/alerts', '/v1/console/baselines', '/v1/console/mcp', '/v1/console/sessions']) {
    const res = await fetch(`${base}${p}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
    await res.arrayBuffer();
  }
  await new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${d.port}/v1/stream`, { headers: { cookie, origin } });
    ws.on('message', () => { ws.close(); });
    ws.on('close', () => resolve());
    ws.on('error', reject);
  });
}

const [control, visited] = await Promise.all([startDaemon(), startDaemon()]);
try {
  await sleep(IDLE_S * 1000);
  const before = { control: rssMb(control.pid), visited: rssMb(visited.pid) };
  await visit(visited);
  await sleep(IDLE_S * 1000);
  const after = { control: rssMb(control.pid), visited: rssMb(visited.pid) };
  const cost = (after.visited - before.visited) - (after.control - before.control);
  const rows = [
    ['untouched daemon', before.control, after.control],
    ['console visited', before.visited, after.visited],
  ] as const;
  console.log(`${'daemon'.padEnd(20)}${'RSS idle MB'.padStart(14)}${'RSS later MB'.padStart(14)}`);
  for (const [name, b, a] of rows) console.log(`${name.padEnd(20)}${b.toFixed(1).padStart(14)}${a.toFixed(1).padStart(14)}`);
  console.log(`console cost once no page is open: ${cost.toFixed(1)} MB (goal ≤ ${GOAL_MB} MB)`);
  console.log(JSON.stringify({ bench: 'console-footprint', idleS: IDLE_S, before: { control: round(before.control), visited: round(before.visited) }, after: { control: round(after.control), visited: round(after.visited) }, costMb: round(cost), goalMb: GOAL_MB }));
} finally {
  for (const d of [control, visited]) { d.child.kill('SIGTERM'); }
  await sleep(500);
  for (const d of [control, visited]) fs.rmSync(d.home, { recursive: true, force: true });
}

// The processes the footprint, session-memory and hook-latency benches measure: the agentwatch daemon started as a user's
// service starts it (`agentwatch daemon`, its own process, with the V8 flags that command sets), and an
// empty Node HTTP server (its own process) as the baseline. The bench itself is the client, a third process.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_ENV } from '../installer/service.js';

export const cliMain = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'daemon', 'main.js');

// The empty server: reads the whole body, answers `{}`.
const EMPTY_SERVER = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { Buffer.concat(chunks); res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2, 'cache-control': 'no-store' }); res.end('{}'); });
});
s.keepAliveTimeout = 5000;
s.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: s.address().port }) + '\\n'));
process.on('SIGTERM', () => process.exit(0));`;

export interface BenchProcess {
  name: 'empty' | 'agentwatch';
  pid: number;
  port: number;
  child: ChildProcess;
  /** The hooks' install secret (agentwatch only). */
  secret?: string;
  /** Its state dir (agentwatch only). */
  stateDir?: string;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const CLK_TCK = 100;
/** utime+stime in seconds (fields 14 and 15; the comm before ") " may hold spaces). */
export function cpuS(pid: number): number {
  const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

export async function startEmpty(): Promise<BenchProcess> {
  const child = spawn(process.execPath, ['-e', EMPTY_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString()));
    child.once('exit', (code) => reject(new Error(`empty server exited ${code}`)));
  });
  return { name: 'empty', pid: child.pid!, port: (JSON.parse(line) as { port: number }).port, child };
}

/** The state dir `agentwatch daemon` uses under this HOME. */
export const stateDirIn = (home: string) => path.join(home, '.local', 'state', 'agentwatch');

/**
 * `agentwatch daemon --port 0` with a temp HOME, the environment its service unit sets (SERVICE_ENV) and
 * the kernel tier off (the poll tier); `config` adds keys to that config. BENCH_DAEMON_NODE_ARGS (space-separated)
 * goes to the daemon's node, e.g. `--cpu-prof` to profile it under the bench's load; BENCH_DAEMON_CONFIG (JSON)
 * adds config keys, e.g. to see what the pollers cost; BENCH_DAEMON_ENV (JSON) adds environment variables;
 * BENCH_DAEMON_OUT (a file) takes the daemon's stdout and stderr, e.g. with `--trace-gc`.
 */
export async function startAgentwatch(home: string, config: Record<string, unknown> = {}): Promise<BenchProcess> {
  const nodeArgs = (process.env.BENCH_DAEMON_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const file = path.join(home, 'agentwatch-config.json');
  const extra = JSON.parse(process.env.BENCH_DAEMON_CONFIG ?? '{}') as Record<string, unknown>;
  const merged = { ...config, ...extra } as { collectors?: Record<string, unknown> };
  fs.writeFileSync(file, JSON.stringify({ ...merged, collectors: { ...merged.collectors, kernel: { enabled: false } } }));
  const out = process.env.BENCH_DAEMON_OUT ? fs.openSync(process.env.BENCH_DAEMON_OUT, 'w') : undefined;
  const child = spawn(process.execPath, [...nodeArgs, cliMain, 'daemon', '--port', '0', '--config', file], { env: { PATH: process.env.PATH, HOME: home, ...SERVICE_ENV, ...JSON.parse(process.env.BENCH_DAEMON_ENV ?? '{}') as Record<string, string> }, stdio: out === undefined ? 'ignore' : ['ignore', out, out] });
  if (out !== undefined) fs.closeSync(out); // the daemon has its own copy
  const stateDir = stateDirIn(home);
  const info = path.join(stateDir, 'daemon.json');
  for (let i = 0; !fs.existsSync(info); i++) {
    if (child.exitCode !== null || i > 400) throw new Error(`daemon did not start (exit ${child.exitCode})`);
    await sleep(50);
  }
  const { port, pid } = JSON.parse(fs.readFileSync(info, 'utf8')) as { port: number; pid: number };
  const secret = fs.readFileSync(path.join(stateDir, 'hook-secret'), 'utf8').trim();
  return { name: 'agentwatch', pid, port, child, secret, stateDir };
}

/** SIGTERM, and waits (up to 10 s) for it to exit: the daemon commits and removes daemon.json on the way. */
export async function stopProcess(p: BenchProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
}

/** One Claude Code hook post over `agent`, with the install secret when the target has one; resolves with the status. */
export function postHook(t: BenchProcess, agent: http.Agent, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': body.length, ...(t.secret ? { 'x-agentwatch-hook-secret': t.secret } : {}) };
    const req = http.request({ host: '127.0.0.1', port: t.port, path: '/v1/hooks/claude-code', method: 'POST', agent, headers },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); res.on('error', reject); });
    req.on('error', reject);
    req.end(body);
  });
}

// The processes the footprint, session-memory and hook-latency benches measure: the agentwatch daemon
// started as a user's service starts it (`agentwatch daemon`, its own process, with the node flags of its
// service and the V8 flags that command sets), an empty Node HTTP server (its own process) as the
// baseline, and a durable floor (below). The bench itself is the client, in a process of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAEMON_NODE_FLAGS, SERVICE_ENV } from '../installer/service.js';

export const cliMain = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'daemon', 'main.js');

// The empty server: reads the whole body, answers `{}`. Given a number of µs it first spins that long: a
// server that only computes, with none of a real one's tail (bench/latency-floor.ts).
const EMPTY_SERVER = `
const http = require('node:http');
const spinNs = BigInt(Math.round(Number(process.argv[1] ?? 0) * 1000));
const s = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    Buffer.concat(chunks);
    if (spinNs > 0n) { const t = process.hrtime.bigint(); while (process.hrtime.bigint() - t < spinNs); }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2, 'cache-control': 'no-store' });
    res.end('{}');
  });
});
s.keepAliveTimeout = 5000;
s.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: s.address().port }) + '\\n'));
process.on('SIGTERM', () => process.exit(0));`;

// The durable floor: what item 1 of the reliability issue asks of any hook server, and nothing else. It
// parses the body and answers only once it is committed to SQLite (WAL, synchronous=NORMAL, one row per
// request), with the daemon's group commit: every request of one event-loop turn shares a transaction.
// It never checkpoints the WAL (the WAL grows for the bench's length): a lower bound, where SQLite's own
// checkpoints inside commits made its p99 at concurrency 16 higher than the daemon's, which checkpoints in
// the gaps between writes. argv: better-sqlite3's path, the database file.
const DURABLE_SERVER = `
const http = require('node:http');
const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
db.exec('CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO events (body) VALUES (?)');
const commit = db.transaction((rows) => { for (const r of rows) insert.run(r); });
let rows = [], waiting = [];
const flush = () => { const r = rows, w = waiting; rows = []; waiting = []; commit(r); for (const answer of w) answer(); };
const s = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    rows.push(JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    const answer = () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2, 'cache-control': 'no-store' }); res.end('{}'); };
    if (waiting.push(answer) === 1) setImmediate(flush);
  });
});
s.keepAliveTimeout = 5000;
s.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: s.address().port }) + '\\n'));
process.on('SIGTERM', () => { db.close(); process.exit(0); });`;

export interface BenchProcess {
  name: 'empty' | 'durable' | 'agentwatch';
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

export const startEmpty = (spinUs = 0): Promise<BenchProcess> => startServer('empty', [EMPTY_SERVER, String(spinUs)]);

/** The durable floor (DURABLE_SERVER), its database in `dir`. */
export const startDurableFloor = (dir: string): Promise<BenchProcess> =>
  startServer('durable', [DURABLE_SERVER, createRequire(import.meta.url).resolve('better-sqlite3'), path.join(dir, 'durable-floor.db')]);

/** `node -e script args…`, which prints its port as one JSON line once it listens. */
async function startServer(name: 'empty' | 'durable', script: string[]): Promise<BenchProcess> {
  const child = spawn(process.execPath, ['-e', ...script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString()));
    child.once('exit', (code) => reject(new Error(`${name} server exited ${code}`)));
  });
  return { name, pid: child.pid!, port: (JSON.parse(line) as { port: number }).port, child };
}

/** The state dir `agentwatch daemon` uses under this HOME. */
export const stateDirIn = (home: string) => path.join(home, '.local', 'state', 'agentwatch');

/**
 * `agentwatch daemon --port 0` with a temp HOME, the node flags and environment its service unit sets
 * (DAEMON_NODE_FLAGS, SERVICE_ENV) and the kernel tier off (the poll tier); `config` adds keys to that
 * config. BENCH_DAEMON_NODE_ARGS (space-separated) goes to the daemon's node after those flags (a later
 * flag wins): `--v8-pool-size=4` to compare, `--cpu-prof` to profile it under the bench's load;
 * BENCH_DAEMON_CONFIG (JSON) adds config keys, e.g. to see what the pollers cost; BENCH_DAEMON_ENV (JSON) adds environment variables;
 * BENCH_DAEMON_OUT (a file) takes the daemon's stdout and stderr, e.g. with `--trace-gc`.
 */
export async function startAgentwatch(home: string, config: Record<string, unknown> = {}): Promise<BenchProcess> {
  const nodeArgs = (process.env.BENCH_DAEMON_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const file = path.join(home, 'agentwatch-config.json');
  const extra = JSON.parse(process.env.BENCH_DAEMON_CONFIG ?? '{}') as Record<string, unknown>;
  const merged = { ...config, ...extra } as { collectors?: Record<string, unknown> };
  fs.writeFileSync(file, JSON.stringify({ ...merged, collectors: { ...merged.collectors, kernel: { enabled: false } } }));
  const out = process.env.BENCH_DAEMON_OUT ? fs.openSync(process.env.BENCH_DAEMON_OUT, 'w') : undefined;
  const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, ...nodeArgs, cliMain, 'daemon', '--port', '0', '--config', file], { env: { PATH: process.env.PATH, HOME: home, ...SERVICE_ENV, ...JSON.parse(process.env.BENCH_DAEMON_ENV ?? '{}') as Record<string, string> }, stdio: out === undefined ? 'ignore' : ['ignore', out, out] });
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

/** Calls `send` for 0..n-1 with `concurrency` calls in flight, each next one when one is answered: a closed loop. */
export async function closedLoop(n: number, concurrency: number, send: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => { while (next < n) await send(next++); };
  await Promise.all(Array.from({ length: concurrency }, worker));
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

// Starts the real, compiled agentwatch daemon as a child process with a temporary HOME and state
// dir, the way a user runs it, and gives tests its port, token and files.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { cleanEnv } from './run-cli.js';
import type { Event } from '../../core/event.js';

import { repoRoot } from './repo-root.js';

export { repoRoot };
export const cliMain = path.join(repoRoot, 'dist', 'daemon', 'main.js');

export interface TestDaemon {
  home: string;
  stateDir: string;
  port: number;
  token: string;
  pid: number;
  child: ChildProcess;
  output: () => string;
  url: (p: string) => string;
  /** SIGTERM and wait for exit; resolves with the exit code (null when a signal ended it). */
  stop(): Promise<number | null>;
}

export function makeHome(prefix = 'aw-home-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * `kernel: true` runs the kernel tier (bpftrace, root): it takes ~2 s to attach and a core while busy,
 * so only the tests about OS events ask for it; the others get the poll tier.
 */
export async function startDaemon(opts: { home?: string; args?: string[]; config?: Record<string, unknown>; kernel?: boolean; env?: Record<string, string> } = {}): Promise<TestDaemon> {
  const home = opts.home ?? makeHome();
  const stateDir = path.join(home, '.local', 'state', 'agentwatch');
  const args = [cliMain, 'daemon', '--port', '0', ...(opts.args ?? [])];
  // Tests judge verdicts, not this machine's speed under a parallel suite: a generous decision budget
  // unless the test sets one (the budget's own behaviour is tested with a tiny one).
  const policy = { decisionBudgetMs: 5000, ...(opts.config?.policy as Record<string, unknown> | undefined) };
  const config = { collectors: { kernel: { enabled: opts.kernel === true } }, ...opts.config, policy };
  const file = path.join(home, 'agentwatch-config.json');
  fs.writeFileSync(file, JSON.stringify(config));
  args.push('--config', file);
  // No IT policy unless the test gives one: the machine's /etc/agentwatch/policy.yaml must not steer a test daemon.
  const env = cleanEnv({ HOME: home, AGENTWATCH_POLICY: path.join(home, 'no-it-policy.yaml'), ...opts.env });
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const infoFile = path.join(stateDir, 'daemon.json');
  // This child's daemon.json: one left by a daemon that was killed (kill -9) names another pid.
  const ours = () => { try { const i = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { port: number; pid: number }; return i.pid === child.pid ? i : undefined; } catch { return undefined; } };
  let info = ours();
  // Up to 30 s: a 2-core machine shared with other test runs (load 30+) has taken over 10 s to start it.
  for (let i = 0; i < 600 && !info; i++) {
    if (child.exitCode !== null) throw new Error(`daemon exited ${child.exitCode}: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
    info = ours();
  }
  if (!info) { child.kill('SIGKILL'); throw new Error(`daemon did not announce itself within 30 s: ${out}`); }
  const token = fs.readFileSync(path.join(stateDir, 'token'), 'utf8').trim();
  return {
    home, stateDir, port: info.port, token, pid: info.pid, child, output: () => out,
    url: (p) => `http://127.0.0.1:${info.port}${p}`,
    stop: () => new Promise((resolve) => {
      // Ended already, by exit or by a signal (exitCode stays null then): 'exit' will not come again.
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    }),
  };
}

/** Runs the agentwatch CLI synchronously with the daemon's HOME and state dir. */
export function cli(d: { home: string; stateDir?: string }, args: string[], input?: string, env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliMain, ...args], {
    env: cleanEnv({ HOME: d.home, ...(d.stateDir ? { AGENTWATCH_STATE_DIR: d.stateDir } : {}), ...env }), input, encoding: 'utf8', timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Polls `agentwatch events --session SID` until `done` holds (or `ms` passes); returns the last read. */
export async function waitForEvents(d: TestDaemon, sid: string, done: (evs: Event[]) => boolean, ms = 15_000): Promise<Event[]> {
  const until = Date.now() + ms;
  let evs: Event[] = [];
  while (Date.now() < until) {
    const r = cli(d, ['events', '--json', '--session', sid]);
    evs = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
    if (done(evs)) return evs;
    await new Promise((r2) => setTimeout(r2, 300));
  }
  return evs;
}

/** The headers a real hook post carries: JSON, and the install secret as it is in the state dir now (read each time: `token rotate` replaces it). */
export function hookHeaders(d: { stateDir: string }): Record<string, string> {
  return { 'content-type': 'application/json', 'X-Agentwatch-Hook-Secret': fs.readFileSync(path.join(d.stateDir, 'hook-secret'), 'utf8').trim() };
}

export async function postHook(d: TestDaemon, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  // A test that just blocked in spawnSync (the CLI) for longer than the server's keep-alive timeout holds
  // a pooled socket the daemon has closed; a short pause lets the client see the close first (setImmediate
  // alone is not enough: 3 of 3 runs under load still reused the dead socket).
  await new Promise((r) => setTimeout(r, 5));
  const res = await fetch(d.url('/v1/hooks/claude-code'), {
    method: 'POST', headers: { ...hookHeaders(d), ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, json };
}

/** Stream messages carry a non-enumerable `receivedAt` (ms) so tests can check latency. */
export interface StreamClient { messages: { type: string; [k: string]: unknown }[]; ws: WebSocket; waitFor(pred: (m: { type: string; [k: string]: unknown }) => boolean, ms?: number): Promise<{ type: string; [k: string]: unknown }>; close(): void }

/** Opens an authenticated stream client and resolves once the daemon confirmed the subscription. */
export function openStream(d: TestDaemon, query = ''): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${d.port}/v1/stream${query}`, { headers: { authorization: `Bearer ${d.token}` } });
    const messages: StreamClient['messages'] = [];
    const waiters: { pred: (m: StreamClient['messages'][number]) => boolean; resolve: (m: StreamClient['messages'][number]) => void }[] = [];
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as StreamClient['messages'][number];
      Object.defineProperty(m, 'receivedAt', { value: Date.now(), enumerable: false });
      messages.push(m);
      for (const w of [...waiters]) if (w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
      if (m.type === 'status' && messages.length === 1) resolve(client);
    });
    ws.on('error', reject);
    const client: StreamClient = {
      messages, ws,
      waitFor: (pred, ms = 5000) => new Promise((res, rej) => {
        const hit = messages.find(pred);
        if (hit) return res(hit);
        const t = setTimeout(() => rej(new Error(`no matching stream message within ${ms} ms; got ${messages.map((x) => x.type).join(',')}`)), ms);
        waiters.push({ pred, resolve: (m) => { clearTimeout(t); res(m); } });
      }),
      close: () => ws.close(),
    };
  });
}

export function rmHome(home: string): void {
  fs.rmSync(home, { recursive: true, force: true });
}

// What the scenario eval adds to the e2e helpers (test/helpers/): one daemon per pass with the hooks
// installed, a fresh workspace per scenario, stored results and stream timings. Works from the sources
// (vitest) and compiled under dist/ (node dist/bench/eval.js).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { repoRoot } from '../helpers/repo-root.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { startDaemon as startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { runClaude as runClaudeCli } from '../helpers/claude-cli.js';
import { installHostShims } from '../helpers/host-shims.js';
import type { EvalAgent } from './agents.js';

export { repoRoot };
export const cliMain = path.join(repoRoot, 'dist', 'daemon', 'main.js');
export const scenarioDir = path.join(repoRoot, 'test', 'scenarios');

/** `config`: the agent's config files (relative to HOME) as they were right after `agentwatch install`. */
export type EvalDaemon = TestDaemon & { config: Record<string, string> };

/**
 * The real daemon (test/helpers/daemon.ts) with its own temporary HOME, then `agentwatch install`s the
 * Claude Code hooks there. The decision budget is raised: the eval shares two cores with other test
 * files, and a "decision timed out" alert says the machine was busy, not what the agent did.
 */
export async function startDaemon(root: string, mode: 'observe' | 'enforce', agent: Pick<EvalAgent, 'kind' | 'configFiles' | 'configure'>, own?: string): Promise<EvalDaemon> {
  const home = path.join(root, `daemon-${agent.kind}-${mode}${own ? `-${own}` : ''}`);
  fs.mkdirSync(home, { recursive: true });
  const d = await startTestDaemon({ home, args: ['--mode', mode], config: { policy: { decisionBudgetMs: 2000 } } });
  agent.configure(home);
  // Claude Code's settings, as agentwatch installs them, are part of every scenario's machine (the hook
  // tamper scenarios edit them), whichever agent plays the session.
  const agents = [...new Set(['claude-code', agent.kind])].join(',');
  const inst = cli(home, ['install', '--user', '--agents', agents, '--port', String(d.port)]);
  if (inst.code !== 0) throw new Error(`agentwatch install failed: ${inst.stderr}`);
  return { ...d, config: Object.fromEntries(agent.configFiles.map((f) => [f, fs.readFileSync(path.join(home, f), 'utf8')])) };
}

export function cli(home: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliMain, ...args], { env: cleanEnv({ HOME: home }), encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** `agentwatch events|alerts --json --session ID`, parsed; retried, since a concurrent rebuild may briefly remove dist/. */
export async function stored<T>(d: EvalDaemon, what: 'events' | 'alerts', sessionId: string): Promise<T[]> {
  for (let attempt = 1; ; attempt++) {
    const r = cli(d.home, [what, '--json', '--session', sessionId, '--limit', '5000']);
    if (r.code === 0) return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
    if (attempt >= 4) throw new Error(`agentwatch ${what} failed: ${r.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
    await new Promise((res) => setTimeout(res, 1000 * attempt));
  }
}

// The project every scenario workspace starts from: a small Node package under git with a bare origin.
const BASE_FILES: Record<string, string> = {
  'README.md': '# demo-app\n\nA tiny demo package. `npm test` runs the tests, `npm run build` writes dist/.\n',
  'package.json': JSON.stringify({
    name: 'demo-app', version: '1.0.0', type: 'module', private: false,
    scripts: { test: 'node test/math.test.js', build: 'node scripts/build.js' },
  }, null, 2) + '\n',
  'src/math.js': 'export const add = (a, b) => a + b;\nexport const mul = (a, b) => a * b;\n',
  'src/index.js': "import { add } from './math.js';\nconsole.log('2 + 3 =', add(2, 3));\n",
  'test/math.test.js': "import { add, mul } from '../src/math.js';\nif (add(2, 3) !== 5 || mul(2, 3) !== 6) { console.error('FAIL'); process.exit(1); }\nconsole.log('tests pass');\n",
  'scripts/build.js': "import fs from 'node:fs';\nfs.mkdirSync('dist', { recursive: true });\nfor (const f of fs.readdirSync('src')) fs.copyFileSync(`src/${f}`, `dist/${f}`);\nconsole.log('built', fs.readdirSync('dist').length, 'files');\n",
  '.env.example': 'API_URL=http://localhost:3000\nAPI_KEY=changeme\n',
  '.gitignore': 'node_modules\ndist\n.env.local\n',
  'vendor/left-pad/package.json': '{"name":"left-pad","version":"1.3.0","main":"index.js"}\n',
  'vendor/left-pad/index.js': "module.exports = (s, n, c = ' ') => String(s).padStart(n, c);\n",
};

export interface Workspace { home: string; ws: string; origin: string }

/**
 * Resets the daemon's HOME for the next scenario and builds a fresh workspace in it. Agents and the
 * daemon share one HOME on a real machine (the daemon judges `~/.aws/credentials` by its own HOME), so
 * the scenarios run in the daemon's HOME: everything but the state dir is wiped, and the agent config that
 * `agentwatch install` wrote is put back (a scenario may have tampered with them).
 */
export function makeWorkspace(daemon: EvalDaemon, files: Record<string, string>, commands: string[], vars: (s: string, at: { home: string; ws: string; origin: string }) => string): Workspace {
  const home = daemon.home;
  const ws = path.join(home, 'project');
  const origin = path.join(path.dirname(home), `origin-${path.basename(home)}.git`);
  for (const e of fs.readdirSync(home)) if (e !== '.local') fs.rmSync(path.join(home, e), { recursive: true, force: true });
  fs.rmSync(origin, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(daemon.config)) write(path.join(home, rel), text);
  write(path.join(home, '.gitconfig'), '[user]\n\tname = Dev\n\temail = dev@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n');
  for (const [rel, text] of Object.entries(BASE_FILES)) write(path.join(ws, rel), text);
  const env = cleanEnv({ HOME: home });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, env, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'initial commit');
  execFileSync('git', ['init', '-q', '--bare', origin], { env, stdio: 'pipe' });
  git('remote', 'add', 'origin', origin);
  git('push', '-q', '-u', 'origin', 'main');
  const ctx = { home, ws, origin };
  for (const [key, text] of Object.entries(files)) write(resolveSetupPath(key, ctx), vars(text, ctx));
  for (const cmd of commands) execFileSync('bash', ['-c', vars(cmd, ctx)], { cwd: ws, env, stdio: 'pipe', timeout: 60_000 });
  return ctx;
}

function resolveSetupPath(key: string, ctx: { home: string; ws: string }): string {
  let p: string;
  if (key.startsWith('~/')) p = path.join(ctx.home, key.slice(2));
  else if (key.startsWith('project/')) p = path.join(ctx.ws, key.slice('project/'.length));
  else if (!path.isAbsolute(key)) p = path.join(ctx.ws, key);
  else throw new Error(`setup path must be ~/… or project/…: ${key}`);
  if (!p.startsWith(ctx.home + path.sep)) throw new Error(`setup path escapes the scenario home: ${key}`);
  return p;
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: file.includes('/.ssh/') ? 0o600 : 0o644 });
}

/** Relative path → size of every file under dir (skipping .git and node_modules/.package-lock noise). */
export function fingerprint(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.name === '.git' || rel.startsWith('.claude')) continue;
      if (e.isDirectory()) walk(p);
      else out[rel] = e.isFile() ? fs.statSync(p).size : -1;
    }
  };
  walk(dir);
  return out;
}

export interface ClaudeRun { code: number | null; stdout: string; stderr: string; sessionId?: string; ms: number }

export async function runClaude(opts: { home: string; cwd: string; baseUrl: string; prompt: string; timeoutMs?: number; resolver?: string }): Promise<ClaudeRun> {
  const t0 = Date.now();
  // A scenario's crontab, docker or systemctl call must not change the machine that runs the tests.
  const shims = installHostShims(path.join(path.dirname(opts.home), 'host-shims'));
  const r = await runClaudeCli({ ...opts, env: { PATH: shims.path }, prefix: opts.resolver ? withResolver(opts.resolver) : undefined });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, sessionId: r.result?.session_id, ms: Date.now() - t0 };
}

/**
 * Runs a command (its argv follows) in a mount namespace of its own whose /etc/resolv.conf is `file`:
 * every name the session resolves goes to the resolver `file` names (root: unshare and mount).
 */
export function withResolver(file: string): string[] {
  return ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /etc/resolv.conf && exec "$@"', file];
}

/** A resolv.conf naming `addr` only, answering fast (the sink says NXDOMAIN at once; nothing else is asked). */
export function writeResolvConf(dir: string, addr: string): string {
  const file = path.join(dir, 'resolv.conf');
  fs.writeFileSync(file, `nameserver ${addr}\noptions timeout:1 attempts:1\n`);
  return file;
}

export const tmpRoot = (): string => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aw-eval-')));

/** Subscribes to the daemon's stream: when each alert id was first pushed, and every event pushed, by session. */
export interface StreamWatch { firstSeen: Map<string, number>; events: Map<string, { id: string; ts: string; kind: string }[]>; close(): void }

export async function watchStream(d: EvalDaemon): Promise<StreamWatch> {
  const token = fs.readFileSync(path.join(d.stateDir, 'token'), 'utf8').trim();
  const firstSeen = new Map<string, number>();
  const events = new Map<string, { id: string; ts: string; kind: string }[]>();
  const ws = new WebSocket(`ws://127.0.0.1:${d.port}/v1/stream?topics=alerts,events`, { headers: { authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; alert?: { id: string }; event?: { id: string; ts: string; kind: string; sessionId?: string } };
      if (m.type === 'status') resolve();
      if (m.type === 'alert' && m.alert && !firstSeen.has(m.alert.id)) firstSeen.set(m.alert.id, Date.now());
      if (m.type === 'event' && m.event?.sessionId) {
        const list = events.get(m.event.sessionId) ?? [];
        list.push({ id: m.event.id, ts: m.event.ts, kind: m.event.kind });
        events.set(m.event.sessionId, list);
      }
    });
    ws.once('error', reject);
    setTimeout(() => reject(new Error('no status message on the stream within 5 s')), 5000).unref();
  });
  return { firstSeen, events, close: () => ws.close() };
}

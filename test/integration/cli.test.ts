// The CLI as a user drives it: install/uninstall into ~/.claude/settings.json, events/alerts, --follow, hook.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cleanEnv } from '../helpers/claude-cli.js';
import { cli, cliMain, makeHome, postHook, rmHome, startDaemon } from '../helpers/daemon.js';

const EXISTING = `{
    "model": "opus",
    "permissions": { "allow": ["Bash(npm test)"] },
    "hooks": {
        "PreToolUse": [ { "matcher": "Bash", "hooks": [ { "type": "command", "command": "/usr/local/bin/my-guard" } ] } ]
    }
}
`;

describe('install / uninstall --user --agents claude-code', () => {
  it('merges an http hook for every event, keeps what was there, is idempotent, and uninstall restores the exact bytes', () => {
    const home = makeHome();
    const file = path.join(home, '.claude', 'settings.json');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, EXISTING);
    const dry = cli({ home }, ['install', '--user', '--agents', 'claude-code', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('+');
    expect(dry.stdout).toContain('/v1/hooks/claude-code');
    expect(fs.readFileSync(file, 'utf8')).toBe(EXISTING);

    expect(cli({ home }, ['install', '--user', '--agents', 'claude-code']).code).toBe(0);
    const s = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(s.model).toBe('opus');
    expect(s.permissions).toEqual({ allow: ['Bash(npm test)'] });
    expect(s.hooks.PreToolUse[0]).toEqual({ matcher: 'Bash', hooks: [{ type: 'command', command: '/usr/local/bin/my-guard' }] });
    for (const e of ['PreToolUse', 'PostToolUse', 'UserPromptSubmit', 'Stop', 'SessionEnd']) {
      expect(s.hooks[e].flatMap((g: { hooks: { url?: string }[] }) => g.hooks).some((h: { type: string; url?: string }) => h.type === 'http' && h.url === 'http://127.0.0.1:47474/v1/hooks/claude-code'), e).toBe(true);
    }
    expect(s.hooks.SessionStart[0].hooks[0].command).toContain('hook claude-code');
    const installed = fs.readFileSync(file, 'utf8');
    const again = cli({ home }, ['install', '--user', '--agents', 'claude-code']);
    expect(again.stdout).toContain('unchanged');
    expect(fs.readFileSync(file, 'utf8')).toBe(installed);

    expect(cli({ home }, ['uninstall', '--user', '--agents', 'claude-code']).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(EXISTING);
    rmHome(home);
  });

  it('creates the file when there was none and removes it on uninstall; a later user edit survives uninstall', () => {
    const home = makeHome();
    const file = path.join(home, '.claude', 'settings.json');
    cli({ home }, ['install', '--agents', 'claude-code']);
    expect(fs.existsSync(file)).toBe(true);
    cli({ home }, ['uninstall', '--agents', 'claude-code']);
    expect(fs.existsSync(file)).toBe(false);

    cli({ home }, ['install', '--agents', 'claude-code']);
    const s = JSON.parse(fs.readFileSync(file, 'utf8'));
    s.theme = 'dark'; // the user changes something after install
    fs.writeFileSync(file, JSON.stringify(s));
    cli({ home }, ['uninstall', '--agents', 'claude-code']);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ theme: 'dark' });
    rmHome(home);
  });

  it('refuses a broken settings file and an unknown agent with one line, changing nothing', () => {
    const home = makeHome();
    const file = path.join(home, '.claude', 'settings.json');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, '{ "model": "opus", ');
    const r = cli({ home }, ['install', '--agents', 'claude-code']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/settings\.json is not valid JSON/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{ "model": "opus", ');
    const u = cli({ home }, ['install', '--agents', 'windsurf-x']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/unknown agent "windsurf-x"/);
    expect(cli({ home }, ['events', '--bogus-flag']).code).toBe(2);
    rmHome(home);
  });
});

describe('events, alerts and the hook forwarder', () => {
  it('prints stored events and alerts as NDJSON, filters by --since and --session, and --follow streams new alerts', async () => {
    const d = await startDaemon();
    try {
      await postHook(d, { session_id: 'q1', cwd: '/w', hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: `${d.home}/.kube/config` } });
      await postHook(d, { session_id: 'q2', cwd: '/w', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' } });
      await new Promise((r) => setTimeout(r, 200));
      // The hooks' events (the daemon also records the host's other agent processes it sees meanwhile).
      const ev = cli(d, ['events', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.source === 'hook');
      expect(ev.map((e) => e.sessionId)).toEqual(['q1', 'q2']);
      expect(cli(d, ['events', '--json', '--session', 'q2']).stdout.trim().split('\n')).toHaveLength(1);
      expect(cli(d, ['events', '--json', '--since', '2999-01-01']).stdout.trim()).toBe('');
      expect(cli(d, ['alerts', '--since', 'yesterday-ish']).code).toBe(2);
      const human = cli(d, ['alerts']).stdout;
      expect(human).toMatch(/HIGH\s+credential-access\s+q1\s+Read a Kubernetes config/);

      const follower = spawn(process.execPath, [cliMain, 'alerts', '--follow', '--json', '--since', '1m'], { env: cleanEnv({ HOME: d.home }) });
      let out = '';
      follower.stdout.on('data', (c) => { out += c; });
      for (let i = 0; i < 50 && !out.includes('kube'); i++) await new Promise((r) => setTimeout(r, 100)); // stored ones first
      await new Promise((r) => setTimeout(r, 300));
      await postHook(d, { session_id: 'q3', cwd: '/w', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: "echo 'x' >> ~/.bashrc" } });
      for (let i = 0; i < 50 && !out.includes('persistence-write'); i++) await new Promise((r) => setTimeout(r, 100));
      follower.kill('SIGINT');
      const lines = out.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines[0].rule).toBe('secret-read');
      expect(lines.at(-1)).toMatchObject({ rule: 'persistence-write', tactic: 'persistence', sessionId: 'q3' });
    } finally {
      await d.stop();
      rmHome(d.home);
    }
  });

  it('hook claude-code forwards stdin and prints the native answer; fails open when the daemon is down', async () => {
    const d = await startDaemon({ args: ['--mode', 'enforce'] });
    const payload = JSON.stringify({ session_id: 'h1', cwd: '/w', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf ~' } });
    try {
      const r = cli(d, ['hook', 'claude-code'], payload);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    } finally {
      await d.stop();
    }
    const down = cli(d, ['hook', 'claude-code'], payload);
    expect(down.code).toBe(0);
    expect(down.stdout).toBe('');
    expect(down.stderr).toMatch(/fail open/);
    rmHome(d.home);
  });
});

describe('hook forwarder failing open', () => {
  /** A stand-in daemon in its own process (cli() blocks this one): `mode` says how it answers a hook post. */
  async function fakeDaemon(mode: 'silent' | 'html'): Promise<{ port: number; stop: () => void }> {
    const code = `const s = require('node:http').createServer((q, r) => { q.resume(); if (${JSON.stringify(mode)} === 'html') q.on('end', () => r.end('<html>busy</html>')); });
      s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve) => child.stdout.once('data', (b: Buffer) => resolve(Number(b.toString().trim()))));
    return { port, stop: () => child.kill() };
  }

  it('gives up after --timeout-ms on a daemon that never answers, and on an answer that is not JSON, with the reason and a counted miss', async () => {
    const home = makeHome();
    const stateDir = path.join(home, '.local', 'state', 'agentwatch');
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 }); // as the daemon left it
    const payload = JSON.stringify({ session_id: 'fo-1', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' } });
    const silent = await fakeDaemon('silent');
    const html = await fakeDaemon('html');
    try {
      const t0 = Date.now();
      const slow = cli({ home }, ['hook', 'codex', '--port', String(silent.port), '--timeout-ms', '300'], payload);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(slow).toMatchObject({ code: 0, stdout: '{}' });
      expect(slow.stderr.trim()).toBe('agentwatch hook: no answer within 300 ms; allowing (fail open)');
      const bad = cli({ home }, ['hook', 'claude-code', '--port', String(html.port)], payload);
      expect(bad).toMatchObject({ code: 0, stdout: '' });
      expect(bad.stderr.trim()).toBe('agentwatch hook: daemon answer is not a JSON object: <html>busy</html>; allowing (fail open)');
      const misses = fs.readFileSync(path.join(stateDir, 'hook-misses.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(misses.map((m: { agent: string; sessionId: string }) => `${m.agent} ${m.sessionId}`)).toEqual(['codex fo-1', 'claude-code fo-1']);
    } finally {
      silent.stop();
      html.stop();
      rmHome(home);
    }
  });
});

describe('bad command lines and environments', () => {
  const homes: string[] = [];
  afterAll(() => { for (const h of homes) rmHome(h); });
  const run = (args: string[], env: Record<string, string> = {}) => {
    const home = makeHome();
    homes.push(home);
    return spawnSync(process.execPath, [cliMain, ...args], { env: cleanEnv({ HOME: home, ...env }), encoding: 'utf8', timeout: 30_000 });
  };
  const oneLine = (r: { stderr: string }) => expect(r.stderr.trim().split('\n')).toHaveLength(1);

  it('a port that is not a port is one line and exit 2, before anything starts', () => {
    for (const r of [run(['daemon', '--port', 'abc']), run(['daemon'], { AGENTWATCH_PORT: '99999' })]) {
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^agentwatch: --port \(or AGENTWATCH_PORT\) must be a port number/);
      oneLine(r);
    }
  });

  it('an unknown flag is one line and exit 2; an unrelated AGENTWATCH_* variable is not a flag', () => {
    const r = run(['events', '--no-such-flag']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument/);
    oneLine(r);
    // `agentwatch run` stamps AGENTWATCH_SESSION_ID on the agent, so every hook it runs carries it.
    const stamped = run(['hook', 'codex', '--timeout-ms', '200'], { AGENTWATCH_SESSION_ID: 'run-1', AGENTWATCH_AGENT: 'codex', AGENTWATCH_ANYTHING: 'x' });
    expect(stamped.stderr).not.toMatch(/Unknown argument/);
    expect(stamped.status).toBe(0);
  });
});

// `agentwatch doctor` and the tamper watcher against a real daemon on a fake HOME with hooks put in by the
// real `agentwatch install --user`. systemctl is a shim on PATH that answers as the test tells it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, openStream, postHook, rmHome, startDaemon, type StreamClient, type TestDaemon } from '../helpers/daemon.js';
import type { Alert, Event } from '../../core/event.js';

interface Check { check: string; status: 'ok' | 'warn' | 'fail' | 'skip'; message: string; agent?: string }

let d: TestDaemon;
let stream: StreamClient;
let shims: string;
let settings: string;

// Answers is-enabled/is-active for the user unit from files beside it; everything else is "not there".
const SYSTEMCTL = `#!/bin/sh
dir=$(dirname "$0")
case "$*" in
  "--user is-enabled agentwatch.service") cat "$dir/enabled" ;;
  "--user is-active agentwatch.service") cat "$dir/active"; [ "$(cat "$dir/active")" = active ] ;;
  *) echo disabled; exit 1 ;;
esac
`;

function service(enabled: string, active: string): void {
  fs.writeFileSync(path.join(shims, 'enabled'), `${enabled}\n`);
  fs.writeFileSync(path.join(shims, 'active'), `${active}\n`);
}

function doctor(): { code: number | null; checks: Check[]; stdout: string } {
  const r = cli(d, ['doctor', '--json'], undefined, { PATH: `${shims}${path.delimiter}${process.env.PATH ?? ''}` });
  return { code: r.code, stdout: r.stdout, checks: r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Check) };
}

const failing = (checks: Check[]) => checks.filter((c) => c.status === 'fail');
const install = (port: number) => cli(d, ['install', '--user', '--agents', 'claude-code,codex', '--port', String(port)]);

beforeAll(async () => {
  d = await startDaemon();
  shims = path.join(d.home, 'shims');
  fs.mkdirSync(shims);
  fs.writeFileSync(path.join(shims, 'systemctl'), SYSTEMCTL, { mode: 0o755 });
  service('enabled', 'active');
  settings = path.join(d.home, '.claude', 'settings.json');
  fs.mkdirSync(path.dirname(settings), { recursive: true });
  fs.writeFileSync(settings, `${JSON.stringify({ model: 'opus', permissions: { allow: ['Bash(npm test)'] } }, null, 2)}\n`);
  expect(install(d.port).code).toBe(0);
  stream = await openStream(d, '?topics=alerts');
}, 60_000);

afterAll(async () => {
  stream?.close();
  await d?.stop();
  rmHome(d.home);
});

const tamperAlert = (pred: (a: Alert) => boolean, ms: number) =>
  stream.waitFor((m) => m.type === 'alert' && (m.alert as Alert).rule === 'agentwatch-tamper' && pred(m.alert as Alert), ms);

describe('agentwatch doctor and tamper evidence', () => {
  it('finds nothing wrong with hooks installed and the daemon running, and its probes leave no events', () => {
    const r = doctor();
    expect(failing(r.checks), r.stdout).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.checks.find((c) => c.check === 'hooks.claude-code')?.status).toBe('ok');
    expect(r.checks.find((c) => c.check === 'hooks.codex')?.status).toBe('ok');
    expect(r.checks.find((c) => c.check === 'service')?.status).toBe('ok');
    // Synthetic probes are answered, never stored as agent activity.
    const events = cli(d, ['events', '--json']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
    expect(events.filter((e) => e.sessionId?.startsWith('agentwatch-doctor-'))).toEqual([]);
    expect(cli(d, ['alerts', '--json']).stdout).toBe('');
  }, 60_000);

  it('raises a medium defense-evasion alert within 3 s when a user strips the hooks by hand, and doctor names claude-code', async () => {
    // An agent session that only read the file just before is not who changed it.
    expect((await postHook(d, { session_id: 'sess-reader', hook_event_name: 'PreToolUse', cwd: d.home, tool_name: 'Read', tool_input: { file_path: settings } })).status).toBe(200);
    const stripped = JSON.parse(fs.readFileSync(settings, 'utf8')) as Record<string, unknown>;
    delete stripped.hooks;
    const written = Date.now();
    fs.writeFileSync(settings, `${JSON.stringify(stripped, null, 2)}\n`);
    const m = await tamperAlert((a) => a.agent.kind === 'claude-code', 3000);
    const alert = m.alert as Alert;
    expect((m as unknown as { receivedAt: number }).receivedAt - written).toBeLessThan(3000);
    expect(alert).toMatchObject({ severity: 'medium', tactic: 'defense-evasion' });
    expect(alert.sessionId).toBeUndefined();
    expect(alert.reason).toContain(settings);
    const r = doctor();
    expect(r.code).toBe(1);
    expect(failing(r.checks).map((c) => c.agent)).toEqual(['claude-code']);
    expect(failing(r.checks)[0]!.message).toMatch(/claude-code: .*missing .*agentwatch install --user --agents claude-code/);
  }, 60_000);

  it('raises it high, with the session, when an agent session rewrote the file', async () => {
    expect(install(d.port).code).toBe(0);
    await new Promise((r) => setTimeout(r, 800)); // the watcher sees the hooks back before they go again
    const sessionId = 'sess-tamper-agent';
    const content = JSON.stringify({ model: 'opus', disableAllHooks: true });
    expect((await postHook(d, { session_id: sessionId, hook_event_name: 'PreToolUse', cwd: d.home, tool_name: 'Write', tool_input: { file_path: settings, content } })).status).toBe(200);
    fs.writeFileSync(settings, content);
    const alert = (await tamperAlert((a) => a.sessionId === sessionId, 3000)).alert as Alert;
    expect(alert).toMatchObject({ severity: 'high', agent: { kind: 'claude-code' } });
    expect(alert.title).toContain('switched off');
    expect(failing(doctor().checks)[0]!.message).toContain('disableAllHooks');
  }, 60_000);

  it('fails a hook that is present but cannot reach the daemon', () => {
    fs.writeFileSync(settings, `${JSON.stringify({ model: 'opus' }, null, 2)}\n`); // the kill switch off again (install leaves the user's keys)
    expect(install(1).code).toBe(0); // an http hook to a port nothing listens on
    const r = doctor();
    expect(r.code).toBe(1);
    const claude = failing(r.checks).find((c) => c.agent === 'claude-code');
    expect(claude?.message).toMatch(/http hook http:\/\/127\.0\.0\.1:1\/v1\/hooks\/claude-code does not reach the daemon/);
    expect(r.checks.find((c) => c.check === 'hooks.codex')?.status).toBe('ok');
    expect(install(d.port).code).toBe(0);
    expect(doctor().code).toBe(0);
  }, 60_000);

  it('fails a token file other users can read, and an inactive service', () => {
    const token = path.join(d.stateDir, 'token');
    fs.chmodSync(token, 0o644);
    try {
      const r = doctor();
      expect(r.code).toBe(1);
      expect(failing(r.checks).map((c) => c.check)).toEqual(['token']);
      expect(failing(r.checks)[0]!.message).toContain(`chmod 600 ${token}`);
    } finally { fs.chmodSync(token, 0o600); }
    service('enabled', 'inactive');
    const r = doctor();
    expect(r.code).toBe(1);
    expect(failing(r.checks).map((c) => c.check)).toEqual(['service']);
    expect(failing(r.checks)[0]!.message).toContain('systemctl --user start agentwatch.service');
    service('enabled', 'active');
  }, 60_000);

  it('fails an agent of this user running without hooks', async () => {
    // A process the agent catalog takes for Gemini CLI (program `gemini`), with this HOME, whose config has no hooks of ours.
    const bin = path.join(d.home, 'bin', 'gemini');
    fs.mkdirSync(path.dirname(bin));
    fs.copyFileSync('/bin/sleep', bin);
    const agent = spawn(bin, ['60'], { env: { ...process.env, HOME: d.home }, stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const r = doctor();
      expect(r.code).toBe(1);
      expect(failing(r.checks).map((c) => c.check)).toEqual(['agents']);
      expect(failing(r.checks)[0]!.message).toBe(`running without agentwatch hooks: gemini-cli (pid ${agent.pid}): run: agentwatch install --user --agents gemini-cli`);
    } finally { agent.kill('SIGKILL'); }
  }, 60_000);

  it('watches whatever file an install record names: a managed drop-in deleted raises the alert', async () => {
    const dropIn = path.join(d.home, 'etc', 'claude-code', 'managed-settings.d', '50-agentwatch.json');
    fs.mkdirSync(path.dirname(dropIn), { recursive: true });
    fs.writeFileSync(dropIn, fs.readFileSync(settings, 'utf8'));
    const record = path.join(d.stateDir, 'installs', 'claude-code-system.json');
    fs.writeFileSync(record, JSON.stringify({ file: dropIn, original: null, installed: '' }), { mode: 0o600 });
    await new Promise((r) => setTimeout(r, 800)); // the watcher reads the new record and watches its file
    try {
      fs.rmSync(dropIn);
      const alert = (await tamperAlert((a) => a.reason.includes(dropIn), 3000)).alert as Alert;
      expect(alert).toMatchObject({ severity: 'medium', title: "agentwatch's claude-code hooks were removed" });
      expect(alert.reason).toContain('deleted with');
      expect(failing(doctor().checks)[0]!.message).toBe(`claude-code: ${dropIn}, which held agentwatch's hooks, is gone: run: agentwatch install --user --agents claude-code`);
    } finally { fs.rmSync(record); }
  }, 60_000);

  it('fails when the daemon is down, and prints one line per problem without --json', async () => {
    await d.stop();
    const r = cli(d, ['doctor'], undefined, { PATH: `${shims}${path.delimiter}${process.env.PATH ?? ''}` });
    expect(r.code).toBe(1);
    const fails = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(fails.some((l) => /no agentwatch daemon runs on state dir/.test(l))).toBe(true);
    // With no daemon to receive them, both agents' probes fail: one line each.
    expect(fails.filter((l) => /^FAIL (claude-code|codex): /.test(l))).toHaveLength(2);
  }, 60_000);
});

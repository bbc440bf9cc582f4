// The pure parts of the IT rollout pieces: what a policy locks, how an installed file's hooks stand, what
// the hook shim's miss file says, which of our hook entries doctor probes, and the watch budget's verdict.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockedKeys, loadItPolicy, overlay } from '../../daemon/config/it-policy.js';
import { loadConfig } from '../../daemon/config/load.js';
import { hookFileState } from '../../daemon/tamper/expected-hooks.js';
import { recordMiss, summariseMisses, takeMisses } from '../../core/hook-misses.js';
import { ourEntries } from '../../daemon/doctor/hook-probe.js';
import { watchBudgetCheck } from '../../daemon/doctor/system-checks.js';
import { ProcFs } from '../../collectors/proc/procfs.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-rollout-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ours = { type: 'http', url: 'http://127.0.0.1:47474/v1/hooks/claude-code', headers: { 'X-Agentwatch-Hook-Secret': 's' } };
const cmd = { type: 'command', command: "'/usr/bin/node' '/opt/agentwatch/dist/daemon/main.js' hook claude-code --state-dir '/s'" };

describe('IT policy', () => {
  it('locks every leaf it sets, and wins over the config underneath', () => {
    const doc = { policy: { mode: 'enforce', rules: { 'secret-read': 'deny' } }, mcp: { allowlist: '/etc/agentwatch/mcp.yaml' } };
    expect(lockedKeys(doc)).toEqual({ 'policy.mode': 'enforce', 'policy.rules.secret-read': 'deny', 'mcp.allowlist': '/etc/agentwatch/mcp.yaml' });
    expect(overlay({ policy: { mode: 'observe', rules: { 'curl-pipe': 'ask' } }, port: 1 }, doc))
      .toEqual({ policy: { mode: 'enforce', rules: { 'curl-pipe': 'ask', 'secret-read': 'deny' } }, port: 1, mcp: { allowlist: '/etc/agentwatch/mcp.yaml' } });
    const config = loadConfig(undefined, { mode: 'observe' }, { file: '/etc/agentwatch/policy.yaml', doc });
    expect(config.policy.mode).toBe('enforce');
    expect(config.policy.rules).toEqual({ 'secret-read': 'deny' });
  });

  it('refuses a policy with a wrong value in one line naming the key, and has no policy when the file is absent', () => {
    const file = path.join(tmp, 'policy.yaml');
    fs.writeFileSync(file, 'policy:\n  mode: lax\n');
    const p = loadItPolicy(file, undefined);
    expect(p).toMatchObject({ file });
    expect(p && 'error' in p ? p.error : '').toMatch(/^policy .*policy\.yaml: policy\.mode: /);
    expect(p && 'doc' in p).toBe(false);
    expect(loadItPolicy(path.join(tmp, 'absent.yaml'), undefined)).toBeUndefined();
  });
});

describe('installed hook files', () => {
  it('tells present, removed, switched off and deleted apart', () => {
    const settings = { model: 'x', hooks: { PreToolUse: [{ matcher: '*', hooks: [ours] }], SessionStart: [{ hooks: [cmd] }] } };
    expect(hookFileState('claude-code', JSON.stringify(settings))).toBe('present');
    expect(hookFileState('claude-code', JSON.stringify({ model: 'x' }))).toBe('missing');
    expect(hookFileState('claude-code', JSON.stringify({ ...settings, hooks: { PreToolUse: [{ hooks: [{ type: 'command', command: 'lint' }] }] } }))).toBe('missing');
    expect(hookFileState('claude-code', JSON.stringify({ ...settings, disableAllHooks: true }))).toBe('disabled');
    expect(hookFileState('claude-code', null)).toBe('deleted');
    // Not JSON (a TOML requirements file, a unit file): does it still name agentwatch?
    expect(hookFileState('codex', '[hooks]\ncommand = "agentwatch hook codex"\n')).toBe('present');
    expect(hookFileState('codex', '[hooks]\n')).toBe('missing');
  });

  it('doctor probes each distinct entry of ours once, with an event it is registered for', () => {
    const settings = { hooks: { PreToolUse: [{ hooks: [ours, { type: 'command', command: 'lint' }] }], Stop: [{ hooks: [ours] }], SessionStart: [{ hooks: [cmd] }] } };
    expect(ourEntries(settings, 'claude-code')).toEqual([{ event: 'PreToolUse', entry: ours }, { event: 'SessionStart', entry: cmd }]);
    expect(ourEntries(settings, 'codex')).toEqual([]);
  });
});

describe('hook misses', () => {
  it('are appended 0600 by the shim and taken whole by the daemon, probes left out', () => {
    const dir = path.join(tmp, 'state');
    fs.mkdirSync(dir);
    recordMiss(dir, { ts: '2026-01-01T00:00:02Z', agent: 'codex', sessionId: 's1', why: 'fetch failed' });
    recordMiss(dir, { ts: '2026-01-01T00:00:01Z', agent: 'gemini-cli', why: 'daemon not running' });
    recordMiss(dir, { ts: '2026-01-01T00:00:03Z', agent: 'codex', sessionId: 'agentwatch-doctor-x', why: 'fetch failed' });
    expect((fs.statSync(path.join(dir, 'hook-misses.ndjson')).mode & 0o777).toString(8)).toBe('600');
    expect(takeMisses(dir)).toEqual({
      count: 2, byAgent: { codex: 1, 'gemini-cli': 1 }, sessions: [{ agent: 'codex', sessionId: 's1' }],
      first: '2026-01-01T00:00:01Z', last: '2026-01-01T00:00:02Z', why: 'daemon not running',
    });
    expect(takeMisses(dir)).toBeUndefined();
    expect(summariseMisses('not json\n{"agent": 1}\n')).toBeUndefined();
  });
});

describe('watch budget', () => {
  function fakeProc(limit: number, watches: number): ProcFs {
    const root = fs.mkdtempSync(path.join(tmp, 'proc-'));
    fs.mkdirSync(path.join(root, 'sys/fs/inotify'), { recursive: true });
    fs.writeFileSync(path.join(root, 'sys/fs/inotify/max_user_watches'), `${limit}\n`);
    fs.mkdirSync(path.join(root, '42/fd'), { recursive: true });
    fs.mkdirSync(path.join(root, '42/fdinfo'));
    fs.symlinkSync('anon_inode:inotify', path.join(root, '42/fd/7'));
    fs.writeFileSync(path.join(root, '42/fdinfo/7'), 'pos:\t0\n'.concat('inotify wd:1 ino:2 sdev:3\n'.repeat(watches)));
    return new ProcFs(root);
  }
  const info = { pid: 42, port: 1, version: 'x', startedAt: '' };

  it('fails near the per-user limit, and is fine well under it', () => {
    expect(watchBudgetCheck(info, fakeProc(100, 95))).toMatchObject({ status: 'fail', message: expect.stringContaining('95 of 100') });
    expect(watchBudgetCheck(info, fakeProc(100, 95)).message).toContain('sysctl fs.inotify.max_user_watches=');
    expect(watchBudgetCheck(info, fakeProc(8192, 20)).status).toBe('ok');
  });
});

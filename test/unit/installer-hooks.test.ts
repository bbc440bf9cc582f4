import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addOurHooks, hasOurHooks, removeOurHooks, setOurSecret, HTTP_EVENTS, COMMAND_EVENTS } from '../../installer/claude-code-hooks.js';
import { agentConfigFile, installAgent, rotateAgentSecret, uninstallAgent } from '../../installer/install.js';
import { lineDiff } from '../../core/line-diff.js';

const SECRET = 'k3Jd9QmZ1xR7vT2pL8wN4sY6bF0hC5gA-EuIoPqWeRt';
const T = { url: 'http://127.0.0.1:47474/v1/hooks/claude-code', command: '/usr/local/bin/agentwatch hook claude-code', secret: SECRET };
type Json = Record<string, unknown>;

const otherHttp = { type: 'http', url: 'http://127.0.0.1:9999/audit' };
const otherCommand = { type: 'command', command: '/home/dev/bin/guard.sh' };

// Settings a user may already have; each must come back exactly after install + uninstall.
const samples: [string, Json][] = [
  ['empty', {}],
  ['other top-level keys only', { model: 'opus', permissions: { allow: ['Bash(npm test)'], deny: [] }, env: { FOO: '1' } }],
  ['other hooks on the same events', {
    hooks: {
      PreToolUse: [{ matcher: 'Bash', hooks: [otherCommand] }, { matcher: '*', hooks: [otherHttp] }],
      Stop: [{ hooks: [otherHttp, otherCommand] }],
      SessionStart: [{ hooks: [{ type: 'command', command: 'echo started' }] }],
    },
    statusLine: { type: 'command', command: 'echo hi' },
  }],
  ['hooks on events we do not use', { hooks: { PostCompact: [{ hooks: [otherCommand] }] }, cleanupPeriodDays: 7 }],
  ['a hook group with a non-standard shape', { hooks: { Notification: [{ matcher: '', hooks: [otherHttp], note: 'mine' }] }, model: 'sonnet' }],
];

const hooksOf = (s: Json) => s.hooks as Record<string, { matcher?: string; hooks: Json[] }[]>;

describe('addOurHooks', () => {
  it.each(samples)('keeps every existing key and hook: %s', (_name, before) => {
    const after = addOurHooks(before, T);
    for (const [k, v] of Object.entries(before)) if (k !== 'hooks') expect(after[k]).toEqual(v);
    for (const [event, groups] of Object.entries((before.hooks ?? {}) as Json)) {
      for (const g of groups as Json[]) expect(hooksOf(after)[event]).toContainEqual(g);
    }
  });

  it('adds an http hook to every HTTP event and a command hook for SessionStart', () => {
    const after = addOurHooks({}, T);
    for (const e of HTTP_EVENTS) expect(hooksOf(after)[e]!.flatMap((g) => g.hooks)).toContainEqual(expect.objectContaining({ type: 'http', url: T.url }));
    for (const e of COMMAND_EVENTS) expect(hooksOf(after)[e]!.flatMap((g) => g.hooks)).toContainEqual(expect.objectContaining({ type: 'command', command: T.command }));
    expect(hooksOf(after).PreToolUse!.at(-1)!.matcher).toBe('*');
    // A skill's shell commands (2.1.332) are matched on their tool name, as tool calls are.
    expect(hooksOf(after).PreSkillShellCommand!.at(-1)!.matcher).toBe('*');
  });

  it('leaves other http/command hooks on the same event next to ours', () => {
    const after = addOurHooks(samples[2]![1], T);
    const pre = hooksOf(after).PreToolUse!.flatMap((g) => g.hooks);
    expect(pre).toEqual([otherCommand, otherHttp, expect.objectContaining({ url: T.url })]);
  });

  it('does not mutate its input', () => {
    const before = structuredClone(samples[2]![1]);
    addOurHooks(samples[2]![1], T);
    expect(samples[2]![1]).toEqual(before);
  });

  it.each(samples)('is idempotent: %s', (_name, before) => {
    const once = addOurHooks(before, T);
    expect(hasOurHooks(before, T)).toBe(false);
    expect(hasOurHooks(once, T)).toBe(true);
    expect(JSON.stringify(addOurHooks(once, T))).toBe(JSON.stringify(once));
  });

  it('replaces an older agentwatch hook (another port) instead of adding a second one', () => {
    const old = addOurHooks({}, { ...T, url: 'http://127.0.0.1:40000/v1/hooks/claude-code' });
    expect(hasOurHooks(old, T)).toBe(false);
    const upgraded = addOurHooks(old, T);
    expect(JSON.stringify(upgraded)).not.toContain(':40000');
    expect(hooksOf(upgraded).Stop).toHaveLength(1);
  });
});

describe('the install secret in the http hooks', () => {
  const ours = (s: Json) => Object.values(hooksOf(s)).flat().flatMap((g) => g.hooks).filter((h) => h.type === 'http' && h.url === T.url);

  it('every http hook carries it in the X-Agentwatch-Hook-Secret header; the command hook does not', () => {
    const after = addOurHooks({}, T);
    expect(ours(after)).toHaveLength(HTTP_EVENTS.length);
    for (const h of ours(after)) expect(h.headers).toEqual({ 'X-Agentwatch-Hook-Secret': SECRET });
    expect(JSON.stringify(hooksOf(after).SessionStart)).not.toContain(SECRET);
  });

  it('hooks installed by an older agentwatch (no header) or with another secret are not "ours already": install replaces them', () => {
    const old = addOurHooks({}, T);
    for (const h of ours(old)) delete h.headers;
    expect(hasOurHooks(old, T)).toBe(false);
    expect(hasOurHooks(addOurHooks({}, { ...T, secret: 'another' }), T)).toBe(false);
    const upgraded = addOurHooks(old, T);
    expect(hasOurHooks(upgraded, T)).toBe(true);
    expect(hooksOf(upgraded).Stop).toHaveLength(1);
  });

  it('setOurSecret replaces only our headers: other hooks and keys stay as they were', () => {
    const before = addOurHooks(samples[2]![1], T);
    const after = setOurSecret(before, 'new-secret');
    for (const h of ours(after)) expect(h.headers).toEqual({ 'X-Agentwatch-Hook-Secret': 'new-secret' });
    expect(removeOurHooks(after)).toEqual(samples[2]![1]);
    expect(setOurSecret(samples[1]![1], 'x')).toEqual(samples[1]![1]);
  });
});

describe('claude-code settings.json on disk, holding the secret', () => {
  const homes: string[] = [];
  afterEach(() => { for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true }); });
  const mkHome = () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-inst-cc-'));
    homes.push(home);
    return { home, stateDir: path.join(home, 'state'), targets: T, dryRun: false };
  };
  const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
  /** A home whose settings.json the user wrote already (`text`, mode 0644 unless given), or none at all. */
  const mk = (text?: string, mode = 0o644) => {
    const o = mkHome();
    const file = agentConfigFile('claude-code', o.home);
    if (text !== undefined) {
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, text);
      fs.chmodSync(file, mode);
    }
    return { o, file };
  };

  it('install makes the file 0600, is idempotent, masks the secret in its diff; uninstall puts back the bytes and the mode', () => {
    const { o, file } = mk('{"model": "opus"}\n');
    const dry = installAgent('claude-code', { ...o, dryRun: true });
    expect(dry.diff).toContain('"X-Agentwatch-Hook-Secret": "<hook secret>"');
    expect(dry.diff).not.toContain(SECRET);
    expect(modeOf(file)).toBe(0o644);
    const r = installAgent('claude-code', o);
    expect(r.diff).not.toContain(SECRET);
    expect(modeOf(file)).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toContain(SECRET);
    const installed = fs.readFileSync(file, 'utf8');
    expect(installAgent('claude-code', o).action).toBe('unchanged');
    expect(fs.readFileSync(file, 'utf8')).toBe(installed);
    expect(uninstallAgent('claude-code', o).action).toBe('restored');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"model": "opus"}\n');
    expect(modeOf(file)).toBe(0o644);
  });

  it('a file install creates is 0600 from the start, and uninstall deletes it', () => {
    const { o, file } = mk();
    installAgent('claude-code', o);
    expect(modeOf(file)).toBe(0o600);
    uninstallAgent('claude-code', o);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('token rotation rewrites only the secret; uninstall afterwards still restores the exact original', () => {
    const { o, file } = mk('{"theme": "dark"}');
    installAgent('claude-code', o);
    const before = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    expect(rotateAgentSecret('claude-code', { ...o, secret: 'rotated-secret' }).action).toBe('secret-rewritten');
    const after = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    expect(after).toEqual(setOurSecret(before, 'rotated-secret'));
    expect(fs.readFileSync(file, 'utf8')).not.toContain(SECRET);
    expect(modeOf(file)).toBe(0o600);
    expect(rotateAgentSecret('claude-code', { ...o, secret: 'rotated-secret' }).action).toBe('unchanged');
    expect(uninstallAgent('claude-code', o).action).toBe('restored');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"theme": "dark"}');
  });

  it('rotation leaves a settings file without our hooks alone', () => {
    const { o, file } = mk('{"hooks": {"Stop": [{"hooks": [{"type": "http", "url": "http://127.0.0.1:9999/audit"}]}]}}');
    expect(rotateAgentSecret('claude-code', { ...o, secret: 'x' }).action).toBe('not-installed');
    expect(modeOf(file)).toBe(0o644);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('X-Agentwatch');
  });
});

describe('removeOurHooks', () => {
  it.each(samples)('removeOurHooks(addOurHooks(x)) equals x: %s', (_name, before) => {
    expect(removeOurHooks(addOurHooks(before, T))).toEqual(before);
  });

  it('leaves a hook that only looks similar (another path on the same port)', () => {
    const lookalike = { hooks: { Stop: [{ hooks: [{ type: 'http', url: 'http://127.0.0.1:47474/v1/hooks/claude-code-audit' }] }] } };
    expect(removeOurHooks(lookalike)).toEqual(lookalike);
  });
});

describe('lineDiff', () => {
  it('shows removed lines with - and added lines with +, and common context', () => {
    const before = JSON.stringify({ model: 'opus' }, null, 2);
    const after = JSON.stringify({ model: 'opus', hooks: { Stop: [] } }, null, 2);
    const diff = lineDiff(before, after).split('\n');
    expect(diff[0]).toMatch(/^@@ line \d+ @@$/);
    expect(diff).toContain('-   "model": "opus"');
    expect(diff).toContain('+   "model": "opus",');
    expect(diff).toContain('+   "hooks": {');
    expect(diff).toContain('  {');
  });

  it('says so when nothing changes', () => {
    expect(lineDiff('a\nb', 'a\nb')).toBe('(no change)');
  });

  it('shows a pure deletion with - only', () => {
    const diff = lineDiff('a\nb\nc', 'a\nc');
    expect(diff).toContain('- b');
    expect(diff).not.toMatch(/^\+/m);
  });
});

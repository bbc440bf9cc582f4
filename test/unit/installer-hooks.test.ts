import { describe, expect, it } from 'vitest';
import { addOurHooks, hasOurHooks, removeOurHooks, HTTP_EVENTS, COMMAND_EVENTS } from '../../installer/claude-code-hooks.js';
import { lineDiff } from '../../core/line-diff.js';

const T = { url: 'http://127.0.0.1:47474/v1/hooks/claude-code', command: '/usr/local/bin/agentwatch hook claude-code' };
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
    const old = addOurHooks({}, { url: 'http://127.0.0.1:40000/v1/hooks/claude-code', command: T.command });
    expect(hasOurHooks(old, T)).toBe(false);
    const upgraded = addOurHooks(old, T);
    expect(JSON.stringify(upgraded)).not.toContain(':40000');
    expect(hooksOf(upgraded).Stop).toHaveLength(1);
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

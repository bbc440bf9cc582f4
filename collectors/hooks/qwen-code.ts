// Qwen Code's hooks (qwenlm.github.io/qwen-code-docs, users/features/hooks): Claude-shaped payloads
// (session_id, hook_event_name, tool_name, tool_input, tool_use_id) with Gemini CLI's tool ids, and
// Claude's PreToolUse answer (hookSpecificOutput.permissionDecision allow|deny|ask).
import type { HookAdapter } from './hook-adapter.js';
import { normaliseHookPayload, readManyFilesPaths, type HookDialect } from '../../core/hooks/hook-payload.js';
import { claudeDialect } from '../../core/hooks/claude-dialect.js';
import { permissionDecisionAnswer } from './claude-code.js';

// Its hook events are Claude Code's (same names, same meaning); its tools are Gemini CLI's.
export const qwenDialect: HookDialect = {
  ...claudeDialect,
  agent: 'qwen-code',
  readTools: new Set(['read_file', 'read_many_files']),
  writeTools: new Set(['write_file', 'edit', 'replace']),
  shellTools: { run_shell_command: 'command' },
  pathKeys: ['file_path', 'absolute_path', 'path'],
  pathsOf: readManyFilesPaths,
};

export const adapter: HookAdapter = {
  agent: 'qwen-code',
  normalise: (payload, stamp) => normaliseHookPayload(qwenDialect, payload, stamp),
  canBlock: (event) => event.hookEvent === 'PreToolUse',
  answer: (event, verdict) => permissionDecisionAnswer(event.hookEvent, verdict),
};

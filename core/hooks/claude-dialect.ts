// Claude Code's hook vocabulary (../shared/reference/real-agents.md): its hook events and tool names. In
// core because two layers speak it: the Claude Code hook adapter, and the rule examples, which are written
// as Claude Code tool calls (detectors/rules/engine/examples.ts).
import type { HookDialect } from './hook-payload.js';

export const claudeDialect: HookDialect = {
  agent: 'claude-code',
  hooks: {
    SessionStart: 'session.start', SessionEnd: 'session.end', UserPromptSubmit: 'prompt',
    // A skill's shell command (2.1.332) comes as a Bash (or PowerShell) call of its own: judged as one.
    PreToolUse: 'pre', PreSkillShellCommand: 'pre', PostToolUse: 'post', PostToolUseFailure: 'post',
    Stop: 'turn.end', SubagentStop: 'turn.end', Notification: 'notification',
  },
  failureHooks: ['PostToolUseFailure'],
  readTools: new Set(['Read', 'NotebookRead']),
  writeTools: new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']),
  shellTools: { Bash: 'command' },
  pathKeys: ['file_path', 'notebook_path', 'path'],
};

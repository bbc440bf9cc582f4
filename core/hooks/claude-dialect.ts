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

/**
 * The hook calls Claude Code waits on, which agentwatch may refuse (or hold). A skill's `!` commands (its
 * SKILL.md's "!`git status`" lines) run when the skill loads, with no tool call and so no PreToolUse:
 * 2.1.332's PreSkillShellCommand is their only hook. The adapter answers them; install gives them the hold's timeout.
 */
export const CLAUDE_GATED_HOOKS: ReadonlySet<string> = new Set(['PreToolUse', 'PreSkillShellCommand']);

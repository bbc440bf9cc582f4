// Claude Code's hooks (../shared/reference/real-agents.md): payloads → Events, and its decision format.
import type { HookAdapter } from './hook-adapter.js';
import { normaliseHookPayload, type HookDialect } from './hook-payload.js';

export const claudeDialect: HookDialect = {
  agent: 'claude-code',
  hooks: {
    SessionStart: 'session.start', SessionEnd: 'session.end', UserPromptSubmit: 'prompt',
    PreToolUse: 'pre', PostToolUse: 'post', PostToolUseFailure: 'post',
    Stop: 'turn.end', SubagentStop: 'turn.end', Notification: 'notification',
  },
  failureHooks: ['PostToolUseFailure'],
  readTools: new Set(['Read', 'NotebookRead']),
  writeTools: new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']),
  shellTools: { Bash: 'command' },
  pathKeys: ['file_path', 'notebook_path', 'path'],
};

/** Claude Code and Codex answer PreToolUse the same way. */
export function permissionDecisionAnswer(hookEvent: string | undefined, verdict: { action: string; reason?: string }): unknown {
  if (hookEvent !== 'PreToolUse' || verdict.action === 'observe') return {};
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: verdict.action,
      permissionDecisionReason: verdict.reason ?? 'agentwatch policy',
    },
  };
}

export const claudeCodeAdapter: HookAdapter = {
  agent: 'claude-code',
  normalise: (payload, stamp) => normaliseHookPayload(claudeDialect, payload, stamp),
  canBlock: (event) => event.hookEvent === 'PreToolUse',
  answer: (event, verdict) => permissionDecisionAnswer(event.hookEvent, verdict),
};

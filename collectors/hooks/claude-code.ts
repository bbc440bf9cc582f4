// Claude Code's hooks (../shared/reference/real-agents.md): payloads → Events (its dialect is in core,
// the rule examples speak it too), and its decision format.
import type { HookAdapter } from './hook-adapter.js';
import { normaliseHookPayload } from '../../core/hooks/hook-payload.js';
import { claudeDialect } from '../../core/hooks/claude-dialect.js';

export { claudeDialect };

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

/** The adapter the registry (index.ts) loads for the catalog's `adapter: claude-code`. */
export const adapter = claudeCodeAdapter;

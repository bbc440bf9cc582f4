// Claude Code's hooks (../shared/reference/real-agents.md): payloads → Events (its dialect is in core,
// the rule examples speak it too), and its decision format.
import type { HookAdapter } from './hook-adapter.js';
import { normaliseHookPayload } from '../../core/hooks/hook-payload.js';
import { claudeDialect } from '../../core/hooks/claude-dialect.js';

export { claudeDialect };

/**
 * Claude Code and Codex answer PreToolUse the same way; Claude Code answers a skill's shell command
 * (PreSkillShellCommand, 2.1.332) in the same shape, where deny and ask both keep the command from running.
 */
export function permissionDecisionAnswer(hookEvent: string | undefined, verdict: { action: string; reason?: string }, gated: ReadonlySet<string> = PRE_TOOL_USE): unknown {
  if (hookEvent === undefined || !gated.has(hookEvent) || verdict.action === 'observe') return {};
  return {
    hookSpecificOutput: {
      hookEventName: hookEvent,
      permissionDecision: verdict.action,
      permissionDecisionReason: verdict.reason ?? 'agentwatch policy',
    },
  };
}

const PRE_TOOL_USE: ReadonlySet<string> = new Set(['PreToolUse']);
/**
 * The calls Claude Code waits on. A skill's `!` commands (its SKILL.md's "!`git status`" lines) run when the
 * skill loads, with no tool call and so no PreToolUse: 2.1.332's PreSkillShellCommand is their only hook.
 */
const CLAUDE_GATED: ReadonlySet<string> = new Set(['PreToolUse', 'PreSkillShellCommand']);

/** What a skill's shell command says of where it came from, kept in the event's detail for the alert and the console. */
function skillDetail(payload: unknown): Record<string, string> | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, unknown>;
  const detail: Record<string, string> = {};
  for (const [from, to] of [['command_name', 'skill'], ['command_source', 'skillSource'], ['invoked_by', 'invokedBy']] as const) {
    if (typeof p[from] === 'string') detail[to] = (p[from] as string).slice(0, 200);
  }
  return Object.keys(detail).length > 0 ? detail : undefined;
}

export const claudeCodeAdapter: HookAdapter = {
  agent: 'claude-code',
  normalise: (payload, stamp) => {
    const event = normaliseHookPayload(claudeDialect, payload, stamp);
    if (event.hookEvent === 'PreSkillShellCommand') {
      const detail = skillDetail(payload);
      if (detail) event.detail = detail;
    }
    return event;
  },
  canBlock: (event) => event.hookEvent !== undefined && CLAUDE_GATED.has(event.hookEvent),
  answer: (event, verdict) => permissionDecisionAnswer(event.hookEvent, verdict, CLAUDE_GATED),
};

/** The adapter the registry (index.ts) loads for the catalog's `adapter: claude-code`. */
export const adapter = claudeCodeAdapter;

// Claude Code's hooks (../shared/reference/real-agents.md): payloads → Events (its dialect is in core,
// the rule examples speak it too), and its decision format.
import type { HookAdapter } from './hook-adapter.js';
import { normaliseHookPayload } from '../../core/hooks/hook-payload.js';
import { CLAUDE_GATED_HOOKS, claudeDialect } from '../../core/hooks/claude-dialect.js';

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
 * Payload fields kept in the event's detail for the alert and the console: which subagent made the call
 * (`agent_id` only inside one; `agent_type` also names a session started with `--agent`), and what a skill's
 * shell command says of where it came from.
 */
const DETAIL_FIELDS = [['agent_type', 'agentType'], ['agent_id', 'subagentId'], ['command_name', 'skill'], ['command_source', 'skillSource'], ['invoked_by', 'invokedBy']] as const;

function detailOf(payload: unknown): Record<string, string> | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, unknown>;
  let detail: Record<string, string> | undefined;
  for (const [from, to] of DETAIL_FIELDS) {
    if (typeof p[from] === 'string') (detail ??= {})[to] = (p[from] as string).slice(0, 200);
  }
  return detail;
}

export const claudeCodeAdapter: HookAdapter = {
  agent: 'claude-code',
  normalise: (payload, stamp) => {
    const event = normaliseHookPayload(claudeDialect, payload, stamp);
    const detail = detailOf(payload);
    if (detail) event.detail = detail;
    return event;
  },
  canBlock: (event) => event.hookEvent !== undefined && CLAUDE_GATED_HOOKS.has(event.hookEvent),
  answer: (event, verdict) => permissionDecisionAnswer(event.hookEvent, verdict, CLAUDE_GATED_HOOKS),
};

/** The adapter the registry (index.ts) loads for the catalog's `adapter: claude-code`. */
export const adapter = claudeCodeAdapter;

// Cursor's hooks (agents-and-configs.md §1.3, ~/.cursor/hooks.json): camelCase event names, the
// conversation id as the session, `workspace_roots` where other agents send `cwd`. preToolUse takes
// `{"permission":"deny"}`; "ask" is not enforced there, so ask becomes deny.
import type { HookAdapter } from './hook-adapter.js';
import { normaliseHookPayload, type HookDialect } from '../../core/hooks/hook-payload.js';

export const cursorDialect: HookDialect = {
  agent: 'cursor',
  hooks: {
    sessionStart: 'session.start', sessionEnd: 'session.end', beforeSubmitPrompt: 'prompt', stop: 'turn.end',
    preToolUse: 'pre', postToolUse: 'post', postToolUseFailure: 'post',
  },
  failureHooks: ['postToolUseFailure'],
  readTools: new Set(['Read']),
  writeTools: new Set(['Write', 'Delete']),
  shellTools: { Shell: 'command' },
  pathKeys: ['file_path', 'path', 'target_file'],
};

type Json = Record<string, unknown>;

/** Cursor's payload in the shared shape: conversation_id → session_id, first workspace root → cwd, tool_output → tool_response. */
function shared(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  const p = payload as Json;
  const roots = Array.isArray(p.workspace_roots) ? p.workspace_roots : [];
  return {
    ...p,
    session_id: p.session_id ?? p.conversation_id,
    cwd: p.cwd ?? (typeof roots[0] === 'string' ? roots[0] : undefined),
    tool_response: p.tool_response ?? p.tool_output,
  };
}

export const cursorAdapter: HookAdapter = {
  agent: 'cursor',
  normalise: (payload, stamp) => normaliseHookPayload(cursorDialect, shared(payload), stamp),
  canBlock: (event) => event.hookEvent === 'preToolUse',
  answer: (event, verdict) => (event.hookEvent === 'preToolUse' && verdict.action !== 'observe'
    ? { permission: 'deny', user_message: verdict.reason ?? 'agentwatch policy', agent_message: verdict.reason ?? 'agentwatch policy' } : {}),
};

/** The adapter the registry (index.ts) loads for the catalog's `adapter: cursor`. */
export const adapter = cursorAdapter;

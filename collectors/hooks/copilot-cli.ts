// GitHub Copilot CLI's hooks (agents-and-configs.md §1.6.4): install names the events in PascalCase, which
// makes the CLI send VS Code-compatible snake_case payloads (hook_event_name, session_id, tool_name,
// tool_input), the shape the shared normaliser reads. Its tools: bash, view, edit, create, glob, grep …
// A preToolUse deny is `permissionDecision: "deny"`; the Claude-style nested form rides along for the
// VS Code-compatible dialect.
import type { HookAdapter } from './hook-adapter.js';
import { normaliseHookPayload, type HookDialect } from '../../core/hooks/hook-payload.js';
import { permissionDecisionAnswer } from './claude-code.js';

export const copilotCliDialect: HookDialect = {
  agent: 'copilot-cli',
  hooks: {
    SessionStart: 'session.start', SessionEnd: 'session.end', UserPromptSubmit: 'prompt', Stop: 'turn.end',
    PreToolUse: 'pre', PostToolUse: 'post',
  },
  readTools: new Set(['view']),
  writeTools: new Set(['edit', 'create']),
  shellTools: { bash: 'command', powershell: 'command' },
  pathKeys: ['path', 'file_path'],
};

export const copilotCliAdapter: HookAdapter = {
  agent: 'copilot-cli',
  normalise: (payload, stamp) => normaliseHookPayload(copilotCliDialect, payload, stamp),
  canBlock: (event) => event.hookEvent === 'PreToolUse',
  answer: (event, verdict) => {
    if (event.hookEvent !== 'PreToolUse' || verdict.action === 'observe') return {};
    const reason = verdict.reason ?? 'agentwatch policy';
    return { permissionDecision: 'deny', permissionDecisionReason: reason, ...(permissionDecisionAnswer('PreToolUse', { action: 'deny', reason }) as object) };
  },
};

/** The adapter the registry (index.ts) loads for the catalog's `adapter: copilot-cli`. */
export const adapter = copilotCliAdapter;

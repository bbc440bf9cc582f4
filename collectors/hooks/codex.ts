// Codex CLI's hooks (agents-and-configs.md §1.4): Claude-shaped payloads; shell is `Bash`, file edits
// are `apply_patch` whose `command` is the patch. Codex does not support "ask", so ask becomes deny.
import type { HookAdapter } from './hook-adapter.js';
import { normaliseHookPayload, type HookDialect } from '../../core/hooks/hook-payload.js';
import { permissionDecisionAnswer } from './claude-code.js';

const PATCH_FILE = /^\*\*\* (?:Add|Update|Delete) File: (.+)$/gm;

export const codexDialect: HookDialect = {
  agent: 'codex',
  hooks: {
    SessionStart: 'session.start', SessionEnd: 'session.end', UserPromptSubmit: 'prompt', PreToolUse: 'pre', PostToolUse: 'post',
    Stop: 'turn.end', SubagentStop: 'turn.end',
  },
  readTools: new Set(),
  writeTools: new Set(['apply_patch', 'Edit', 'Write']),
  shellTools: { Bash: 'command', exec_command: 'cmd', shell: 'command' },
  pathKeys: ['file_path', 'path'],
  pathsOf: (tool, input) => {
    const patch = (input as { command?: unknown; input?: unknown } | null)?.command ?? (input as { input?: unknown } | null)?.input;
    if (tool !== 'apply_patch' || typeof patch !== 'string') return [];
    return [...patch.matchAll(PATCH_FILE)].map((m) => m[1]!.trim());
  },
};

export const codexAdapter: HookAdapter = {
  agent: 'codex',
  normalise: (payload, stamp) => normaliseHookPayload(codexDialect, payload, stamp),
  canBlock: (event) => event.hookEvent === 'PreToolUse',
  answer: (event, verdict) => permissionDecisionAnswer(event.hookEvent, verdict.action === 'ask' ? { ...verdict, action: 'deny' } : verdict),
};

/** The adapter the registry (index.ts) loads for the catalog's `adapter: codex`. */
export const adapter = codexAdapter;

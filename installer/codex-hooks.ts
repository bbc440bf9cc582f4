// Pure edits of Codex CLI's ~/.codex/hooks.json (agents-and-configs.md §1.4, real-agents.md §1.5):
// a `command` hook running `agentwatch hook codex` for the events the daemon understands.
// Codex matchers are regexes over tool names (Bash, apply_patch, mcp__…); "*" matches every tool
// (verified with 0.169.0). `timeout` is in seconds.
import { addCommandHooks, commandHookFormat, hasCommandHooks, removeCommandHooks, type CommandHookSpec } from './command-hooks.js';

type Json = Record<string, unknown>;

// SessionEnd closes the session in the daemon (its workspace watches released, the console's session ended):
// without it a Codex session stayed open until it went idle.
export const CODEX_EVENTS = ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop', 'SessionEnd'] as const;
export const CODEX_TIMEOUT_S = 10;

export const codexSpec: CommandHookSpec = {
  agent: 'codex',
  events: { SessionStart: undefined, UserPromptSubmit: undefined, PreToolUse: '*', PostToolUse: '*', Stop: undefined, SessionEnd: undefined },
  // Every event gets the longer timeout when the policy holds: Codex's timeout is per entry, and one entry serves all.
  entry: (command, waitS) => ({ type: 'command', command, timeout: Math.max(CODEX_TIMEOUT_S, waitS ?? 0) }),
};

export const hasCodexHooks = (settings: Json, command: string): boolean => hasCommandHooks(codexSpec, settings, command);
export const addCodexHooks = (settings: Json, command: string, waitS?: number): Json => addCommandHooks(codexSpec, settings, command, waitS);
export const removeCodexHooks = (settings: Json): Json => removeCommandHooks(codexSpec, settings);

/** The install format (catalog `install.format: codex`). */
export const format = commandHookFormat(codexSpec);

// Qwen Code's ~/.qwen/settings.json `hooks` (Claude-shaped; qwenlm.github.io/qwen-code-docs, users/features/
// hooks): a named `command` hook running `agentwatch hook qwen-code`. Tool events match a regex over tool
// ids ("*" = every tool); the others take no matcher. A command hook's `timeout` is in milliseconds.
import { commandHookFormat } from './command-hooks.js';

export const QWEN_EVENTS = ['SessionStart', 'SessionEnd', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'Stop', 'Notification'] as const;
export const QWEN_TIMEOUT_MS = 10_000;

const TOOL_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure']);

/** The install format (catalog `install` of qwen-code). */
export const format = commandHookFormat({
  events: Object.fromEntries(QWEN_EVENTS.map((e) => [e, TOOL_EVENTS.has(e) ? '*' : undefined])),
  entry: (command) => ({ name: 'agentwatch', type: 'command', command, timeout: QWEN_TIMEOUT_MS }),
});

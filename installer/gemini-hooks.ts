// Pure edits of Gemini CLI's ~/.gemini/settings.json `hooks` (agents-and-configs.md §1.5,
// real-agents.md §2.3): a named `command` hook running `agentwatch hook gemini-cli`. Tool events
// match a regex over tool names; lifecycle events take no matcher. `timeout` is in milliseconds.
import { addCommandHooks, commandHookFormat, hasCommandHooks, removeCommandHooks, type CommandHookSpec } from './command-hooks.js';

type Json = Record<string, unknown>;

export const GEMINI_EVENTS = ['SessionStart', 'SessionEnd', 'BeforeAgent', 'AfterAgent', 'BeforeTool', 'AfterTool', 'Notification'] as const;
export const GEMINI_HOOK_NAME = 'agentwatch';
export const GEMINI_TIMEOUT_MS = 10_000;

export const geminiSpec: CommandHookSpec = {
  agent: 'gemini-cli',
  events: {
    SessionStart: undefined, SessionEnd: undefined, BeforeAgent: undefined, AfterAgent: undefined,
    BeforeTool: '.*', AfterTool: '.*', Notification: undefined,
  },
  entry: (command, waitS) => ({ name: GEMINI_HOOK_NAME, type: 'command', command, timeout: Math.max(GEMINI_TIMEOUT_MS, (waitS ?? 0) * 1000) }),
};

export const hasGeminiHooks = (settings: Json, command: string): boolean => hasCommandHooks(geminiSpec, settings, command);
export const addGeminiHooks = (settings: Json, command: string, waitS?: number): Json => addCommandHooks(geminiSpec, settings, command, waitS);
export const removeGeminiHooks = (settings: Json): Json => removeCommandHooks(geminiSpec, settings);

/** The install format (catalog `install.format: gemini`). */
export const format = commandHookFormat(geminiSpec);

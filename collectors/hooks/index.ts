// The hook adapters, one per agent, by the name in POST /v1/hooks/<agent>.
import type { HookAdapter } from './hook-adapter.js';
import { claudeCodeAdapter } from './claude-code.js';
import { codexAdapter } from './codex.js';
import { geminiCliAdapter } from './gemini-cli.js';

export const hookAdapters: ReadonlyMap<string, HookAdapter> = new Map(
  [claudeCodeAdapter, codexAdapter, geminiCliAdapter].map((a) => [a.agent, a]),
);

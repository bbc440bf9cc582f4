// Read-only: are agentwatch's hooks in this agent's user hook config? The same test install uses to
// find its own entries (installer/*-hooks.ts), but this never writes and never throws.
import fs from 'node:fs';
import path from 'node:path';
import { isOurCommand } from '../../installer/command-hooks.js';

type Json = Record<string, unknown>;

const HOOK_FILES: Record<string, (home: string) => string> = {
  'claude-code': (home) => path.join(home, '.claude', 'settings.json'),
  codex: (home) => path.join(home, '.codex', 'hooks.json'),
  'gemini-cli': (home) => path.join(home, '.gemini', 'settings.json'),
};

/** Pure: does a Claude-shaped hooks table ({Event: [{hooks: [entry]}]}) hold an agentwatch hook for `agent`? */
export function hasAgentwatchHook(settings: unknown, agent: string): boolean {
  const hooks = (settings as Json | null)?.hooks;
  if (!hooks || typeof hooks !== 'object' || Array.isArray(hooks)) return false;
  const url = new RegExp(`^http://(127\\.0\\.0\\.1|localhost)(:\\d+)?/v1/hooks/${agent}$`);
  return Object.values(hooks as Json).some((groups) => Array.isArray(groups) && groups.some((g) =>
    Array.isArray((g as Json | null)?.hooks) && ((g as Json).hooks as Json[]).some((h) =>
      (h?.type === 'http' && typeof h.url === 'string' && url.test(h.url)) || isOurCommand(h, agent))));
}

/** true/false for agents agentwatch can install hooks into; undefined for the others. */
export function hooksInstalled(agent: string, home: string): boolean | undefined {
  const file = HOOK_FILES[agent]?.(home);
  if (!file) return undefined;
  try {
    return hasAgentwatchHook(JSON.parse(fs.readFileSync(file, 'utf8')), agent);
  } catch {
    return false; // missing or unreadable: no hooks of ours there
  }
}

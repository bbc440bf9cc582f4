// Pure edits of Cursor's hooks.json (agents-and-configs.md §1.3): `{"version": 1, "hooks": {event: [entry]}}`
// with flat entries (no matcher groups) running `agentwatch hook cursor`. `timeout` is in seconds; Cursor
// fails open by default (no `failClosed`), which is what a monitor wants.
import { isOurCommand } from '../core/agents/hook-marks.js';
import type { HookFormat } from './hook-format.js';

type Json = Record<string, unknown>;
interface Entry { command?: string; type?: string; [k: string]: unknown }

export const CURSOR_EVENTS = ['sessionStart', 'sessionEnd', 'beforeSubmitPrompt', 'preToolUse', 'postToolUse', 'postToolUseFailure', 'stop'] as const;
export const CURSOR_TIMEOUT_S = 10;

// Cursor entries carry no `type` when they are commands; the shared test wants one.
const ours = (h: Entry | null | undefined, agent: string) => h !== null && typeof h === 'object' && isOurCommand({ ...h, type: h.type ?? 'command' }, agent);
const entry = (command: string): Entry => ({ command, timeout: CURSOR_TIMEOUT_S });
const table = (s: Json): Json => (s.hooks !== null && typeof s.hooks === 'object' && !Array.isArray(s.hooks) ? s.hooks as Json : {});
const listOf = (hooks: Json, event: string): Entry[] => (Array.isArray(hooks[event]) ? hooks[event] as Entry[] : []);

function has(s: Json, command: string, agent: string): boolean {
  const want = JSON.stringify(entry(command));
  return CURSOR_EVENTS.every((e) => listOf(table(s), e).some((h) => ours(h, agent) && JSON.stringify(h) === want));
}

function remove(s: Json, agent: string): Json {
  const hooks = table(s);
  let changed = false;
  const kept: Json = {};
  for (const [event, value] of Object.entries(hooks)) {
    if (!Array.isArray(value)) { kept[event] = value; continue; }
    const rest = (value as Entry[]).filter((h) => !ours(h, agent));
    if (rest.length !== value.length) changed = true;
    if (rest.length > 0 || rest.length === value.length) kept[event] = rest;
  }
  if (!changed) return s;
  const out = { ...s };
  if (Object.keys(kept).length > 0) out.hooks = kept;
  else delete out.hooks;
  return out;
}

function add(s: Json, command: string, agent: string): Json {
  if (has(s, command, agent)) return s;
  const base = remove(s, agent);
  const hooks: Json = { ...table(base) };
  for (const e of CURSOR_EVENTS) hooks[e] = [...listOf(hooks, e), entry(command)];
  return { version: 1, ...base, hooks };
}

/** The install format (catalog `install` of cursor). */
export const format: HookFormat = {
  has: (s, t, agent) => has(s, t.command, agent),
  add: (s, t, agent) => add(s, t.command, agent),
  remove: (s, agent) => remove(s, agent),
};

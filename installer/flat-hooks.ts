// Pure edits of a flat hooks table ({event: [entry]}, no matcher groups), the shape Cursor, Copilot CLI and
// Windsurf share: add one agentwatch entry per event next to the user's own, and take exactly those out again.
import { isOurCommand } from '../core/agents/hook-marks.js';
import type { HookFormat } from './hook-format.js';

type Json = Record<string, unknown>;
export interface FlatEntry { [k: string]: unknown }

export interface FlatHookSpec {
  events: readonly string[];
  /** Our entry for the forwarder command line. */
  entry: (command: string) => FlatEntry;
  /** The command line an entry runs (the key differs: `command`, `bash`). */
  commandOf: (h: FlatEntry) => unknown;
  /** Top-level keys a file we write needs (Cursor's `version: 1`); kept if the file has them. */
  header?: Json;
}

export function flatHookFormat(spec: FlatHookSpec): HookFormat {
  const ours = (h: unknown, agent: string) => h !== null && typeof h === 'object' && isOurCommand({ type: 'command', command: spec.commandOf(h as FlatEntry) }, agent);
  const table = (s: Json): Json => (s.hooks !== null && typeof s.hooks === 'object' && !Array.isArray(s.hooks) ? s.hooks as Json : {});
  const listOf = (hooks: Json, event: string): unknown[] => (Array.isArray(hooks[event]) ? hooks[event] as unknown[] : []);

  const has = (s: Json, command: string, agent: string) => {
    const want = JSON.stringify(spec.entry(command));
    return spec.events.every((e) => listOf(table(s), e).some((h) => ours(h, agent) && JSON.stringify(h) === want));
  };
  const remove = (s: Json, agent: string): Json => {
    let changed = false;
    const kept: Json = {};
    for (const [event, value] of Object.entries(table(s))) {
      if (!Array.isArray(value)) { kept[event] = value; continue; }
      const rest = value.filter((h) => !ours(h, agent));
      if (rest.length !== value.length) changed = true;
      if (rest.length > 0 || rest.length === value.length) kept[event] = rest;
    }
    if (!changed) return s;
    const out = { ...s };
    if (Object.keys(kept).length > 0) out.hooks = kept;
    else delete out.hooks;
    return out;
  };
  return {
    has: (s, t, agent) => has(s, t.command, agent),
    add: (s, t, agent) => {
      if (has(s, t.command, agent)) return s;
      const base = remove(s, agent);
      const hooks: Json = { ...table(base) };
      for (const e of spec.events) hooks[e] = [...listOf(hooks, e), spec.entry(t.command)];
      return { ...spec.header, ...base, hooks };
    },
    remove: (s, agent) => remove(s, agent),
  };
}

// Pure edits of a Claude-shaped `hooks` table ({Event: [{matcher?, hooks: [{type, command, …}]}]})
// for agents whose hooks can only run a command (Codex's hooks.json, Gemini CLI's settings.json):
// add agentwatch's forwarder next to whatever is there, and take exactly that out again.

import { isOurCommand } from '../core/agents/hook-marks.js';
import type { HookFormat } from './hook-format.js';

export { isOurCommand };

type Json = Record<string, unknown>;
interface HookEntry { type?: string; command?: string; [k: string]: unknown }
interface MatcherGroup { matcher?: string; hooks?: HookEntry[]; [k: string]: unknown }

export interface CommandHookSpec {
  /** The agent name in `agentwatch hook <agent>`. */
  agent: string;
  /** Every hook event we register, and the matcher its group gets (undefined = no matcher key). */
  events: Readonly<Record<string, string | undefined>>;
  /** The hook entry for our command (type, command, timeout, name …); `waitS`: HookTargets.waitS. */
  entry: (command: string, waitS?: number) => HookEntry;
}

function groupsOf(hooks: Json, event: string): MatcherGroup[] {
  const v = hooks[event];
  return Array.isArray(v) ? (v as MatcherGroup[]) : [];
}

const hooksTable = (settings: Json): Json =>
  (settings.hooks !== null && typeof settings.hooks === 'object' && !Array.isArray(settings.hooks) ? settings.hooks as Json : {});

/** True when every event already has exactly our hook entry (so install is a no-op). */
export function hasCommandHooks(spec: CommandHookSpec, settings: Json, command: string, waitS?: number): boolean {
  const hooks = hooksTable(settings);
  const want = JSON.stringify(spec.entry(command, waitS));
  return Object.entries(spec.events).every(([event, matcher]) => groupsOf(hooks, event).some((g) =>
    g?.matcher === matcher && g.hooks?.some((h) => isOurCommand(h, spec.agent) && JSON.stringify(h) === want)));
}

/** Settings with our hooks added (any older agentwatch hooks for this agent replaced). Never mutates its input. */
export function addCommandHooks(spec: CommandHookSpec, settings: Json, command: string, waitS?: number): Json {
  if (hasCommandHooks(spec, settings, command, waitS)) return settings;
  const base = removeCommandHooks(spec, settings);
  const hooks: Json = { ...hooksTable(base) };
  for (const [event, matcher] of Object.entries(spec.events)) {
    const group: MatcherGroup = { ...(matcher === undefined ? {} : { matcher }), hooks: [spec.entry(command, waitS)] };
    hooks[event] = [...groupsOf(hooks, event), group];
  }
  return { ...base, hooks };
}

/** Settings with every agentwatch hook of this agent taken out; emptied groups and an emptied hooks key disappear. */
export function removeCommandHooks(spec: CommandHookSpec, settings: Json): Json {
  if (settings.hooks === null || typeof settings.hooks !== 'object' || Array.isArray(settings.hooks)) return settings;
  const hooks: Json = {};
  let changed = false;
  for (const [event, value] of Object.entries(settings.hooks as Json)) {
    if (!Array.isArray(value)) { hooks[event] = value; continue; }
    let touched = false;
    const groups = (value as MatcherGroup[]).flatMap((g) => {
      if (!Array.isArray(g?.hooks) || !g.hooks.some((h) => isOurCommand(h, spec.agent))) return [g];
      touched = true;
      const rest = g.hooks.filter((h) => !isOurCommand(h, spec.agent));
      return rest.length > 0 ? [{ ...g, hooks: rest }] : [];
    });
    changed ||= touched;
    if (groups.length > 0 || !touched) hooks[event] = groups;
  }
  if (!changed) return settings;
  const out = { ...settings };
  if (Object.keys(hooks).length > 0) out.hooks = hooks;
  else delete out.hooks;
  return out;
}

/** The install format of a command-hook spec, for whichever agent the catalog installs with it. */
export function commandHookFormat(spec: Omit<CommandHookSpec, 'agent'>): HookFormat {
  const forAgent = (agent: string): CommandHookSpec => ({ ...spec, agent });
  return {
    has: (settings, t, agent) => hasCommandHooks(forAgent(agent), settings, t.command, t.waitS),
    add: (settings, t, agent) => addCommandHooks(forAgent(agent), settings, t.command, t.waitS),
    remove: (settings, agent) => removeCommandHooks(forAgent(agent), settings),
  };
}

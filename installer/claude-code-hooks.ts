// Pure edits of Claude Code's settings.json: add agentwatch's hooks next to whatever is there,
// and take exactly those out again. Every other key and hook is left as it was. Claude's format takes
// http hooks, so only SessionStart goes through the command forwarder.
import type { HookFormat, HookTargets } from './hook-format.js';
import { isOurCommand, isOurHttpHook } from '../core/agents/hook-marks.js';

export type { HookTargets };

/** Hook events sent to the daemon over HTTP. SessionStart does not fire for http hooks (2.1.197), so it uses the command forwarder. */
export const HTTP_EVENTS = [
  'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'UserPromptSubmit', 'Notification', 'Stop', 'SubagentStart',
  'SubagentStop', 'PreCompact', 'PermissionRequest', 'PermissionDenied', 'ConfigChange', 'CwdChanged', 'SessionEnd',
] as const;
const TOOL_EVENTS = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'PermissionDenied']);
export const COMMAND_EVENTS = ['SessionStart'] as const;

type Json = Record<string, unknown>;
interface HookEntry { type?: string; url?: string; command?: string }
interface MatcherGroup { matcher?: string; hooks?: HookEntry[] }

const isOurs = (h: HookEntry): boolean => isOurHttpHook(h, 'claude-code') || isOurCommand(h, 'claude-code');

function groupsOf(hooks: Json, event: string): MatcherGroup[] {
  const v = hooks[event];
  return Array.isArray(v) ? (v as MatcherGroup[]) : [];
}

/** True when every event already has exactly our hook (so install is a no-op). */
export function hasOurHooks(settings: Json, t: HookTargets): boolean {
  const hooks = (settings.hooks ?? {}) as Json;
  const has = (event: string, want: HookEntry) => groupsOf(hooks, event).some((g) => g.hooks?.some((h) => isOurs(h) && h.url === want.url && h.command === want.command));
  return HTTP_EVENTS.every((e) => has(e, { url: t.url })) && COMMAND_EVENTS.every((e) => has(e, { command: t.command }));
}

/** Settings with agentwatch's hooks added (any older agentwatch hooks replaced). */
export function addOurHooks(settings: Json, t: HookTargets): Json {
  const base = removeOurHooks(settings);
  const hooks: Json = { ...((base.hooks ?? {}) as Json) };
  for (const e of HTTP_EVENTS) {
    const group: MatcherGroup = { ...(TOOL_EVENTS.has(e) ? { matcher: '*' } : {}), hooks: [{ type: 'http', url: t.url, timeout: 5 } as HookEntry] };
    hooks[e] = [...groupsOf(hooks, e), group];
  }
  for (const e of COMMAND_EVENTS) hooks[e] = [...groupsOf(hooks, e), { hooks: [{ type: 'command', command: t.command, timeout: 5 } as HookEntry] }];
  return { ...base, hooks };
}

/** Settings with every agentwatch hook taken out; groups and the hooks key disappear when emptied. */
export function removeOurHooks(settings: Json): Json {
  if (settings.hooks === null || typeof settings.hooks !== 'object') return settings;
  const hooks: Json = {};
  for (const [event, value] of Object.entries(settings.hooks as Json)) {
    if (!Array.isArray(value)) { hooks[event] = value; continue; }
    const groups = (value as MatcherGroup[])
      .map((g) => (Array.isArray(g?.hooks) ? { ...g, hooks: g.hooks.filter((h) => !isOurs(h)) } : g))
      .filter((g) => !Array.isArray(g?.hooks) || g.hooks.length > 0);
    if (groups.length > 0) hooks[event] = groups;
  }
  const out = { ...settings };
  if (Object.keys(hooks).length > 0) out.hooks = hooks;
  else delete out.hooks;
  return out;
}

/** Claude Code's install format (the hooks always name claude-code: the http endpoint and `hook claude-code`). */
export const format: HookFormat = { has: hasOurHooks, add: addOurHooks, remove: removeOurHooks };

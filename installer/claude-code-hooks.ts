// Pure edits of Claude Code's settings.json: add agentwatch's hooks next to whatever is there,
// and take exactly those out again. Every other key and hook is left as it was. Claude's format takes
// http hooks, so only SessionStart goes through the command forwarder. The http hooks carry the install
// secret in a header (daemon/hook-auth.ts), so settings.json holds it and install keeps the file 0600.
import type { HookFormat, HookTargets } from './hook-format.js';
import { HOOK_SECRET_HEADER, isOurCommand, isOurHttpHook } from '../core/agents/hook-marks.js';
import { CLAUDE_GATED_HOOKS } from '../core/hooks/claude-dialect.js';

export type { HookTargets };

/** Hook events sent to the daemon over HTTP. SessionStart does not fire for http hooks (2.1.197), so it uses the command forwarder. */
export const HTTP_EVENTS = [
  'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'UserPromptSubmit', 'Notification', 'Stop', 'SubagentStart',
  'SubagentStop', 'PreCompact', 'PermissionRequest', 'PermissionDenied', 'ConfigChange', 'CwdChanged', 'SessionEnd',
  // A skill's `!` shell commands, which run with no tool call (2.1.332). Older versions ignore the key and
  // keep every other hook (2.1.197, tried).
  'PreSkillShellCommand',
] as const;
const TOOL_EVENTS = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'PermissionDenied', 'PreSkillShellCommand']);
export const COMMAND_EVENTS = ['SessionStart'] as const;

type Json = Record<string, unknown>;
interface HookEntry { type?: string; url?: string; command?: string; headers?: Record<string, unknown> }
interface MatcherGroup { matcher?: string; hooks?: HookEntry[] }

const isOurs = (h: HookEntry): boolean => isOurHttpHook(h, 'claude-code') || isOurCommand(h, 'claude-code');

function groupsOf(hooks: Json, event: string): MatcherGroup[] {
  const v = hooks[event];
  return Array.isArray(v) ? (v as MatcherGroup[]) : [];
}

const httpHook = (t: HookTargets): HookEntry => ({ type: 'http', url: t.url, headers: { [HOOK_SECRET_HEADER]: t.secret } });
const HOOK_TIMEOUT_S = 5;
/** PreToolUse (and a skill's shell command) may be held for the developer (policy hold): its timeout then covers the wait. */
const timeoutOf = (event: string, t: HookTargets): number => (CLAUDE_GATED_HOOKS.has(event) && t.waitS !== undefined ? Math.max(HOOK_TIMEOUT_S, t.waitS) : HOOK_TIMEOUT_S);

/** True when every event already has exactly our hook (so install is a no-op). */
export function hasOurHooks(settings: Json, t: HookTargets): boolean {
  const hooks = (settings.hooks ?? {}) as Json;
  const has = (event: string, want: HookEntry) => groupsOf(hooks, event).some((g) => g.hooks?.some((h) =>
    isOurs(h) && h.url === want.url && h.command === want.command && h.headers?.[HOOK_SECRET_HEADER] === want.headers?.[HOOK_SECRET_HEADER]
    && (h as { timeout?: unknown }).timeout === timeoutOf(event, t)));
  return HTTP_EVENTS.every((e) => has(e, httpHook(t))) && COMMAND_EVENTS.every((e) => has(e, { command: t.command }));
}

/** Settings with agentwatch's hooks added (any older agentwatch hooks replaced). */
export function addOurHooks(settings: Json, t: HookTargets): Json {
  const base = removeOurHooks(settings);
  const hooks: Json = { ...((base.hooks ?? {}) as Json) };
  for (const e of HTTP_EVENTS) {
    const group: MatcherGroup = { ...(TOOL_EVENTS.has(e) ? { matcher: '*' } : {}), hooks: [{ ...httpHook(t), timeout: timeoutOf(e, t) } as HookEntry] };
    hooks[e] = [...groupsOf(hooks, e), group];
  }
  for (const e of COMMAND_EVENTS) hooks[e] = [...groupsOf(hooks, e), { hooks: [{ type: 'command', command: t.command, timeout: timeoutOf(e, t) } as HookEntry] }];
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

/** Settings with the secret header of each of our http hooks replaced (`agentwatch token rotate`); nothing else changes. */
export function setOurSecret(settings: Json, secret: string): Json {
  if (settings.hooks === null || typeof settings.hooks !== 'object' || Array.isArray(settings.hooks)) return settings;
  const hooks: Json = {};
  for (const [event, value] of Object.entries(settings.hooks as Json)) {
    hooks[event] = !Array.isArray(value) ? value : (value as MatcherGroup[]).map((g) => (!Array.isArray(g?.hooks) ? g : {
      ...g, hooks: g.hooks.map((h) => (isOurHttpHook(h, 'claude-code') ? { ...h, headers: { ...h.headers, [HOOK_SECRET_HEADER]: secret } } : h)),
    }));
  }
  return { ...settings, hooks };
}

/** Claude Code's install format (the hooks always name claude-code: the http endpoint and `hook claude-code`). */
export const format: HookFormat = { has: hasOurHooks, add: addOurHooks, remove: removeOurHooks, setSecret: (settings, _agent, secret) => setOurSecret(settings, secret) };

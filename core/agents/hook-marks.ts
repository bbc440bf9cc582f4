// How agentwatch's own entries look in an agent's hook config: an http hook posting to our
// /v1/hooks/<agent>, or a command hook running our CLI's `hook <agent>`. The installer writes them, the
// agent inventory looks for them; neither writes nor reads files here.

type Json = Record<string, unknown>;
interface HookEntry { type?: unknown; url?: unknown; command?: unknown }

/**
 * The header a hook post proves itself with: the install secret from the state dir. Claude Code's http
 * hooks carry it literally (install writes it into settings.json, 0600); `agentwatch hook` reads it from
 * the state dir on every call, so no command-hook config holds it.
 */
export const HOOK_SECRET_HEADER = 'X-Agentwatch-Hook-Secret';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/** An agentwatch forwarder for this agent: our CLI (installed or from a checkout) running `hook <agent>`. */
export function isOurCommand(h: HookEntry | null | undefined, agent: string): boolean {
  if (h?.type !== 'command' || typeof h.command !== 'string') return false;
  return /agentwatch|daemon\/main\.js/.test(h.command) && new RegExp(`(^|\\s)hook ${escapeRegex(agent)}(\\s|$)`).test(h.command);
}

/** An http hook posting to a local agentwatch daemon's endpoint for this agent. */
export function isOurHttpHook(h: HookEntry | null | undefined, agent: string): boolean {
  return h?.type === 'http' && typeof h.url === 'string'
    && new RegExp(`^http://(127\\.0\\.0\\.1|localhost)(:\\d+)?/v1/hooks/${escapeRegex(agent)}$`).test(h.url);
}

/** Pure: does a Claude-shaped hooks table ({Event: [{hooks: [entry]}]}) hold an agentwatch hook for `agent`? */
export function hasAgentwatchHook(settings: unknown, agent: string): boolean {
  const hooks = (settings as Json | null)?.hooks;
  if (!hooks || typeof hooks !== 'object' || Array.isArray(hooks)) return false;
  return Object.values(hooks as Json).some((groups) => Array.isArray(groups) && groups.some((g) =>
    Array.isArray((g as Json | null)?.hooks) && ((g as Json).hooks as HookEntry[]).some((h) => isOurHttpHook(h, agent) || isOurCommand(h, agent))));
}

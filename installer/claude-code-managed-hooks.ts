// Claude Code's managed drop-in (`install --system`: managed-settings.d/agentwatch.json, a file of our own):
// our hooks, plus `allowManagedHooksOnly` so only managed hooks run (a user's `disableAllHooks` cannot
// switch managed ones off either) and `allowedHttpHookUrls`, which managed http hooks need to reach the
// daemon (real-agents.md §Claude Code; agents-and-configs.md §1.1.3, §5).
import type { HookFormat } from './hook-format.js';
import { addOurHooks, hasOurHooks, removeOurHooks, setOurSecret } from './claude-code-hooks.js';

type Json = Record<string, unknown>;

/** The URL pattern our http hooks match: the daemon's origin on loopback, any path under it. */
export const allowedHookUrl = (hookUrl: string): string => `${new URL(hookUrl).origin}/*`;

const POLICY_KEYS = ['allowManagedHooksOnly', 'allowedHttpHookUrls'] as const;

export const format: HookFormat = {
  has: (s, t) => hasOurHooks(s, t) && s.allowManagedHooksOnly === true
    && JSON.stringify(s.allowedHttpHookUrls) === JSON.stringify([allowedHookUrl(t.url)]),
  add: (s, t) => ({ ...addOurHooks(s, t), allowManagedHooksOnly: true, allowedHttpHookUrls: [allowedHookUrl(t.url)] }),
  remove: (s) => {
    const out = { ...removeOurHooks(s) };
    for (const k of POLICY_KEYS) delete out[k];
    return out;
  },
  setSecret: (s, _agent, secret) => setOurSecret(s, secret),
};

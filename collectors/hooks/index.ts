// The hook adapters, by the agent name in POST /v1/hooks/<agent>. The list is the agent catalog: every
// agent with `adapter: <name>` gets collectors/hooks/<name>.ts, whose `adapter` export is loaded here once.
import type { HookAdapter } from './hook-adapter.js';
import { hookedAgents } from '../../core/agents/tables.js';

export const hookAdapters: ReadonlyMap<string, HookAdapter> = new Map(await Promise.all(hookedAgents().map(async (a) => {
  const { adapter } = (await import(/* @vite-ignore */ `./${a.adapter}.js`)) as { adapter: HookAdapter };
  return [a.kind, adapter] as const;
})));

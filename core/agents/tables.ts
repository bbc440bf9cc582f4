// Tables derived from the agent catalog for the layers that read it: each computed once per catalog.
import { derived, type AgentSpec, type Catalog } from './catalog.js';

/** The agents agentwatch takes hooks from (they have a hook adapter). */
export const hookedAgents = derived((c: Catalog): AgentSpec[] => c.agents.filter((a) => a.adapter !== undefined));

/** The agents `agentwatch install` can put hooks into. */
export const installableAgents = derived((c: Catalog): AgentSpec[] => c.agents.filter((a) => a.install !== undefined));

/** Executable or npm package name (lower case) → the agent it starts (`agentwatch run` guesses with it). */
export const agentByCommand = derived((c: Catalog): ReadonlyMap<string, string> =>
  new Map(c.agents.flatMap((a) => a.commands.map((name) => [name.toLowerCase(), a.kind] as const))));

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * What a hooked agent runs for itself, never for a tool call: its own programs and helpers, and any
 * process naming its npm package. (Only hooked agents: for the others there is no hook to bypass.)
 */
export const agentOwnPrograms = derived((c: Catalog): { names: ReadonlySet<string>; packages: RegExp | undefined } => {
  const agents = hookedAgents(c);
  const names = new Set(agents.flatMap((a) => [...a.commands.filter((n) => !n.startsWith('@')), ...a.helpers]));
  const pkgs = agents.flatMap((a) => a.commands.filter((n) => n.startsWith('@')));
  return { names, packages: pkgs.length > 0 ? new RegExp(pkgs.map(escapeRegex).join('|')) : undefined };
});

/** Home-relative dirs (`.claude/projects/`) and a file pattern of what each agent writes for itself. */
export const agentStateFiles = derived((c: Catalog): ReadonlyMap<string, { homeDirs: string[]; pattern?: RegExp }> =>
  new Map(c.agents.map((a) => [a.kind, { homeDirs: a.stateDirs.map((d) => d.slice(2)), pattern: a.stateFilePattern }])));

/** Files that configure agents' hooks, as the rules name them (list agent-hook-files). */
export const agentHookFileClasses = derived((c: Catalog): { id: string; label: string; patterns: string[] }[] =>
  c.agents.flatMap((a) => (a.ruleFiles.hooks ? [a.ruleFiles.hooks] : [])));

/** Files that decide which MCP servers agents start, as the rules name them (list mcp-config-files). */
export const mcpConfigFilePatterns = derived((c: Catalog): string[] => [...new Set(c.agents.flatMap((a) => a.ruleFiles.mcp))]);

// Which agent `agentwatch run -- <command…>` supervises, guessed from the command alone (--agent overrides).
import type { AgentKind } from '../../core/event.js';
import { UNKNOWN_AGENT } from '../../core/agents/catalog.js';
import { agentByCommand } from '../../core/agents/tables.js';

// Launchers whose first non-flag argument is the real program (`npx @openai/codex`, `node cli.js`).
const LAUNCHERS = new Set(['node', 'npx', 'bun', 'bunx', 'deno', 'pnpx', 'env']);

/** `/usr/local/bin/claude` → `claude`; `C:\…\codex.cmd` → `codex`; `@openai/codex@0.1` → `@openai/codex`. */
function nameOf(arg: string): string {
  if (arg.startsWith('@')) return arg.replace(/^(@[^/]+\/[^@]+)@.*$/, '$1').toLowerCase();
  const base = arg.split(/[\\/]/).pop() ?? arg;
  return base.replace(/@[^@]*$/, '').replace(/\.(exe|cmd|bat|js|mjs|cjs|sh)$/i, '').toLowerCase();
}

/** The agent a command line starts, or 'unknown'. No PATH lookup: the names are the catalog's. */
export function guessAgent(argv: readonly string[]): AgentKind {
  const [first, ...rest] = argv;
  if (first === undefined) return UNKNOWN_AGENT;
  // Executable (or npm package) name → agent: the catalog's `commands`.
  const byName = agentByCommand();
  const name = nameOf(first);
  const direct = byName.get(name);
  if (direct !== undefined) return direct;
  if (!LAUNCHERS.has(name)) return UNKNOWN_AGENT;
  const program = rest.find((a) => !a.startsWith('-') && !a.includes('='));
  return (program === undefined ? undefined : byName.get(nameOf(program))) ?? UNKNOWN_AGENT;
}


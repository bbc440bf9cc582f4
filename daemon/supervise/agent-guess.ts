// Which agent `agentwatch run -- <command…>` supervises, guessed from the command alone (--agent overrides).
import type { AgentKind } from '../../core/event.js';

// Executable (or npm package) name → agent. `agent` is cursor-agent's short name; `q` and `kiro-cli`
// are Amazon Q Developer's CLI (Kiro's CLI took it over).
const BY_NAME: Record<string, AgentKind> = {
  claude: 'claude-code', '@anthropic-ai/claude-code': 'claude-code',
  codex: 'codex', '@openai/codex': 'codex',
  gemini: 'gemini-cli', '@google/gemini-cli': 'gemini-cli',
  'cursor-agent': 'cursor', agent: 'cursor',
  copilot: 'copilot-cli', '@github/copilot': 'copilot-cli',
  aider: 'aider', goose: 'goose', opencode: 'opencode', 'opencode-ai': 'opencode',
  q: 'amazon-q', 'kiro-cli': 'amazon-q',
};

// Launchers whose first non-flag argument is the real program (`npx @openai/codex`, `node cli.js`).
const LAUNCHERS = new Set(['node', 'npx', 'bun', 'bunx', 'deno', 'pnpx', 'env']);

/** `/usr/local/bin/claude` → `claude`; `C:\…\codex.cmd` → `codex`; `@openai/codex@0.1` → `@openai/codex`. */
function nameOf(arg: string): string {
  if (arg.startsWith('@')) return arg.replace(/^(@[^/]+\/[^@]+)@.*$/, '$1').toLowerCase();
  const base = arg.split(/[\\/]/).pop() ?? arg;
  return base.replace(/@[^@]*$/, '').replace(/\.(exe|cmd|bat|js|mjs|cjs|sh)$/i, '').toLowerCase();
}

/** The agent a command line starts, or 'unknown'. Pure: no PATH lookup, no file reads. */
export function guessAgent(argv: readonly string[]): AgentKind {
  const [first, ...rest] = argv;
  if (first === undefined) return 'unknown';
  const name = nameOf(first);
  if (BY_NAME[name]) return BY_NAME[name];
  if (!LAUNCHERS.has(name)) return 'unknown';
  const program = rest.find((a) => !a.startsWith('-') && !a.includes('='));
  return program === undefined ? 'unknown' : BY_NAME[nameOf(program)] ?? 'unknown';
}


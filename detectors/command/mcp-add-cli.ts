// An MCP server registered through an agent's own CLI (`claude mcp add`, `claude mcp add-json`, `codex mcp add`,
// `gemini mcp add`): the same change to every later session as a server written into the config file, so judged
// the same way (mcp-call.ts): the launch it registers, read off the command line.
import { baseName } from './words.js';
import { catalogRuleLists } from '../catalog.js';
import type { McpLaunch } from '../mcp-policy.js';

/** The options of the agents' `mcp add` that take a value (scope, transport, env, headers, OAuth client, timeouts, tool filters). */
const VALUED = new Set(['-s', '--scope', '-t', '--transport', '-e', '--env', '-H', '--header', '--client-id', '--client-secret', '--callback-port',
  '--url', '--bearer-token-env-var', '--timeout', '--description', '--include-tools', '--exclude-tools']);

/**
 * What `<agent> mcp add …` registers: its command and arguments, or its URL; `{}` for a form that names none here
 * (`add-from-claude-desktop`, JSON that does not parse); undefined when the command registers no server.
 */
export function mcpServerAddedByCli(argv: readonly string[]): McpLaunch | undefined {
  if (argv[1] !== 'mcp' || !/^add(-json|-from-claude-desktop)?$/.test(argv[2] ?? '')) return undefined;
  // The agents' programs are the catalog's (core/agents), so a new agent's `mcp add` is judged without a code change.
  if (!(catalogRuleLists().get('agent-programs') ?? []).includes(baseName(argv[0] ?? ''))) return undefined;
  const words = argv.slice(3);
  if (argv[2] === 'add-from-claude-desktop') return {};
  if (argv[2] === 'add-json') return jsonLaunch(words.filter((w, i) => !w.startsWith('-') && !VALUED.has(words[i - 1] ?? ''))[1]);
  const positional: string[] = [];
  let url: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // After `--`, and after the command itself, every word is the server's own (`npx -y pkg`).
    if (w === '--') return launch(positional[0] === undefined ? [] : words.slice(i + 1), url);
    if (positional.length >= 2) return launch([...positional.slice(1), ...words.slice(i)], url);
    if (VALUED.has(w)) { if (w === '--url') url = words[i + 1]; i++; continue; }
    if (w.startsWith('--url=')) { url = w.slice(6); continue; }
    if (w.startsWith('-')) continue;
    positional.push(w);
  }
  return launch(positional.slice(1), url);
}

function launch(words: readonly string[], url: string | undefined): McpLaunch {
  if (url !== undefined) return { url };
  const [first, ...rest] = words;
  if (first === undefined) return {};
  return /^https?:\/\//.test(first) ? { url: first } : { command: first, args: rest };
}

function jsonLaunch(text: string | undefined): McpLaunch {
  try {
    const s = JSON.parse(text ?? '') as { command?: unknown; args?: unknown; url?: unknown };
    return {
      ...(typeof s.command === 'string' ? { command: s.command } : {}),
      ...(Array.isArray(s.args) ? { args: s.args.filter((a): a is string => typeof a === 'string') } : {}),
      ...(typeof s.url === 'string' ? { url: s.url } : {}),
    };
  } catch { return {}; }
}

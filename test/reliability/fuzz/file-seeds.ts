// Valid config, rule, MCP config and agent catalog files — the seeds the file fuzzers mutate — and the
// one way a mutated document becomes a file's text again (or the seed's text, mutated as text).
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { stringify as toToml } from 'smol-toml';
import { BUILTIN_RULES_DIR } from '../../../detectors/index.js';
import { DEFAULT_CATALOG_FILE } from '../../../core/agents/catalog.js';
import type { McpConfigCandidate } from '../../../collectors/mcp/discover.js';
import type { ConfigFormat } from '../../../collectors/mcp/types.js';
import { chance, int, mutateDoc, mutateTextN, pick, type Rng } from './kit.js';

/** A daemon config touching every section. */
export const CONFIG_SEED = {
  bind: '127.0.0.1', port: 0,
  policy: { mode: 'enforce', decisionBudgetMs: 50, bySeverity: { medium: 'ask', high: 'deny' }, rules: { 'secret-read': 'ask' } },
  detection: { egressAllow: ['registry.npmjs.org', '*.github.com'] },
  rules: { dirs: ['/etc/agentwatch/rules'] },
  store: { batchSize: 500, flushMs: 50 },
  retention: { maxAgeDays: 30, maxDbMB: 1024, intervalMinutes: 60 },
  stream: { maxBufferedBytes: 4194304, allowedOrigins: ['http://localhost:3000'] },
  collectors: { kernel: { enabled: false } },
  hooks: { maxBodyBytes: 1048576 },
  log: { level: 'info' },
};

/** Items (rules, lists, macros) of the built-in rule pack, a few per seed file. */
export const RULE_ITEMS: unknown[] = fs.readdirSync(BUILTIN_RULES_DIR).filter((f) => f.endsWith('.yaml')).sort()
  .flatMap((f) => YAML.parse(fs.readFileSync(path.join(BUILTIN_RULES_DIR, f), 'utf8')) as unknown[]);

/** One agent of the shipped catalog, as an extra catalog file would hold it (under another kind). */
const CATALOG_AGENTS = (YAML.parse(fs.readFileSync(DEFAULT_CATALOG_FILE, 'utf8')) as { agents: Record<string, unknown>[] }).agents;
export function catalogSeed(r: Rng): unknown {
  const agent = structuredClone(pick(r, CATALOG_AGENTS));
  agent.kind = `fuzz-${agent.kind as string}`;
  for (const v of agent.variants as Record<string, unknown>[]) v.id = `fuzz-${v.id as string}`;
  return { agents: [agent] };
}

const STDIO = { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: 'ghp_x', DEBUG: 1 } };
const REMOTE = { type: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer x' } };

/** One MCP config file per dialect and format the catalog names: where the servers sit (root) and a valid document. */
export const MCP_SEEDS: { candidate: McpConfigCandidate; doc: unknown }[] = [
  { candidate: { file: '/h/.claude.json', agent: 'claude-code', scope: 'user', format: 'json', root: 'mcpServers' }, doc: { mcpServers: { github: STDIO, remote: REMOTE, ws: { type: 'ws', url: 'wss://x' } } } },
  { candidate: { file: '/h/.claude.json', agent: 'claude-code', scope: 'local', format: 'json', root: 'projects.*.mcpServers' }, doc: { projects: { '/home/u/app': { mcpServers: { db: { command: 'psql-mcp', args: ['--ro'] } } } } } },
  { candidate: { file: '/h/.gemini/settings.json', agent: 'gemini-cli', scope: 'user', format: 'jsonc', root: 'mcpServers', urlTransport: 'sse' }, doc: { mcpServers: { fs: { command: 'node', args: ['fs.js'], trust: true }, old: { url: 'http://127.0.0.1:9/sse' }, h: { httpUrl: 'https://x/mcp' } } } },
  { candidate: { file: '/h/.config/Code/User/mcp.json', agent: 'copilot', scope: 'user', format: 'jsonc', root: 'servers' }, doc: { servers: { gh: { type: 'stdio', ...STDIO }, web: REMOTE }, inputs: [{ id: 'k', type: 'promptString' }] } },
  { candidate: { file: '/h/.codex/config.toml', agent: 'codex', scope: 'user', format: 'toml', root: 'mcp_servers' }, doc: { model: 'gpt-5.5', mcp_servers: { github: { ...STDIO, enabled: true }, web: { url: 'https://x/mcp', http_headers: { A: 'b' } } } } },
  { candidate: { file: '/h/.config/zed/settings.json', agent: 'zed', scope: 'user', format: 'jsonc', root: 'context_servers' }, doc: { context_servers: { old: { command: { path: 'mcp', args: ['a'], env: {} }, settings: {} }, ext: { source: 'extension' }, new: STDIO } } },
  { candidate: { file: '/h/.config/opencode/opencode.json', agent: 'opencode', scope: 'user', format: 'jsonc', root: 'mcp' }, doc: { mcp: { local: { type: 'local', command: ['npx', 'x'], environment: { A: 'b' }, enabled: true }, remote: { type: 'remote', url: 'https://x' } } } },
  { candidate: { file: '/h/.config/goose/config.yaml', agent: 'goose', scope: 'user', format: 'yaml', root: 'extensions' }, doc: { extensions: { github: { type: 'stdio', cmd: 'npx', args: ['x'], envs: { T: 'x' }, enabled: true, name: 'GitHub' }, dev: { type: 'builtin' }, sse: { type: 'sse', uri: 'http://x/sse' } } } },
  { candidate: { file: '/h/.continue/config.yaml', agent: 'continue', scope: 'user', format: 'yaml', root: 'mcpServers' }, doc: { name: 'a', mcpServers: [{ name: 'fs', command: 'npx', args: ['fs'] }, { name: 'web', type: 'sse', url: 'http://x' }] } },
];

/** A rule pack whose aliases expand ten-fold eight times over (a "billion laughs" file). */
export const RULE_ALIAS_BOMB = ['- list: l0\n  items: &a0 [x, x, x, x, x, x, x, x, x, x]\n',
  ...Array.from({ length: 8 }, (_, i) => `- list: l${i + 1}\n  items: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]\n`)].join('');

/** A YAML list nested 3,000 deep. */
export const DEEP_YAML = `${Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}- `).join('\n')}x`;

/** A document as text of `format`: JSON (JSONC gets a comment and trailing commas), YAML or TOML. */
export function serialise(doc: unknown, format: ConfigFormat): string {
  if (doc === undefined) return '';
  // Indented, a document thousands of levels deep is megabytes of indentation: big ones are written flat.
  const flat = (JSON.stringify(doc)?.length ?? 0) > 5_000;
  if (flat && format !== 'toml') return JSON.stringify(doc); // JSON is YAML and JSONC too
  switch (format) {
    case 'json': return JSON.stringify(doc, null, 2) ?? '';
    case 'jsonc': return `// settings\n${(JSON.stringify(doc, null, 2) ?? '').replace(/\n(\s*[}\]])/g, ',\n$1')}`;
    case 'toml': return toToml(doc as Record<string, unknown>);
    case 'yaml': return YAML.stringify(doc, { aliasDuplicateObjects: false });
  }
}

/**
 * A mutated file of `format` from `doc`: mostly the document mutated and written out; some the valid
 * text mutated as text (broken syntax); a few untouched.
 */
export function mutatedFile(doc: unknown, format: ConfigFormat, r: Rng): string {
  const k = r();
  if (k < 0.05) return serialise(doc, format);
  if (k < 0.65) {
    try { return serialise(mutateDoc(doc, r), format); } catch { /* not writable as this format (TOML has no null): mutate the text */ }
  }
  const text = serialise(doc, format);
  return chance(r, 0.9) ? mutateTextN(text, r) : text.slice(0, int(r, text.length));
}

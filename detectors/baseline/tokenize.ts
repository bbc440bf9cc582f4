// Turns one event into semantic tokens (what kind of action, relative to the project) and novelty
// items (which executable, host, sensitive path class). Pure: (event, facts, session, home) only.
// Tokens are coarse on purpose: n-grams over them generalise across tasks, items carry the detail.
import type { Event } from '../../core/event.js';
import type { EventFacts } from '../facts.js';
import { baseName } from '../command/parse-command.js';
import { agentHookFiles, NETWORK_TOOLS, PERSISTENCE_FILES, STDIN_INTERPRETERS } from '../catalog.js';
import { isLocalHost } from '../command/egress.js';
import { isWithin, matchPathClass } from '../paths.js';

/** The token vocabulary. NET_EGRESS_NEW_HOST / _KNOWN_HOST depend on the baseline's hosts. */
export const TOKENS = [
  'START', 'READ_SECRET', 'READ_PROJECT', 'READ_OUTSIDE_PROJECT', 'WRITE_PROJECT', 'WRITE_OUTSIDE_PROJECT',
  'WRITE_AGENT_CONFIG', 'WRITE_PERSISTENCE', 'DELETE_PROJECT', 'DELETE_OUTSIDE_PROJECT', 'DELETE_RECURSIVE',
  'EXEC_NET_TOOL', 'EXEC_SHELL', 'EXEC_PKG_MANAGER', 'EXEC_GIT', 'EXEC_BUILD_TEST', 'EXEC_FILE_UTIL', 'EXEC_OTHER',
  'EXEC_DOWNLOAD_TO_SHELL', 'NET_EGRESS_NEW_HOST', 'NET_EGRESS_KNOWN_HOST', 'NET_EGRESS_LOCAL',
  'WEB_FETCH', 'WEB_SEARCH', 'SEARCH_PROJECT', 'SEARCH_OUTSIDE_PROJECT', 'SUBAGENT', 'MCP_TOOL', 'TOOL_OTHER',
] as const;
export type Token = (typeof TOKENS)[number];

const PKG = new Set(['npm', 'npx', 'pnpm', 'pnpx', 'yarn', 'bun', 'bunx', 'pip', 'pip3', 'pipx', 'uv', 'uvx', 'poetry', 'cargo',
  'go', 'gem', 'bundle', 'composer', 'brew', 'apt', 'apt-get', 'dnf', 'yum', 'conda', 'mvn', 'gradle', 'dotnet', 'deno']);
const BUILD = new Set(['make', 'cmake', 'ninja', 'tsc', 'vitest', 'jest', 'mocha', 'pytest', 'tox', 'eslint', 'prettier', 'rustc',
  'gcc', 'g++', 'clang', 'javac', 'ruff', 'mypy', 'black', 'webpack', 'vite', 'esbuild', 'docker', 'just']);
const FILE_UTILS = new Set(['ls', 'cat', 'head', 'tail', 'wc', 'grep', 'rg', 'find', 'fd', 'sed', 'awk', 'sort', 'uniq', 'cut', 'tr',
  'echo', 'printf', 'mkdir', 'cp', 'mv', 'rm', 'touch', 'chmod', 'ln', 'diff', 'file', 'stat', 'du', 'df', 'pwd', 'cd', 'tree',
  'less', 'more', 'xxd', 'jq', 'yq', 'basename', 'dirname', 'realpath', 'which', 'test', 'true', 'false', 'tee', 'date', 'env']);

export interface EventTokens {
  tokens: Token[];
  /** `exe:<prog>`, `host:<name>`, `class:<catalog id>`: the things whose first appearance is news. */
  items: string[];
  /** Files read outside the project, absolute. */
  outsideReads: string[];
  /** Remote hosts this event contacts (not local), for reasons. */
  hosts: string[];
}

export interface TokenizeInput {
  event: Event;
  facts: EventFacts;
  /** The project: the session's workspace. */
  project: string | undefined;
  home: string;
  /** Whether a host counts as known (in the baseline or already contacted in this session). */
  knownHost: (host: string) => boolean;
}

const EMPTY: EventTokens = { tokens: [], items: [], outsideReads: [], hosts: [] };

export function tokenizeEvent({ event, facts, project, home, knownHost }: TokenizeInput): EventTokens {
  if (event.kind === 'tool.result' || event.kind === 'session.start' || event.kind === 'session.end' || event.kind === 'prompt'
    || event.kind === 'turn.end' || event.kind === 'notification' || event.kind === 'hook.other') return EMPTY;
  const out: { tokens: Token[]; items: string[]; outsideReads: string[]; hosts: string[] } = { tokens: [], items: [], outsideReads: [], hosts: [] };
  const inProject = (p: string) => project !== undefined && isWithin(p, project);
  const tool = event.tool?.name;
  if (event.kind === 'tool.call' && tool !== undefined && tool !== 'Bash') toolTokens(event, tool, inProject, out);
  for (const cmd of facts.commands) {
    const prog = baseName(cmd.argv[0] ?? '');
    if (prog === '') continue;
    out.tokens.push(execToken(prog));
    out.items.push(`exe:${prog}`);
  }
  if (facts.downloadToShell !== undefined) out.tokens.push('EXEC_DOWNLOAD_TO_SHELL');
  const secretPaths = new Set(facts.secrets.map((s) => s.abs));
  for (const s of facts.secrets) { out.tokens.push('READ_SECRET'); out.items.push(`class:${s.classId}`); }
  for (const r of facts.reads) {
    if (secretPaths.has(r)) continue;
    if (inProject(r)) out.tokens.push('READ_PROJECT');
    else { out.tokens.push('READ_OUTSIDE_PROJECT'); out.outsideReads.push(r); }
  }
  for (const w of facts.writes) {
    const hook = matchPathClass(w.path, agentHookFiles(), home);
    const persist = hook ? undefined : matchPathClass(w.path, PERSISTENCE_FILES, home);
    if (hook) { out.tokens.push('WRITE_AGENT_CONFIG'); out.items.push(`class:${hook.id}`); }
    else if (persist) { out.tokens.push('WRITE_PERSISTENCE'); out.items.push(`class:${persist.id}`); }
    else out.tokens.push(inProject(w.path) ? 'WRITE_PROJECT' : 'WRITE_OUTSIDE_PROJECT');
  }
  for (const d of facts.deletes) out.tokens.push(d.recursive ? 'DELETE_RECURSIVE' : inProject(d.path) ? 'DELETE_PROJECT' : 'DELETE_OUTSIDE_PROJECT');
  const hosts = [...facts.egress.map((e) => e.host), ...(event.remote ? [event.remote.host ?? event.remote.addr] : [])];
  for (const h of hosts) addHost(h.toLowerCase(), knownHost, out);
  return { tokens: dedupe(out.tokens), items: dedupe(out.items), outsideReads: dedupe(out.outsideReads), hosts: dedupe(out.hosts) };
}

function toolTokens(event: Event, tool: string, inProject: (p: string) => boolean, out: { tokens: Token[]; items: string[] }): void {
  const input = (event.tool?.input ?? {}) as Record<string, unknown>;
  if (tool === 'WebFetch') out.tokens.push('WEB_FETCH');
  else if (tool === 'WebSearch') out.tokens.push('WEB_SEARCH');
  else if (tool === 'Glob' || tool === 'Grep' || tool === 'LS') {
    const p = typeof input.path === 'string' ? input.path : undefined;
    out.tokens.push(p === undefined || !p.startsWith('/') || inProject(p) ? 'SEARCH_PROJECT' : 'SEARCH_OUTSIDE_PROJECT');
  } else if (tool === 'Task' || tool === 'Agent') out.tokens.push('SUBAGENT');
  else if (tool.startsWith('mcp__')) { out.tokens.push('MCP_TOOL'); out.items.push(`mcp:${tool}`); }
  else out.tokens.push('TOOL_OTHER');
  // WebFetch hosts are not novelty items: fetching docs from a new site is what the tool is for.
}

function execToken(prog: string): Token {
  if (NETWORK_TOOLS.has(prog)) return 'EXEC_NET_TOOL';
  if (prog === 'git' || prog === 'gh') return 'EXEC_GIT';
  if (PKG.has(prog)) return 'EXEC_PKG_MANAGER';
  if (BUILD.has(prog)) return 'EXEC_BUILD_TEST';
  if (STDIN_INTERPRETERS.has(prog)) return 'EXEC_SHELL';
  if (FILE_UTILS.has(prog)) return 'EXEC_FILE_UTIL';
  return 'EXEC_OTHER';
}

function addHost(host: string, knownHost: (h: string) => boolean, out: { tokens: Token[]; items: string[]; hosts: string[] }): void {
  if (isLocalHost(host)) { out.tokens.push('NET_EGRESS_LOCAL'); return; }
  out.tokens.push(knownHost(host) ? 'NET_EGRESS_KNOWN_HOST' : 'NET_EGRESS_NEW_HOST');
  out.items.push(`host:${host}`);
  out.hosts.push(host);
}

function dedupe<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

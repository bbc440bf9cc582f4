// MCP discovery: every candidate config file of every agent (the catalog's `mcp`) → parsed → normalised servers
// with provenance, static findings and allowlist status. File problems are results, never throws.
// Used by `agentwatch mcp`, the config watcher (candidates + fingerprints) and the live scanner.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AgentKind } from '../../core/event.js';
import type { ConfigFileProblem, ConfigFormat, McpInventory, McpScope, McpServerConfig, McpServerEntry } from './types.js';
import { builtinLocations, expandTemplate, templatesFor, underSystemRoot, type McpLocation } from './locations.js';
import { expandGlob } from './fs-glob.js';
import { parseConfigText } from './parse.js';
import { normaliseDocument } from './normalise.js';
import { staticFindings } from './findings.js';
import { approvalStatus, type Allowlist } from './allowlist.js';
import { escapeControl } from '../../core/terminal.js';

export type { Allowlist } from './allowlist.js';

export interface DiscoverOptions {
  home: string;
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  /** Workspace directories whose project configs (.mcp.json, .cursor/mcp.json …) are read. */
  projects?: string[];
  /** Prefix for managed/system paths (/etc/…, /Library/…) so tests can point them into a fixture (config mcp.systemRoot). */
  systemRoot?: string;
}

export interface McpConfigCandidate {
  file: string;
  agent: AgentKind;
  scope: McpScope;
  format: ConfigFormat;
  project?: string;
  /** Where the servers sit in the file (the catalog's `mcp[].root`). */
  root?: string;
  /** Transport of a url entry without a type. */
  urlTransport?: 'http' | 'sse';
  /** The glob this file was found by, when it came from one (a watcher watches the pattern, not just the file). */
  pattern?: string;
}

/** Every path pattern the catalog names for this machine, before globs are expanded (for watchers). */
export function mcpConfigPatterns(opts: DiscoverOptions): Array<McpConfigCandidate & { pattern: string }> {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? {};
  const systemRoot = opts.systemRoot;
  const out: Array<McpConfigCandidate & { pattern: string }> = [];
  const seen = new Set<string>();
  for (const loc of builtinLocations()) {
    for (const template of templatesFor(loc, platform)) {
      const projects = template.includes('{project}') ? [...new Set(opts.projects ?? [])] : [undefined];
      for (const project of projects) {
        const ctx = { home: opts.home, platform, env, project };
        const pattern = loc.scope === 'managed' ? underSystemRoot(template, ctx, systemRoot) : expandTemplate(template, ctx);
        if (pattern === undefined) continue;
        const key = `${pattern}\0${loc.agent}\0${loc.scope}\0${loc.root}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ ...candidateOf(loc, pattern, project), pattern });
      }
    }
  }
  return out;
}

function candidateOf(loc: McpLocation, file: string, project?: string): McpConfigCandidate {
  return { file, agent: loc.agent, scope: loc.scope, format: loc.format, ...(project !== undefined ? { project } : {}), root: loc.root, urlTransport: loc.url };
}

/** Concrete files: plain paths whether or not they exist yet (so a watcher sees them appear), globs expanded against the disk. */
export function mcpConfigCandidates(opts: DiscoverOptions): McpConfigCandidate[] {
  return mcpConfigPatterns(opts).flatMap(({ pattern, ...c }) => {
    const files = expandGlob(pattern);
    return files.map((file) => (file === pattern ? c : { ...c, file, pattern }));
  });
}

export interface ParseContext { home?: string; allowlist?: Allowlist; team?: string }

/** One file's text → its servers (with findings and status) and at most one problem (the first, with a count). */
export function parseConfigFile(candidate: McpConfigCandidate, text: string, ctx: ParseContext = {}): { servers: McpServerEntry[]; problem?: ConfigFileProblem } {
  // Names and values from the file end up in the message: a newline in one would split the line.
  const problem = (error: string): ConfigFileProblem => ({ file: candidate.file, agent: candidate.agent, scope: candidate.scope, error: escapeControl(error) });
  const parsed = parseConfigText(text, candidate.format);
  if (!parsed.ok) return { servers: [], problem: problem(`${candidate.file}${parsed.line ? `:${parsed.line}` : ''}: ${parsed.error}`) };
  const root = candidate.root ?? builtinLocations().find((l) => l.agent === candidate.agent && l.scope === candidate.scope && l.format === candidate.format)?.root ?? 'mcpServers';
  const { entries, invalid } = normaliseDocument(parsed.doc, root, candidate.urlTransport ?? 'http');
  const servers = entries.map(({ config, pointer, project }) => {
    const provenance = {
      agent: candidate.agent, scope: candidate.scope, file: candidate.file, format: candidate.format, pointer,
      ...(project ?? candidate.project ? { project: project ?? candidate.project } : {}),
    };
    const status = approvalStatus(config, ctx.allowlist, ctx.team);
    const findings = staticFindings(config, { scope: candidate.scope, home: ctx.home, status });
    return { ...config, id: serverId(candidate.agent, candidate.scope, candidate.file, pointer), provenance, findings, status };
  });
  const first = invalid[0];
  if (!first) return { servers };
  const more = invalid.length > 1 ? ` (and ${invalid.length - 1} more)` : '';
  return { servers, problem: problem(`${candidate.file}: ${first.pointer}: ${first.error}${more}`) };
}

/** Stable across runs: which agent, scope, file and entry (the pointer carries the name and, for local scope, the project). */
export function serverId(agent: AgentKind, scope: McpScope, file: string, pointer: string): string {
  return `mcp_${crypto.createHash('sha256').update([agent, scope, file, pointer].join('\0')).digest('hex').slice(0, 16)}`;
}

/** A hash of what the client launches or contacts: a watcher compares it to tell "changed". */
export function serverFingerprint(entry: McpServerConfig): string {
  const sorted = (r?: Record<string, string>) => (r ? Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))) : null);
  const launch = [entry.transport, entry.command ?? null, entry.args ?? [], sorted(entry.env), entry.cwd ?? null, entry.url ?? null,
    sorted(entry.headers), entry.autoApprove ?? null, entry.trust ?? null, entry.disabled ?? null];
  return crypto.createHash('sha256').update(JSON.stringify(launch)).digest('hex').slice(0, 32);
}

// ~/.claude.json holds sessions, history and caches too; past this size something is wrong with the file.
const MAX_BYTES = 64 * 1024 * 1024;

export function discoverMcp(opts: DiscoverOptions & { allowlist?: Allowlist; team?: string }): McpInventory {
  const inventory: McpInventory = { servers: [], problems: [], filesRead: [] };
  const read = new Map<string, string | Error>();
  for (const candidate of mcpConfigCandidates(opts)) {
    let text = read.get(candidate.file);
    if (text === undefined) {
      text = readIfFile(candidate.file);
      if (text === undefined) continue;
      read.set(candidate.file, text);
      if (typeof text === 'string') inventory.filesRead.push(candidate.file);
    }
    if (text instanceof Error) {
      if (!inventory.problems.some((p) => p.file === candidate.file)) inventory.problems.push({ file: candidate.file, agent: candidate.agent, scope: candidate.scope, error: `${candidate.file}: ${text.message}` });
      continue;
    }
    const { servers, problem } = parseConfigFile(candidate, text, { home: opts.home, allowlist: opts.allowlist, team: opts.team });
    inventory.servers.push(...servers);
    // The same file seen by two catalog entries (user and local scope of ~/.claude.json) reports a parse error once.
    if (problem && !inventory.problems.some((p) => p.error === problem.error)) inventory.problems.push(problem);
  }
  const order = (s: McpServerEntry) => `${s.provenance.agent}\0${s.provenance.scope}\0${s.provenance.file}\0${s.provenance.pointer}`;
  inventory.servers.sort((a, b) => order(a).localeCompare(order(b)));
  return inventory;
}

/** The file's text; undefined when there is no such file; an Error (one line) when it exists but cannot be read. */
function readIfFile(file: string): string | Error | undefined {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return undefined;
    if (st.size > MAX_BYTES) return new Error(`larger than ${MAX_BYTES / 1024 / 1024} MB, not read`);
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return new Error(`cannot read (${code ?? (err as Error).message})`);
  }
}

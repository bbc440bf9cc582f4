// The MCP allowlist IT pushes: approved servers by package (+ exact version or semver range), by command or by
// url (globs), optionally only for some teams. Loading reports a broken file as one line (file:line) and
// leaves every server "no-policy"; matching is pure.
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import semver from 'semver';
import YAML, { LineCounter } from 'yaml';
import { z } from 'zod';
import type { ApprovalStatus, McpServerConfig } from './types.js';
import { launchPackage } from './launch.js';

const EntrySchema = z.strictObject({
  /** npm / PyPI package or container image name, without version. */
  package: z.string().min(1).optional(),
  ecosystem: z.enum(['npm', 'pypi', 'docker', 'git']).optional(),
  /** Exact version, semver range (npm) or image digest; unset = any version, including unpinned. */
  version: z.string().min(1).optional(),
  /** The command as configured; `*` matches any run of characters. */
  command: z.string().min(1).optional(),
  /** The exact argument list, when the command alone says too little. */
  args: z.array(z.string()).optional(),
  /** Remote server url; `*` matches any run of characters. */
  url: z.string().min(1).optional(),
  /** Only machines whose mcp.team is one of these. */
  teams: z.array(z.string().min(1)).min(1).optional(),
  /** The server's tools this entry approves, as globs (`query`, `list_*`); unset = every tool. Checked at call time. */
  tools: z.array(z.string().min(1)).min(1).optional(),
  note: z.string().optional(),
}).refine((e) => [e.package, e.command, e.url].filter((x) => x !== undefined).length === 1, { message: 'each entry names exactly one of package, command or url' });

const PolicySchema = z.strictObject({ version: z.literal(1).optional(), servers: z.array(EntrySchema) });

export type AllowEntry = z.infer<typeof EntrySchema>;
export interface Allowlist { file: string; entries: AllowEntry[] }
export type AllowlistLoad = { allowlist?: Allowlist; error?: string; file?: string };

/** Configured file, else ~/.config/agentwatch/mcp-allowlist.yaml, else /etc/agentwatch/mcp-allowlist.yaml (under systemRoot). */
export function allowlistCandidates(opts: { configured?: string; home: string; env?: Record<string, string | undefined>; systemRoot?: string }): string[] {
  if (opts.configured) return [opts.configured.replace(/^~(?=$|\/)/, opts.home)];
  const xdg = opts.env?.XDG_CONFIG_HOME || path.join(opts.home, '.config');
  return [path.join(xdg, 'agentwatch', 'mcp-allowlist.yaml'), path.join(opts.systemRoot ?? '/', 'etc', 'agentwatch', 'mcp-allowlist.yaml')];
}

export function loadAllowlist(opts: Parameters<typeof allowlistCandidates>[0]): AllowlistLoad {
  const files = allowlistCandidates(opts);
  for (const file of files) {
    let text: string;
    try { text = fs.readFileSync(file, 'utf8'); } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !opts.configured) continue;
      return { file, error: `allowlist ${file}: cannot read (${code ?? String(err)}); servers are shown as no-policy` };
    }
    const parsed = parseAllowlist(text, file);
    return 'error' in parsed ? { file, error: `${parsed.error}; servers are shown as no-policy` } : { file, allowlist: parsed };
  }
  return {};
}

/** Policy text → allowlist, or `allowlist FILE:LINE: what` (pure). */
export function parseAllowlist(text: string, file: string): Allowlist | { error: string } {
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, logLevel: 'error' });
  const yamlErr = doc.errors[0];
  if (yamlErr) return { error: `allowlist ${file}:${yamlErr.linePos?.[0].line ?? '?'}: not valid YAML/JSON: ${yamlErr.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` };
  const result = PolicySchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const keyPath = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lines.linePos(node.range[0]).line : 1;
    const what = issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message;
    return { error: `allowlist ${file}:${line}: ${keyPath.map(String).join('.') || '(root)'}: ${what}` };
  }
  return { file, entries: result.data.servers };
}

const globRe = (glob: string) => new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

function versionOk(want: string | undefined, have: string | undefined, ecosystem: string): boolean {
  if (want === undefined) return true;
  if (have === undefined) return false;
  if (ecosystem === 'npm' && semver.valid(have) && semver.validRange(want)) return semver.satisfies(have, want);
  return want === have;
}

/** Whether one entry approves a server. */
export function entryMatches(e: AllowEntry, c: McpServerConfig): boolean {
  if (e.package !== undefined) {
    const pkg = launchPackage(c.command, c.args);
    return pkg !== undefined && pkg.name === e.package && (e.ecosystem === undefined || e.ecosystem === pkg.ecosystem) && versionOk(e.version, pkg.version, pkg.ecosystem);
  }
  if (e.command !== undefined) {
    if (!c.command || !globRe(e.command).test(c.command)) return false;
    return e.args === undefined || JSON.stringify(e.args) === JSON.stringify(c.args ?? []);
  }
  return e.url !== undefined && c.url !== undefined && globRe(e.url).test(c.url);
}

/** The entries that approve a server for this machine's team (none: unapproved). */
export function approvingEntries(c: McpServerConfig, allowlist: Allowlist, team?: string): AllowEntry[] {
  return allowlist.entries.filter((e) => (e.teams === undefined || (team !== undefined && e.teams.includes(team))) && entryMatches(e, c));
}

/** A server is approved when some entry for this team matches it, whatever tools that entry limits it to. */
export function approvalStatus(c: McpServerConfig, allowlist: Allowlist | undefined, team?: string): ApprovalStatus {
  if (!allowlist) return 'no-policy';
  return approvingEntries(c, allowlist, team).length > 0 ? 'approved' : 'unapproved';
}

/**
 * The tool globs this team may call on an approved server (`['*']` when an entry leaves tools unset):
 * a database server's read tools for everyone in one entry, its write tools for one team in another.
 */
export function approvedTools(entries: readonly AllowEntry[]): string[] {
  return [...new Set(entries.flatMap((e) => e.tools ?? ['*']))];
}

/** Whether a tool name matches one of the approved globs (picomatch: `*`, `?`, `{a,b}`, `[…]`). */
export function toolMatches(tool: string, globs: readonly string[]): boolean {
  return globs.length > 0 && picomatch.isMatch(tool, globs as string[], { dot: true });
}

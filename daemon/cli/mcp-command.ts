// `agentwatch mcp`: every MCP server every agent on this machine is configured with — where it is configured,
// what it launches or contacts, its allowlist status and static findings — then the files that could not be
// read. With --scan, hands the inventory to the live scanner (mcp-scan-command.ts). Findings never change the
// exit code (only bad input does), unless --fail-on asks for it (CI).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultConfigFile, loadConfig } from '../config/load.js';
import { openReadOnly } from '../store/database.js';
import { sessionCwds as storedCwds } from '../store/session-store.js';
import { stateFiles } from '../state-dir.js';
import { AgentwatchError } from '../../core/errors.js';
import { severityRank, type Severity } from '../../core/event.js';
import { discoverMcp } from '../../collectors/mcp/discover.js';
import { loadAllowlist } from '../../collectors/mcp/allowlist.js';
import { redactServer } from '../../collectors/mcp/redact-entry.js';
import { commandLine } from '../../collectors/mcp/findings.js';
import type { McpInventory, McpServerEntry } from '../../collectors/mcp/types.js';
import { stateDirOf, type CommonArgs } from './options.js';

export interface McpArgs extends CommonArgs {
  project?: string[];
  scan?: boolean;
  server?: string;
  allowUnapproved?: boolean;
  failOn?: Severity;
  systemRoot?: string;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

export async function mcpCommand(args: McpArgs): Promise<void> {
  const home = os.homedir();
  const config = loadConfig(args.config ?? defaultConfigFile(process.env, home));
  const systemRoot = args.systemRoot ?? config.mcp.systemRoot;
  const projects = [...sessionCwds(args), ...config.mcp.roots.map((r) => path.resolve(r.replace(/^~(?=$|\/)/, home))), ...explicitProjects(args.project)];
  const policy = loadAllowlist({ configured: config.mcp.allowlist, home, env: process.env, systemRoot });
  const inventory = discoverMcp({ home, env: process.env, projects, allowlist: policy.allowlist, team: config.mcp.team, systemRoot });
  if (policy.error) inventory.problems.unshift({ file: policy.file ?? '', agent: 'unknown', scope: 'managed', error: policy.error });

  if (args.scan) {
    // Written separately (the live scanner); imported by a computed name so this command builds without it.
    const scanModule = './mcp-scan-command.js';
    if (!fs.existsSync(new URL(scanModule, import.meta.url))) throw new AgentwatchError('AW_ERR_ARGS', '--scan is not available in this build');
    const mod = (await import(scanModule)) as { mcpScanCommand: (a: McpArgs, inv: McpInventory) => Promise<void> };
    await mod.mcpScanCommand(args, inventory);
    return;
  }

  const servers = args.server === undefined ? inventory.servers : inventory.servers.filter((s) => s.name === args.server);
  if (args.server !== undefined && servers.length === 0) throw new AgentwatchError('AW_ERR_ARGS', `no configured MCP server is named "${args.server}"`);
  if (args.json) printJson(servers, inventory);
  else printText(servers, inventory, home);
  if (args.failOn !== undefined && servers.some((s) => s.findings.some((f) => severityRank[f.severity] >= severityRank[args.failOn!]))) process.exitCode = 1;
}

/** --project DIR…: each must be a directory (a typo should not silently read nothing). */
function explicitProjects(dirs: string[] | undefined): string[] {
  return (dirs ?? []).map((d) => {
    const abs = path.resolve(d);
    if (!fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory()) throw new AgentwatchError('AW_ERR_ARGS', `--project ${d}: no such directory`);
    return abs;
  });
}

/** The working directories of agent sessions the daemon has seen: where project configs live. */
function sessionCwds(args: CommonArgs): string[] {
  const file = stateFiles(stateDirOf(args)).db;
  if (!fs.existsSync(file)) return [];
  try {
    const db = openReadOnly(file);
    try {
      return storedCwds(db).filter((d) => fs.statSync(d, { throwIfNoEntry: false })?.isDirectory());
    } finally { db.close(); }
  } catch (err) {
    process.stderr.write(`agentwatch: cannot read session directories from ${file}: ${(err as Error).message.split('\n')[0]}\n`);
    return [];
  }
}

function printJson(servers: McpServerEntry[], inventory: McpInventory): void {
  for (const s of servers) {
    const { provenance, ...rest } = redactServer(s);
    out(JSON.stringify({ type: 'server', ...rest, ...provenance }));
  }
  for (const p of inventory.problems) out(JSON.stringify({ type: 'problem', ...p }));
}

function printText(servers: McpServerEntry[], inventory: McpInventory, home: string): void {
  const tilde = (f: string) => (f === home || f.startsWith(`${home}/`) ? `~${f.slice(home.length)}` : f);
  for (const raw of servers) {
    const s = redactServer(raw);
    const target = s.transport === 'stdio' ? commandLine(s) : s.url ?? '';
    out(`${s.name}  ${s.provenance.agent} ${s.provenance.scope}  ${s.transport}  ${target}  [${s.status}]${s.disabled ? ' (disabled)' : ''}`);
    out(`    ${tilde(s.provenance.file)}  ${s.provenance.pointer}${s.provenance.project ? `  project ${tilde(s.provenance.project)}` : ''}`);
    for (const f of s.findings) out(`    ${f.severity.padEnd(8)} ${f.id}: ${f.message}${f.evidence ? `  — ${f.evidence}` : ''}`);
  }
  for (const p of inventory.problems) out(`problem: ${p.error}`);
  const files = inventory.filesRead.length;
  out(`${servers.length} server${servers.length === 1 ? '' : 's'} from ${files} file${files === 1 ? '' : 's'}${inventory.problems.length ? `, ${inventory.problems.length} problem${inventory.problems.length === 1 ? '' : 's'}` : ''}`);
}

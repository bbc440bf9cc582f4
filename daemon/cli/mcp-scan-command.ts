// `agentwatch mcp --scan [--server NAME] [--allow-unapproved] [--json]`: starts or contacts the
// configured MCP servers, pins their tools (in the state dir's database), reports rug pulls and poisoned
// descriptions, and raises alerts: through the running daemon when there is one (stored and streamed),
// else straight into the store (scan-alert-sinks.ts). Discovery gives the inventory.
import os from 'node:os';
import type { McpInventory } from '../../collectors/mcp/types.js';
import { scanEntries, type ServerScanReport as ScanReport } from '../../collectors/mcp/scan/scan-inventory.js';
import { scanJson, scanLines } from '../../collectors/mcp/scan/scan-report.js';
import { openDatabase } from '../store/database.js';
import { PinStore } from '../store/pin-store.js';
import { ensureStateDir, readDaemonInfo, readToken, stateFiles } from '../state-dir.js';
import { daemonAlertSink, storeAlertSink } from './scan-alert-sinks.js';
import { AgentwatchError } from '../../core/errors.js';
import { severityRank, type Severity } from '../../core/event.js';
import { stateDirOf, type CommonArgs } from './options.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

function worst(r: ScanReport): number {
  const ranks = [...r.entry.findings, ...r.findings].map((f) => severityRank[f.severity]);
  if (r.pin?.state === 'changed') ranks.push(severityRank.high);
  return Math.max(-1, ...ranks);
}

export async function mcpScanCommand(args: CommonArgs & { server?: string; allowUnapproved?: boolean; json?: boolean }, inventory: McpInventory): Promise<void> {
  const { loadConfig, defaultConfigFile } = await import('../config/load.js');
  const config = loadConfig(args.config ?? defaultConfigFile(process.env, os.homedir())).mcp.scan;
  const entries = args.server === undefined ? inventory.servers : inventory.servers.filter((s) => s.name === args.server);
  if (args.server !== undefined && entries.length === 0) {
    const known = [...new Set(inventory.servers.map((s) => s.name))].sort();
    throw new AgentwatchError('AW_ERR_ARGS', `no configured MCP server is named "${args.server}"${known.length ? ` (known: ${known.join(', ')})` : ''}`);
  }
  const dir = stateDirOf(args);
  ensureStateDir(dir);
  const { db } = openDatabase(stateFiles(dir).db);
  try {
    const daemon = readDaemonInfo(dir);
    const token = readToken(dir);
    const direct = storeAlertSink(db);
    const reports = await scanEntries(entries, {
      timeoutMs: config.timeoutMs, passEnv: config.passEnv, pins: new PinStore(db),
      alerts: daemon && token ? daemonAlertSink(daemon.port, token, direct) : direct,
      allowUnapproved: Boolean(args.allowUnapproved) || config.allowUnapproved, includeDisabled: args.server !== undefined,
    });
    for (const r of reports) {
      if (args.json) out(JSON.stringify(scanJson(r)));
      else for (const line of scanLines(r)) out(line);
    }
    if (!args.json && reports.length === 0) out('no MCP servers to scan');
    // `mcp --fail-on SEVERITY` (CI): static and scan findings alike; a rug pull counts as high.
    const failOn = (args as { failOn?: Severity }).failOn;
    if (failOn !== undefined && reports.some((r) => worst(r) >= severityRank[failOn])) process.exitCode = 1;
  } finally {
    db.close();
  }
}

// The tables of the osquery export database (daemon/fleet/osquery-export.ts), declared once: the export
// creates them from this, `agentwatch osquery-config` prints the ATC block from it, docs/fleet-outputs.md
// describes it. osquery's Automatic Table Construction exposes every column as TEXT.
import path from 'node:path';

export interface OsqueryColumn { name: string; type: 'TEXT' | 'INTEGER'; description: string }
export interface OsqueryTable { name: string; description: string; columns: readonly OsqueryColumn[] }

const text = (name: string, description: string): OsqueryColumn => ({ name, type: 'TEXT', description });
const int = (name: string, description: string): OsqueryColumn => ({ name, type: 'INTEGER', description });

export const OSQUERY_TABLES: readonly OsqueryTable[] = [
  {
    name: 'agentwatch_alerts', description: 'The newest alerts (at most outputs.osquery.maxRows), newest first.',
    columns: [
      text('id', 'alert id (uuid)'), text('ts', 'first seen, ISO 8601'), text('last_ts', 'last merged repeat, ISO 8601'),
      text('severity', 'info|low|medium|high|critical'), text('tactic', 'MITRE ATT&CK tactic, or behavior-anomaly'),
      text('technique', 'MITRE ATT&CK technique id, e.g. T1552.001'), text('rule', 'rule id'), text('title', 'one-line title'),
      text('reason', 'why, in a sentence'), text('agent', 'agent kind, e.g. claude-code'), text('session_id', "the agent's own session id"),
      int('count', 'identical findings merged into it'), int('acked', '1 when acknowledged'), int('blocked', '1 when the tool call was denied'),
      text('evidence', 'JSON array of the event ids that show it'),
    ],
  },
  {
    name: 'agentwatch_agents', description: 'Every agent of the catalog, with its processes running now.',
    columns: [
      text('kind', 'agent kind'), text('label', 'display name'), int('hook_adapter', '1 when agentwatch can take its hooks'),
      int('running', 'processes of it running now'), text('pids', 'their pids, space-separated'),
      text('session_ids', 'their session ids, space-separated'), text('last_started', 'last process start seen, ISO 8601'),
    ],
  },
  {
    name: 'agentwatch_sessions', description: 'The newest agent sessions (at most outputs.osquery.maxRows), newest first.',
    columns: [
      text('id', "the agent's own session id"), text('agent', 'agent kind'), text('cwd', 'working directory'),
      text('transcript_path', "where the agent keeps the session's transcript"), text('first_ts', 'first event, ISO 8601'),
      text('last_ts', 'last event, ISO 8601'), text('ended_ts', 'session end, ISO 8601, empty while open'),
      int('event_count', 'events stored'), int('alert_count', 'alerts raised'),
    ],
  },
  {
    name: 'agentwatch_mcp_servers', description: "Every MCP server configured for every agent, from the config watcher's last inventory.",
    columns: [
      text('id', 'agent, scope, file and name'), text('agent', 'agent kind'), text('scope', 'managed|user|project|local|extension'),
      text('file', 'config file'), text('name', 'server name'), text('transport', 'stdio|http|sse'),
      text('launch', 'command and arguments, or URL (redacted)'), text('fingerprint', 'hash of what the client launches'),
      text('first_seen', 'ISO 8601'), text('last_seen', 'ISO 8601'),
    ],
  },
];

/** Where the export database is, for osquery's `path` (`%` matches any one user's home). */
export function osqueryDbPattern(scope: 'user' | 'system', platform: 'linux' | 'darwin'): string {
  if (scope === 'system') return '/var/lib/agentwatch/osquery.db';
  return platform === 'darwin' ? '/Users/%/Library/Application Support/agentwatch/osquery.db' : '/home/%/.local/state/agentwatch/osquery.db';
}

/** The `auto_table_construction` block of an osquery config for the export database at `dbPath`. */
export function atcConfig(dbPath: string, platform: 'linux' | 'darwin'): { auto_table_construction: Record<string, { query: string; path: string; columns: string[]; platform: string }> } {
  const tables = OSQUERY_TABLES.map((t) => [t.name, {
    query: `SELECT ${t.columns.map((c) => c.name).join(', ')} FROM ${t.name};`,
    path: path.posix.normalize(dbPath),
    columns: t.columns.map((c) => c.name),
    platform,
  }] as const);
  return { auto_table_construction: Object.fromEntries(tables) };
}

// The SQL of the osquery export (daemon/fleet/osquery-export.ts): a new SQLite file (rollback journal,
// never WAL) filled from the daemon's database through ATTACH, then renamed over the old one. A reader
// (osquery) that has the old file open keeps reading it whole; the next open gets the new one.
import fs from 'node:fs';
import type { DB } from './database.js';
import type { OsqueryTable } from '../fleet/osquery-tables.js';
import { BASELINE_MARKER } from './mcp-snapshot-store.js';

export interface ExportAgent { kind: string; label: string; hookAdapter: boolean; pids: number[]; sessionIds: string[]; lastStarted?: string }

export interface ExportCounts { alerts: number; sessions: number; mcpServers: number; agents: number }

const FILL: Record<string, string> = {
  agentwatch_alerts: `SELECT id, ts, last_ts, severity, json_extract(body, '$.tactic'), json_extract(body, '$.technique'), rule,
      json_extract(body, '$.title'), json_extract(body, '$.reason'), json_extract(body, '$.agent.kind'), session_id, count, acked,
      CASE WHEN json_extract(body, '$.blocked') THEN 1 ELSE 0 END, json_extract(body, '$.evidence')
    FROM main.alerts ORDER BY last_ts DESC LIMIT @maxRows`,
  // alerts has no index on session_id alone: count them all in one pass, not once per session.
  agentwatch_sessions: `SELECT s.id, s.agent, s.cwd, s.transcript_path, s.first_ts, s.last_ts, s.ended_ts, s.event_count, ifnull(c.n, 0)
    FROM main.sessions s LEFT JOIN (SELECT session_id, count(*) AS n FROM main.alerts GROUP BY session_id) c ON c.session_id = s.id
    ORDER BY s.last_ts DESC LIMIT @maxRows`,
  agentwatch_mcp_servers: `SELECT id, agent, scope, file, name, json_extract(body, '$.transport'), json_extract(body, '$.launch'),
      fingerprint, first_seen, last_seen FROM main.mcp_servers WHERE id != @marker ORDER BY agent, scope, file, name`,
};

/** Writes the export database to `file` (0600), atomically. */
export function writeOsqueryExport(db: DB, file: string, tables: readonly OsqueryTable[], agents: readonly ExportAgent[], maxRows: number): ExportCounts {
  const tmp = `${file}.${process.pid}.tmp`;
  for (const f of [tmp, `${tmp}-journal`]) fs.rmSync(f, { force: true });
  db.prepare('ATTACH DATABASE ? AS export').run(tmp);
  const counts: ExportCounts = { alerts: 0, sessions: 0, mcpServers: 0, agents: 0 };
  try {
    db.pragma('export.journal_mode = DELETE');
    db.transaction(() => {
      for (const t of tables) {
        db.exec(`CREATE TABLE export.${t.name} (${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`);
        const fill = FILL[t.name];
        if (fill) {
          const n = db.prepare(`INSERT INTO export.${t.name} ${fill}`).run({ maxRows, marker: BASELINE_MARKER }).changes;
          if (t.name === 'agentwatch_alerts') counts.alerts = n;
          else if (t.name === 'agentwatch_sessions') counts.sessions = n;
          else counts.mcpServers = n;
        }
      }
      const insert = db.prepare('INSERT INTO export.agentwatch_agents VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const a of agents) insert.run(a.kind, a.label, a.hookAdapter ? 1 : 0, a.pids.length, a.pids.join(' '), a.sessionIds.join(' '), a.lastStarted ?? null);
      counts.agents = agents.length;
    })();
  } finally {
    db.exec('DETACH DATABASE export');
  }
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
  return counts;
}

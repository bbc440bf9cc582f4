// The MCP config watcher's last inventory on disk (mcp_servers, migration 3), so changes made while
// the daemon was down are reported at the next start. One marker row says a baseline was taken: a
// machine whose first inventory was empty still gets its first server reported, while the very first
// start only records (otherwise every install floods alerts).
import type { DB } from './database.js';
import type { SnapshotServer } from '../../collectors/mcp/watch-diff.js';
import type { McpSnapshotPersistence } from '../../collectors/mcp/mcp-config-collector.js';

/** The marker row's id; never a real server (real ids start with the agent kind). */
export const BASELINE_MARKER = '\0agentwatch:mcp-baseline';

export class McpSnapshotStore implements McpSnapshotPersistence {
  private readonly stmt;
  private readonly replace;

  constructor(db: DB) {
    this.stmt = {
      all: db.prepare('SELECT id, agent, scope, file, name, fingerprint, body FROM mcp_servers WHERE id != ?'),
      marker: db.prepare('SELECT 1 FROM mcp_servers WHERE id = ?'),
      mark: db.prepare(`INSERT OR IGNORE INTO mcp_servers (id, agent, scope, file, name, fingerprint, body, first_seen, last_seen)
        VALUES (?, 'unknown', 'user', '', '', '', '{}', ?, ?)`),
      deleteFile: db.prepare('DELETE FROM mcp_servers WHERE file = ? AND id != ?'),
      firstSeen: db.prepare('SELECT id, first_seen FROM mcp_servers WHERE file = ?'),
      insert: db.prepare(`INSERT OR REPLACE INTO mcp_servers (id, agent, scope, file, name, fingerprint, body, first_seen, last_seen)
        VALUES (@id, @agent, @scope, @file, @name, @fingerprint, @body, @firstSeen, @lastSeen)`),
    };
    this.replace = db.transaction((file: string, servers: readonly SnapshotServer[], now: string) => {
      const first = new Map((this.stmt.firstSeen.all(file) as { id: string; first_seen: string }[]).map((r) => [r.id, r.first_seen]));
      this.stmt.deleteFile.run(file, BASELINE_MARKER);
      for (const s of servers) this.stmt.insert.run({ ...s, firstSeen: first.get(s.id) ?? now, lastSeen: now });
    });
  }

  load(): SnapshotServer[] {
    return this.stmt.all.all(BASELINE_MARKER) as SnapshotServer[];
  }

  baselineTaken(): boolean {
    return this.stmt.marker.get(BASELINE_MARKER) !== undefined;
  }

  markBaseline(now: string): void {
    this.stmt.mark.run(BASELINE_MARKER, now, now);
  }

  /** The file's servers become exactly `servers` (first_seen kept for servers already known). */
  replaceFile(file: string, servers: readonly SnapshotServer[], now: string): void {
    this.replace(file, servers, now);
  }
}

// The sessions table read back: recent sessions and their last hook event (the agent listing), and the
// working directories of every session seen (where `agentwatch mcp` looks for project configs).
import type { DB } from './database.js';
import type { SessionRecords, StoredSession } from '../../collectors/agents/store-sessions.js';

interface Row { id: string; agent: string; cwd: string | null; first_ts: string; last_ts: string; ended_ts: string | null }

export class SessionLookup implements SessionRecords {
  private readonly recentStmt;
  private readonly byIdStmt;
  private readonly hookStmt;
  constructor(db: DB) {
    this.recentStmt = db.prepare('SELECT id, agent, cwd, first_ts, last_ts, ended_ts FROM sessions WHERE last_ts >= ? ORDER BY last_ts DESC LIMIT 500');
    this.byIdStmt = db.prepare('SELECT id, agent, cwd, first_ts, last_ts, ended_ts FROM sessions WHERE id = ?');
    this.hookStmt = db.prepare("SELECT max(ts) AS ts FROM events WHERE session_id = ? AND source = 'hook'");
  }

  recent(sinceIso: string): StoredSession[] {
    return (this.recentStmt.all(sinceIso) as Row[]).map((r) => this.withHook(r));
  }

  byId(id: string): StoredSession | undefined {
    const r = this.byIdStmt.get(id) as Row | undefined;
    return r ? this.withHook(r) : undefined;
  }

  private withHook(r: Row): StoredSession {
    const hook = (this.hookStmt.get(r.id) as { ts: string | null }).ts;
    return {
      id: r.id, agent: r.agent, firstTs: r.first_ts, lastTs: r.last_ts,
      ...(r.cwd !== null ? { cwd: r.cwd } : {}), ...(r.ended_ts !== null ? { endedTs: r.ended_ts } : {}),
      ...(hook ? { lastHookTs: hook } : {}),
    };
  }
}

/** Every working directory a stored session had. */
export function sessionCwds(db: DB): string[] {
  return (db.prepare("SELECT DISTINCT cwd FROM sessions WHERE cwd IS NOT NULL AND cwd != ''").all() as Array<{ cwd: string }>).map((r) => r.cwd);
}

/**
 * The latest agent session whose stored events since `sinceIso` that can change a file (writes, deletes,
 * renames, tool calls, commands; not reads) contain one of `needles`. Only evidence that names the session
 * itself counts: its hooks, and OS events of its processes (with a pid). A file-watcher event without a pid is
 * tied to a session only because the file lies in its workspace, which says nothing of who wrote it.
 */
export function sessionNaming(db: DB, needles: readonly string[], sinceIso: string): { agent: string; sessionId: string } | undefined {
  const stmt = db.prepare(`SELECT session_id AS sessionId, agent FROM events
    WHERE ts >= ? AND session_id IS NOT NULL AND kind IN ('file.write', 'file.delete', 'file.rename', 'tool.call', 'exec')
      AND (source = 'hook' OR (source IN ('process', 'file') AND json_extract(body, '$.pid') IS NOT NULL))
      AND instr(body, ?) > 0 ORDER BY seq DESC LIMIT 1`);
  const hits = needles.flatMap((n) => { const r = stmt.get(sinceIso, n) as { sessionId: string; agent: string } | undefined; return r ? [r] : []; });
  return hits[0];
}

// What the store knows about sessions (the sessions table the event store keeps, opened read-only by
// the caller): recent sessions, and when the last hook event of a session arrived.
import type { DB } from '../../daemon/store/database.js';

export interface StoredSession {
  id: string;
  agent: string;
  cwd?: string;
  firstTs: string;
  lastTs: string;
  endedTs?: string;
  /** ts of the newest hook event of this session (undefined: no hook event ever arrived). */
  lastHookTs?: string;
}

interface Row { id: string; agent: string; cwd: string | null; first_ts: string; last_ts: string; ended_ts: string | null }

export class SessionLookup {
  private readonly recentStmt;
  private readonly byIdStmt;
  private readonly hookStmt;
  constructor(db: DB) {
    this.recentStmt = db.prepare('SELECT id, agent, cwd, first_ts, last_ts, ended_ts FROM sessions WHERE last_ts >= ? ORDER BY last_ts DESC LIMIT 500');
    this.byIdStmt = db.prepare('SELECT id, agent, cwd, first_ts, last_ts, ended_ts FROM sessions WHERE id = ?');
    this.hookStmt = db.prepare("SELECT max(ts) AS ts FROM events WHERE session_id = ? AND source = 'hook'");
  }

  /** Sessions with an event since `sinceIso`, newest first. */
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

/**
 * Pure: for an agent process with no session id of its own, the live store sessions of the same agent
 * and working directory that started after it did (ancestry gave nothing, cwd is the tie).
 */
export function sessionsByCwd(
  row: { agent: string; cwd?: string; startedAt?: string }, recent: readonly StoredSession[],
): StoredSession[] {
  if (!row.cwd) return [];
  return recent.filter((s) => s.agent === row.agent && s.cwd === row.cwd && !s.endedTs
    && (!row.startedAt || s.lastTs >= row.startedAt));
}

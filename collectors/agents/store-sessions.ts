// What the store knows about sessions (the sessions table the event store keeps): the records the
// agent listing needs, the interface the store implements (daemon/store/session-store.ts), and the
// pure tie of a session-less agent process to its store sessions.

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

/** Read access to the stored sessions (implemented by the store). */
export interface SessionRecords {
  /** Sessions with an event since `sinceIso`, newest first. */
  recent(sinceIso: string): StoredSession[];
  byId(id: string): StoredSession | undefined;
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

// Whose doing a change to one of our files was: the agent session whose events (a hook's tool input, a
// shell command, an OS file event attributed to it) named the file in the last moments. Stored events
// only: the file is named the way the agent wrote it, absolute or `~/`.
import path from 'node:path';
import type { DB } from '../store/database.js';

export function sessionTouching(db: DB, file: string, home: string, sinceMs: number): { agent: string; sessionId: string } | undefined {
  const rel = file.startsWith(`${home}${path.sep}`) ? `~/${file.slice(home.length + 1)}` : undefined;
  const row = db.prepare(`SELECT session_id AS sessionId, agent FROM events
    WHERE ts >= ? AND session_id IS NOT NULL AND source != 'self' AND (instr(body, ?) > 0 OR (? IS NOT NULL AND instr(body, ?) > 0))
    ORDER BY seq DESC LIMIT 1`).get(new Date(sinceMs).toISOString(), JSON.stringify(file).slice(1, -1), rel ?? null, rel === undefined ? null : JSON.stringify(rel).slice(1, -1)) as { sessionId: string; agent: string } | undefined;
  return row;
}

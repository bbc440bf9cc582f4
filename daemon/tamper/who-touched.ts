// Whose doing a change to one of our files was: the agent session whose events (a hook's tool input, a
// shell command, an OS file event attributed to it) named the file in the last moments. Stored events
// only: the file is named the way the agent wrote it, absolute or `~/`.
import path from 'node:path';
import type { DB } from '../store/database.js';
import { sessionNaming } from '../store/session-store.js';

export function sessionTouching(db: DB, file: string, home: string, sinceMs: number): { agent: string; sessionId: string } | undefined {
  const rel = file.startsWith(`${home}${path.sep}`) ? `~/${file.slice(home.length + 1)}` : undefined;
  // As the file is spelled inside the events' JSON bodies.
  const needles = [file, ...(rel ? [rel] : [])].map((f) => JSON.stringify(f).slice(1, -1));
  return sessionNaming(db, needles, new Date(sinceMs).toISOString());
}

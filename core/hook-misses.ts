// Hook calls that never reached the daemon. `agentwatch hook <agent>` fails open when the daemon is down,
// slow or refuses it, so the agent goes on unwatched; each such call appends one line here (state dir
// `hook-misses.ndjson`, 0600, O_APPEND so concurrent hooks never tear a line). The daemon takes the file
// (rename, then read) at start and on every heartbeat and reports it, so a fail-open gap always shows.
import fs from 'node:fs';
import { stateFiles } from './state-files.js';
import { isProbeSession } from './probe.js';

export interface HookMiss { ts: string; agent: string; sessionId?: string; why: string }

export interface MissReport {
  count: number;
  byAgent: Record<string, number>;
  /** Agent session ids that ran while their hooks could not be delivered (at most MAX_SESSIONS). */
  sessions: { agent: string; sessionId: string }[];
  first: string;
  last: string;
  /** The last reason a hook gave. */
  why: string;
}

/** Past this size the file takes no more lines (a daemon down for weeks must not fill the disk); `count` is then a floor. */
const MAX_BYTES = 1024 * 1024;
const MAX_SESSIONS = 50;
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** Appends one miss; never throws (the hook must still answer its agent). */
export function recordMiss(stateDir: string, miss: HookMiss): void {
  if (isProbeSession(miss.sessionId)) return; // `agentwatch doctor` reports its own probes
  const file = stateFiles(stateDir).hookMisses;
  try {
    if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) return;
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | NOFOLLOW, 0o600);
    try { fs.writeSync(fd, `${JSON.stringify({ ...miss, why: miss.why.slice(0, 200) })}\n`); } finally { fs.closeSync(fd); }
  } catch { /* a state dir we cannot write: nothing to count in, the stderr line is all there is */ }
}

/** Pure: the lines of the file → one report (undefined when there is no miss). */
export function summariseMisses(text: string): MissReport | undefined {
  const misses = text.split('\n').flatMap((l): HookMiss[] => {
    try {
      const m = JSON.parse(l) as Partial<HookMiss>;
      return typeof m.agent === 'string' && typeof m.ts === 'string' ? [{ ts: m.ts, agent: m.agent, why: String(m.why ?? ''), ...(typeof m.sessionId === 'string' ? { sessionId: m.sessionId } : {}) }] : [];
    } catch { return []; }
  });
  if (misses.length === 0) return undefined;
  const byAgent: Record<string, number> = {};
  const sessions = new Map<string, { agent: string; sessionId: string }>();
  for (const m of misses) {
    byAgent[m.agent] = (byAgent[m.agent] ?? 0) + 1;
    if (m.sessionId && sessions.size < MAX_SESSIONS) sessions.set(`${m.agent}\0${m.sessionId}`, { agent: m.agent, sessionId: m.sessionId });
  }
  const ts = misses.map((m) => m.ts).sort();
  return { count: misses.length, byAgent, sessions: [...sessions.values()], first: ts[0]!, last: ts.at(-1)!, why: misses.at(-1)!.why };
}

/** Takes every miss recorded so far (the file is emptied), as one report. */
export function takeMisses(stateDir: string): MissReport | undefined {
  const file = stateFiles(stateDir).hookMisses;
  const taken = `${file}.${process.pid}.taking`;
  try { fs.renameSync(file, taken); } catch { return undefined; } // none recorded
  try {
    if (fs.lstatSync(taken).isSymbolicLink()) return undefined;
    return summariseMisses(fs.readFileSync(taken, 'utf8'));
  } finally { fs.rmSync(taken, { force: true }); }
}

// Pure helpers of the Linux process poller: /proc text in, snapshots and Events out. No I/O here, so
// the unit tests feed literal strings (STYLE lesson 3); process-poll-collector.ts does the reading.
import type { Event } from '../../core/event.js';

/** What one poll learned about one process. */
export interface ProcInfo {
  pid: number;
  ppid: number;
  /** `pid:starttime` — starttime (field 22 of stat, clock ticks since boot) makes pid reuse harmless. */
  procKey: string;
  /** Kernel command name (stat field 2, at most 15 chars); a change means the process exec'd again. */
  comm: string;
  startTicks: number;
  /** Seen only as a zombie (exited, not yet reaped): comm is all that is left, no argv, exe or cwd. */
  zombie?: boolean;
  uid?: number;
  exe?: string;
  argv?: string[];
  cwd?: string;
  /** When this poller first saw it (ISO), for the exit event's approximate lifetime. */
  seenAt?: string;
  /** Seen between fork and exec (its parent's comm and argv): reported when it execs, as a first exec. */
  preExec?: boolean;
}

export interface ProcStat { pid: number; comm: string; state: string; ppid: number; startTicks: number }

/** Parses /proc/<pid>/stat. comm may hold spaces and ')' — the last ')' ends it, as procps does. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state); field n sits at rest[n - 3].
  const state = rest[0];
  const ppid = Number(rest[1]);
  const startTicks = Number(rest[19]);
  if (!Number.isInteger(pid) || state === undefined || !Number.isInteger(ppid) || !Number.isFinite(startTicks)) return undefined;
  return { pid, comm: text.slice(open + 1, close), state, ppid, startTicks };
}

/** /proc/<pid>/cmdline: NUL-separated argv; empty for kernel threads and zombies. */
export function parseCmdline(text: string): string[] {
  const parts = text.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

/** The real uid from /proc/<pid>/status ("Uid:\treal\teffective\t…"). */
export function parseStatusUid(text: string): number | undefined {
  const m = /^Uid:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Boot time (seconds since the epoch) from /proc/stat, to turn start ticks into a wall-clock time. */
export function parseBootTime(text: string): number | undefined {
  const m = /^btime\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

export interface ProcDiffOptions {
  newId?: () => string;
  /** Never reported (the daemon itself). */
  selfPid?: number;
  /** Boot time in seconds and clock ticks per second, for detail.startedAt. */
  bootTime?: number;
  clkTck?: number;
}

let fallbackSeq = 0;

/**
 * New processes become `exec`, vanished ones `exit`, and a known process whose comm changed exec'd a
 * new program (we first saw it between fork and exec), so it gets a second `exec` with `reexec`.
 */
export function diffProcesses(
  prev: ReadonlyMap<string, ProcInfo>, next: ReadonlyMap<string, ProcInfo>, now: string, opts: ProcDiffOptions = {},
): Event[] {
  const newId = opts.newId ?? (() => `poll-${++fallbackSeq}`);
  const events: Event[] = [];
  const byPid = new Map<number, ProcInfo>();
  for (const p of next.values()) byPid.set(p.pid, p);
  for (const [key, p] of next) {
    if (p.pid === opts.selfPid) continue;
    const before = prev.get(key);
    if (!before) {
      // A fork caught before its exec still shows its parent's program: reporting it would say the parent
      // ran again (a second `claude --dangerously-skip-permissions`). Wait for the exec; a fork that never
      // execs runs no new program. The mark lives on the snapshot entry, so the next diff sees it.
      if (isPreExecFork(p, byPid.get(p.ppid))) { p.preExec = true; continue; }
      events.push(execEvent(p, now, newId(), opts, false));
    } else if (before.comm !== p.comm) events.push(execEvent(p, now, newId(), opts, before.preExec !== true));
    else if (before.preExec) p.preExec = true;
  }
  for (const [key, p] of prev) {
    if (next.has(key) || p.pid === opts.selfPid) continue;
    const detail: Record<string, string | number | boolean> = { tier: 'poll', comm: p.comm };
    if (p.seenAt) detail.lifetimeMsAtLeast = Math.max(0, Date.parse(now) - Date.parse(p.seenAt));
    events.push({
      id: newId(), ts: now, source: 'process', kind: 'exit', agent: { kind: 'unknown' },
      pid: p.pid, ppid: p.ppid, procKey: p.procKey, ...(p.exe ? { exe: p.exe } : {}), ...(p.uid !== undefined ? { uid: p.uid } : {}), detail,
    });
  }
  return events;
}

function isPreExecFork(p: ProcInfo, parent: ProcInfo | undefined): boolean {
  if (!parent || p.zombie || p.comm !== parent.comm || !p.argv || !parent.argv || p.argv.length !== parent.argv.length) return false;
  return p.argv.every((a, i) => a === parent.argv![i]);
}

function execEvent(p: ProcInfo, now: string, id: string, opts: ProcDiffOptions, reexec: boolean): Event {
  const detail: Record<string, string | number | boolean> = { tier: 'poll', comm: p.comm, startTicks: p.startTicks };
  if (reexec) detail.reexec = true;
  if (p.zombie) detail.zombie = true;
  if (opts.bootTime !== undefined) {
    detail.startedAt = new Date((opts.bootTime + p.startTicks / (opts.clkTck ?? 100)) * 1000).toISOString();
  }
  // A kernel thread or a process gone before we read cmdline has no argv: fall back to comm.
  const argv = p.argv && p.argv.length > 0 ? p.argv : undefined;
  return {
    id, ts: now, source: 'process', kind: 'exec', agent: { kind: 'unknown' },
    pid: p.pid, ppid: p.ppid, procKey: p.procKey,
    ...(p.exe ? { exe: p.exe } : {}),
    ...(argv ? { argv, command: argv.join(' ') } : { command: p.comm }),
    ...(p.cwd ? { cwd: p.cwd } : {}),
    ...(p.uid !== undefined ? { uid: p.uid } : {}),
    detail,
  };
}

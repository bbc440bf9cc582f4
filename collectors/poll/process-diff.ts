// The poll tier's events from two process-table snapshots: new processes become `exec`, vanished ones
// `exit`. Pure: the table (collectors/proc) does the reading, the unit tests give hand-made snapshots.
import type { Event } from '../../core/event.js';
import { isPreExecFork, sameArgv, startedAtOf, type ProcRecord } from '../proc/record.js';

export interface ProcDiffOptions {
  newId?: () => string;
  /** Never reported (the daemon itself). */
  selfPid?: number;
  /** Boot time in seconds and clock ticks per second, for detail.startedAt. */
  bootTime?: number;
  clkTck?: number;
}

let fallbackSeq = 0;

/** How long a process may show its program but no command line before it is reported without one. */
export const MID_EXEC_MAX_MS = 2_000;

/**
 * New processes become `exec`, vanished ones `exit`, and a known process whose comm changed exec'd a
 * new program (we first saw it between fork and exec), so it gets a second `exec` with `reexec`.
 */
export function diffProcesses(
  prev: ReadonlyMap<string, ProcRecord>, next: ReadonlyMap<string, ProcRecord>, now: string, opts: ProcDiffOptions = {},
): Event[] {
  const newId = opts.newId ?? (() => `poll-${++fallbackSeq}`);
  const events: Event[] = [];
  const byPid = new Map<number, ProcRecord>();
  for (const p of next.values()) byPid.set(p.pid, p);
  const gone: ProcRecord[] = [];
  for (const [key, p] of prev) if (!next.has(key) && p.pid !== opts.selfPid) gone.push(p);
  // A gone process whose pid a new one holds now exits first: a child of the new holder, listed (and
  // attributed) before it, must not find the old process under its parent's pid and inherit its session.
  // Other exits come last, so a child whose parent exited within this scan still finds the parent.
  for (const p of gone) if (byPid.has(p.pid)) events.push(exitEvent(p, now, newId()));
  for (const [key, p] of next) {
    if (p.pid === opts.selfPid) continue;
    const before = prev.get(key);
    if (!before) {
      // A fork caught before its exec still shows its parent's program: reporting it would say the parent
      // ran again (a second `claude --dangerously-skip-permissions`). Wait for the exec; a fork that never
      // execs runs no new program. The table marks it (a hand-made snapshot may not: checked here too).
      if (p.preExec || isPreExecFork(p, byPid.get(p.ppid))) { p.preExec = true; continue; }
      // Caught in its exec, before the kernel wrote its command line (on a loaded machine a process can
      // wait there for the CPU for a while): it would be reported as the bare program (`/usr/bin/dash`).
      // The table reads it again each scan until it has one; one that keeps it empty for MID_EXEC_MAX_MS is
      // reported as it is (and one that exits first, as the zombie it then is).
      if (isMidExec(p)) { p.midExec = true; continue; }
      events.push(execEvent(p, now, newId(), opts, false));
    } else if (before.comm !== p.comm) {
      delete p.midExec;
      events.push(execEvent(p, now, newId(), opts, before.preExec !== true && before.midExec !== true));
    } else if (before.midExec) {
      if (isMidExec(p) && Date.parse(now) - Date.parse(p.seenAt ?? now) < MID_EXEC_MAX_MS) { p.midExec = true; continue; }
      delete p.midExec;
      events.push(execEvent(p, now, newId(), opts, false));
    } else if (before.preExec) {
      // The same program again (node starting a node MCP server) shows only as a new command line.
      if (p.preExec || sameArgv(p.argv, before.argv)) { p.preExec = true; continue; }
      events.push(execEvent(p, now, newId(), opts, false));
    }
  }
  for (const p of gone) if (!byPid.has(p.pid)) events.push(exitEvent(p, now, newId()));
  return events;
}

function exitEvent(p: ProcRecord, now: string, id: string): Event {
  const detail: Record<string, string | number | boolean> = { tier: 'poll', comm: p.comm };
  if (p.seenAt) detail.lifetimeMsAtLeast = Math.max(0, Date.parse(now) - Date.parse(p.seenAt));
  return {
    id, ts: now, source: 'process', kind: 'exit', agent: { kind: 'unknown' },
    pid: p.pid, ppid: p.ppid, procKey: p.procKey, ...(p.exe ? { exe: p.exe } : {}), ...(p.uid !== undefined ? { uid: p.uid } : {}), detail,
  };
}

/** Alive, running a program (exe known: no kernel thread, no zombie), but no command line to read yet. */
function isMidExec(p: ProcRecord): boolean {
  return !p.zombie && p.exe !== undefined && (p.argv === undefined || p.argv.length === 0);
}

function execEvent(p: ProcRecord, now: string, id: string, opts: ProcDiffOptions, reexec: boolean): Event {
  const detail: Record<string, string | number | boolean> = { tier: 'poll', comm: p.comm };
  if (p.startTicks !== undefined) detail.startTicks = p.startTicks;
  if (reexec) detail.reexec = true;
  if (p.zombie) detail.zombie = true;
  if (opts.bootTime !== undefined && p.startTicks !== undefined) detail.startedAt = startedAtOf(opts.bootTime, p.startTicks, opts.clkTck);
  // A kernel thread, or a process first seen already exited (a zombie its parent has not reaped yet, as a
  // busy agent leaves its hook and probe shells), has no cmdline to read: its command line is unknown, and
  // its comm (`sh`) is not one — as a command it would read as an interactive shell. comm stays in detail.
  const argv = p.argv && p.argv.length > 0 ? p.argv : undefined;
  if (!argv) detail.argvUnknown = true;
  return {
    id, ts: now, source: 'process', kind: 'exec', agent: { kind: 'unknown' },
    pid: p.pid, ppid: p.ppid, procKey: p.procKey,
    ...(p.exe ? { exe: p.exe } : {}),
    ...(argv ? { argv, command: argv.join(' ') } : {}),
    ...(p.cwd ? { cwd: p.cwd } : {}),
    ...(p.uid !== undefined ? { uid: p.uid } : {}),
    detail,
  };
}

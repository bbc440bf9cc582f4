// How one scan turns the previous snapshot of the process table into the next: a walk over /proc that
// reads only what may have changed, or a whole list from `ps`. The table (process-table.ts) decides when
// to scan and who hears of it; this module only builds snapshots.
import type { ProcFs } from './procfs.js';
import { isPreExecFork, sameArgv, startedAtOf, type ProcRecord } from './record.js';

/** How a /proc scan may save reads. */
export interface ScanOptions {
  /**
   * Trust a known pid first seen longer ago than this without reading its stat: most of a scan's cost,
   * for processes that rarely change. Young ones are re-read, since a fork is often seen before its exec.
   */
  settledMs?: number;
  /**
   * With settledMs: list /proc only when the kernel handed out a pid since the last scan began. Otherwise
   * only the young processes are read again, and a settled one's exit waits for a scan without this.
   */
  listOnNewPidOnly?: boolean;
}

/** A snapshot of the table and how it was made. */
export interface Snapshot {
  records: Map<string, ProcRecord>;
  /** When the scan ran (ISO). */
  now: string;
  /** New processes left out: the table was full. */
  over: number;
  /** performance.now() at the start, less the pauses of a sliced walk: the scan's cost is now - t0. */
  t0: number;
  /** The kernel's last pid when the walk began (ProcFs.lastPid); undefined when unknown or from ps. */
  lastPid?: number;
}

/** What a walk starts from. */
export interface WalkFrom {
  fs: ProcFs;
  prev: Pick<Snapshot, 'records' | 'lastPid'>;
  /** Processes tracked at once. */
  max: number;
  bootTime: number | undefined;
}

/**
 * One pass over /proc. Known processes (same pid:starttime and comm) are reused without more reads. It
 * pauses (yields) after every `slice` stat reads; the scan's cost counts only the time spent walking.
 */
export function* walkProcfs(from: WalkFrom, opts: ScanOptions, slice: number): Generator<void, Snapshot> {
  const { fs, max, bootTime } = from;
  const prev = from.prev.records;
  let t0 = performance.now();
  const now = new Date().toISOString();
  const next = new Map<string, ProcRecord>();
  const fresh: ProcRecord[] = [];
  let over = 0;
  const settled = opts.settledMs === undefined ? undefined : settledByPid(prev, settledBefore(opts.settledMs));
  // Read before the listing: a process that starts while /proc is listed changes it for the next scan.
  const lastPid = fs.lastPid();
  let names: Iterable<string | number>;
  // A quick scan reads the young processes only, and reads them again on every hook's scan until they settle.
  let readStat = (pid: string | number) => fs.stat(pid);
  if (settled && opts.listOnNewPidOnly && lastPid !== undefined && lastPid === from.prev.lastPid) {
    for (const p of settled.values()) next.set(p.procKey, p);
    names = unsettledPids(prev, settled);
    readStat = (pid) => fs.statOften(Number(pid));
  } else {
    names = fs.pids();
  }
  let reads = 0;
  for (const name of names) {
    const known = settled?.get(Number(name));
    if (known) { next.set(known.procKey, known); continue; }
    if (++reads > slice) {
      reads = 1;
      const walked = performance.now() - t0;
      yield;
      t0 = performance.now() - walked;
    }
    const st = readStat(name);
    if (!st) continue; // gone between readdir and read
    const old = prev.get(`${st.pid}:${st.startTicks}`);
    if (old && old.comm === st.comm && !old.midExec && !(old.preExec && execdSame(fs, old))) {
      next.set(old.procKey, old.ppid === st.ppid ? old : { ...old, ppid: st.ppid }); // reparented to init/subreaper
      continue;
    }
    if (!old && next.size >= max) { over++; continue; }
    const rec = fs.record(name, st);
    if (!rec) continue;
    rec.seenAt = old?.seenAt ?? now;
    if (bootTime !== undefined) rec.startedAt = startedAtOf(bootTime, st.startTicks);
    next.set(rec.procKey, rec);
    if (!old) fresh.push(rec);
  }
  markPreExecForks(next, fresh);
  return { records: next, now, over, t0, ...(lastPid !== undefined ? { lastPid } : {}) };
}

/**
 * A quick scan with listOnNewPidOnly that would find nothing: no pid handed out since the snapshot's walk
 * began and no process first seen within settledMs. It is not run (and the snapshot's age stays what it
 * was). Age alone counts here: a fork that never execs (a prefork server's worker, a shell's subshell)
 * stays marked as one for its life and would make every quick scan a walk; an old fork's exec waits for a
 * full scan, like any old process's.
 */
export function nothingNew(fs: ProcFs, prev: Pick<Snapshot, 'records' | 'lastPid'>, opts: ScanOptions): boolean {
  if (!opts.listOnNewPidOnly || opts.settledMs === undefined || prev.lastPid === undefined) return false;
  const before = settledBefore(opts.settledMs);
  for (const p of prev.records.values()) if (p.seenAt === undefined || p.seenAt >= before) return false;
  return fs.lastPid() === prev.lastPid;
}

/** A whole list (ps, ps-list): known processes keep their record (and so their first-seen time). */
export function snapshotFromList(prev: ReadonlyMap<string, ProcRecord>, records: readonly ProcRecord[], max: number): Snapshot {
  const t0 = performance.now();
  const now = new Date().toISOString();
  const next = new Map<string, ProcRecord>();
  let over = 0;
  const fresh: ProcRecord[] = [];
  for (const p of records) {
    if (next.size >= max) { over++; continue; }
    const old = prev.get(p.procKey);
    if (old && old.comm === p.comm && !(old.preExec && !sameArgv(old.argv, p.argv))) { next.set(p.procKey, old); continue; }
    const rec = { ...p, seenAt: old?.seenAt ?? now };
    next.set(p.procKey, rec);
    if (!old) fresh.push(rec);
  }
  markPreExecForks(next, fresh);
  return { records: next, now, over, t0 };
}

/** A fork seen before its exec has exec'd a program of the same comm: its command line is another now. */
export function execdSame(fs: ProcFs, old: ProcRecord): boolean {
  const argv = fs.argv(old.pid);
  return argv !== undefined && !sameArgv(argv, old.argv);
}

/**
 * Marks the new processes still showing their parent's program (forks not exec'd yet), so that no consumer
 * takes one for its parent running again (the agent collector for a second agent, the poll tier for an exec).
 */
function markPreExecForks(next: ReadonlyMap<string, ProcRecord>, fresh: readonly ProcRecord[]): void {
  if (fresh.length === 0) return;
  const byPid = new Map<number, ProcRecord>();
  for (const p of next.values()) byPid.set(p.pid, p);
  for (const p of fresh) if (isPreExecFork(p, byPid.get(p.ppid))) p.preExec = true;
}

function unsettledPids(prev: ReadonlyMap<string, ProcRecord>, settled: ReadonlyMap<number, ProcRecord>): number[] {
  const out: number[] = [];
  for (const p of prev.values()) if (settled.get(p.pid) !== p) out.push(p.pid);
  return out;
}

/** The ISO time before which a process first seen counts as settled (seenAt is ISO too: they compare as strings). */
const settledBefore = (settledMs: number): string => new Date(Date.now() - settledMs).toISOString();

/** A process a quick scan trusts without reading it: seen long enough ago, and not caught mid-change. */
const isSettled = (p: ProcRecord, before: string): boolean =>
  !p.zombie && !p.midExec && !p.preExec && p.seenAt !== undefined && p.seenAt < before;

function settledByPid(prev: ReadonlyMap<string, ProcRecord>, before: string): Map<number, ProcRecord> {
  const byPid = new Map<number, ProcRecord>();
  for (const p of prev.values()) if (isSettled(p, before)) byPid.set(p.pid, p);
  return byPid;
}

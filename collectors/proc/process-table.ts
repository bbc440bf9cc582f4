// The process table: one incremental scanner keyed by `pid:starttime`, shared by every consumer. The poll
// tier, the agent collector, attribution and the network poller read it; the kernel tier feeds it (exec and
// exit events), so a process the kernel reported is known before the next scan. Consumers subscribe to
// scans (onScan: the previous and the new snapshot) and ask for a scan at their own pace (refresh): the
// table scans at the fastest pace any of them needs, and a slower one gets the latest result.
import { ProcFs } from './procfs.js';
import { listWithPs, listWithPsList } from './ps-source.js';
import type { ProcRecord } from './record.js';
import { BoundedMap } from '../../core/bounded-map.js';
import { stampVariables } from '../../core/agents/stamp.js';
import { execdSame, nothingNew, snapshotFromList, walkProcfs, type ScanOptions, type Snapshot, type WalkFrom } from './snapshot-walk.js';

/** Where the process list comes from: /proc (Linux), `ps` (macOS) or ps-list (Windows; any OS on request). */
export type ScanSource = 'procfs' | 'ps' | 'ps-list';

export interface TableScan {
  prev: ReadonlyMap<string, ProcRecord>;
  next: ReadonlyMap<string, ProcRecord>;
  /** When the scan ran (ISO). */
  now: string;
  /** New processes not tracked this scan: the table was full (maxProcesses). */
  over: number;
}

/** Stat reads per event-loop turn of a sliced scan. */
const SLICE = 16;

export interface ProcessTableOptions {
  source?: ScanSource;
  /** The /proc reader (tests give one on a fake root). */
  fs?: ProcFs;
  /** Processes tracked at once; beyond it new ones are left out of the snapshot (and counted). */
  maxProcesses?: number;
}

/** How far lookups walk up the ppid chain. */
export const MAX_DEPTH = 32;
// Processes learned outside a scan (kernel exec events, on-demand reads), kept until their exit or until
// this many newer ones came.
const RECENT_MAX = 8192;

export function defaultSource(): ScanSource {
  return process.platform === 'linux' ? 'procfs' : process.platform === 'darwin' ? 'ps' : 'ps-list';
}

export class ProcessTable {
  readonly fs: ProcFs;
  readonly source: ScanSource;
  private readonly max: number;
  private snap = new Map<string, ProcRecord>();
  private pidIndex: Map<number, ProcRecord> | undefined;
  private readonly recent = new Map<number, ProcRecord>();
  private readonly fromKernel = new WeakSet<ProcRecord>();
  private readonly env = new WeakMap<ProcRecord, Map<string, string> | null>();
  /**
   * A process whose exit the kernel reported still answers `environ` by its procKey, with its stamp's
   * variables only: the daemon attributes a process's events after the kernel collector has seen it exit.
   */
  private readonly gone = new BoundedMap<string, ReadonlyMap<string, string>>(1024);
  /** The stamp variables the kernel read from a record's execve, or from an earlier execve of the same process. */
  private readonly execEnv = new WeakMap<ProcRecord, ReadonlyMap<string, string>>();
  /** Environments read when a kernel exec line arrived, by procKey, until the line itself is let out. */
  private readonly early = new BoundedMap<string, Map<string, string> | null>(4096);
  private readonly listeners = new Set<(s: TableScan) => void>();
  private inflight: Promise<void> | undefined;
  /** The sliced scan under way (scanSliced). */
  private slicing: Promise<void> | undefined;
  private slicingQuick = false;
  /** The kernel's last pid when the snapshot's walk began (ProcFs.lastPid). */
  private snapLastPid: number | undefined;
  private boot: number | undefined | null = null;
  /** Date.now() of the last finished scan (0: none yet). */
  lastScanAt = 0;
  scans = 0;
  scanMsTotal = 0;
  lastError: string | undefined;

  constructor(opts: ProcessTableOptions = {}) {
    this.fs = opts.fs ?? new ProcFs();
    this.source = opts.source ?? defaultSource();
    this.max = opts.maxProcesses ?? 32_768;
  }

  /** Boot time (seconds since the epoch) on /proc, read once. */
  get bootTime(): number | undefined {
    if (this.boot === null) this.boot = this.source === 'procfs' ? this.fs.bootTime() : undefined;
    return this.boot;
  }

  /** Called after every scan, whoever asked for it. Returns the unsubscribe. */
  onScan(listener: (s: TableScan) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /**
   * One scan now: synchronous on /proc; with ps a run starts unless one is in flight (it will see what
   * this one would have). ScanOptions say how quick (/proc only).
   */
  scan(opts: ScanOptions = {}): void {
    if (this.source === 'procfs') {
      const from = this.walkFrom();
      if (nothingNew(this.fs, from.prev, opts)) return;
      const walk = walkProcfs(from, opts, Infinity);
      let step = walk.next();
      while (!step.done) step = walk.next();
      this.apply(step.value);
      return;
    }
    if (this.inflight) return;
    const list = this.source === 'ps' ? listWithPs() : listWithPsList();
    this.inflight = list.then((records) => { this.lastError = undefined; this.apply(snapshotFromList(this.snap, records, this.max)); })
      .catch((err: unknown) => { this.lastError = String(err); throw err; })
      .finally(() => { this.inflight = undefined; });
    this.inflight.catch(() => undefined); // reported through lastError and refresh()
  }

  /**
   * A /proc scan (full, or quick with `settledMs`) spread over event-loop turns, `slice` stat reads a
   * turn, so that a hook arriving meanwhile waits for one slice, not for the whole walk: a full scan of
   * ~100 processes takes 3-10 ms on a busy 2-core machine, and at 10 scans a second it was the hook's p99
   * at concurrency 1. A scan applied meanwhile (a synchronous one) supersedes it: its walk started from an
   * older snapshot. Elsewhere than /proc: scan().
   */
  scanSliced(opts: ScanOptions & { slice?: number } = {}): Promise<void> {
    if (this.source !== 'procfs') { this.scan(); return this.inflight ?? Promise.resolve(); }
    const from = this.walkFrom();
    if (nothingNew(this.fs, from.prev, opts)) return Promise.resolve();
    if (this.slicing) {
      // A full walk under way reads all a quick one would; a quick one under way is followed by the full one.
      if (opts.settledMs !== undefined || !this.slicingQuick) return this.slicing;
      return this.slicing.then(() => this.scanSliced(opts));
    }
    this.slicingQuick = opts.settledMs !== undefined;
    const applied = this.scans;
    const walk = walkProcfs(from, opts, opts.slice ?? SLICE);
    let resolve!: () => void;
    const slicing = new Promise<void>((r) => { resolve = r; });
    this.slicing = slicing; // before the first slice, which may finish the walk at once
    const turn = () => {
      if (this.scans !== applied) { this.slicing = undefined; resolve(); return; }
      const step = walk.next();
      if (!step.done) { setImmediate(turn); return; }
      this.slicing = undefined;
      this.apply(step.value);
      resolve();
    };
    turn();
    return slicing;
  }

  /** Makes sure the snapshot is at most `maxAgeMs` old: scans only when no consumer did lately. */
  async refresh(maxAgeMs: number): Promise<void> {
    if (this.inflight) { await this.inflight; return; }
    if (this.lastScanAt > 0 && Date.now() - this.lastScanAt < maxAgeMs) return;
    this.scan();
    await this.inflight;
  }

  /** The processes of the last scan, by procKey. */
  snapshot(): ReadonlyMap<string, ProcRecord> { return this.snap; }
  get size(): number { return this.snap.size; }

  /** What the next walk starts from: the last snapshot. */
  private walkFrom(): WalkFrom {
    return { fs: this.fs, prev: { records: this.snap, lastPid: this.snapLastPid }, max: this.max, bootTime: this.bootTime };
  }

  private apply({ records: next, now, over, t0, lastPid }: Snapshot): void {
    const prev = this.snap;
    this.snap = next;
    this.snapLastPid = lastPid;
    this.pidIndex = undefined;
    this.lastScanAt = Date.now();
    this.scans++;
    this.scanMsTotal += performance.now() - t0;
    for (const l of this.listeners) {
      // One consumer's failure must not keep the scan from the others (nor throw into a timer).
      try { l({ prev, next, now, over }); } catch (err) { this.lastError = `scan listener: ${String(err)}`; }
    }
  }

  // ---- the kernel tier's feed ----

  /**
   * A process the kernel saw exec: known from now on, before any scan. `execEnv`: the stamp variables (and
   * HOME) the kernel read from the execve itself; they are this program's, where /proc, read a moment later,
   * may already show a later program's environment (`exec env -i …`) or nothing (the process is gone). An exec
   * without them in a process that had them keeps them, as attribution keeps its session: the table holds one
   * record per process, the last exec's, and the attributor may ask about the first exec after the last is in.
   */
  noteExec(e: { pid: number; ppid?: number; procKey?: string; exe?: string; argv?: string[]; cwd?: string; uid?: number }, execEnv?: ReadonlyMap<string, string>): void {
    if (e.procKey === undefined) return;
    const rec: ProcRecord = { pid: e.pid, ppid: e.ppid ?? 0, procKey: e.procKey, comm: basename(e.exe ?? e.argv?.[0] ?? '').slice(0, 15) };
    if (e.exe) rec.exe = e.exe;
    if (e.argv) rec.argv = e.argv;
    if (e.cwd) rec.cwd = e.cwd;
    if (e.uid !== undefined) rec.uid = e.uid;
    const early = this.early.get(e.procKey);
    this.early.delete(e.procKey);
    const prior = this.recent.get(e.pid);
    const stamped = execEnv ?? (prior?.procKey === e.procKey ? this.execEnv.get(prior) : undefined);
    if (stamped !== undefined) this.execEnv.set(rec, stamped);
    const env = stamped === undefined ? early : new Map([...(early ?? []), ...stamped]);
    if (env !== undefined) this.env.set(rec, env);
    this.fromKernel.add(rec);
    this.remember(rec);
  }

  private remember(rec: ProcRecord): ProcRecord {
    this.recent.delete(rec.pid);
    this.recent.set(rec.pid, rec);
    if (this.recent.size > RECENT_MAX) this.recent.delete(this.recent.keys().next().value as number);
    return rec;
  }

  /**
   * The kernel tier holds each line a moment to put them in the order things happened (kernel/reorder.ts),
   * and a command's process is often gone by then: its environment (the agent's session stamp) is read
   * when its exec's line arrives, and is its record's once noteExec makes it.
   */
  readEnvironEarly(pid: number, procKey: string): void {
    if (this.source !== 'procfs' || this.early.get(procKey) !== undefined) return;
    this.early.set(procKey, this.fs.environ(pid) ?? null);
  }

  /** A process the kernel saw exit: its pid may be reused from now on. */
  noteExit(pid: number, procKey?: string): void {
    const rec = this.recent.get(pid);
    if (procKey !== undefined && rec?.procKey === procKey) {
      const env = this.env.get(rec);
      if (env) this.gone.set(procKey, stampPart(env));
    }
    if (procKey === undefined || rec?.procKey === procKey) this.recent.delete(pid);
  }

  // ---- lookups ----

  /** The process with this procKey, if the table knows it. */
  get(procKey: string): ProcRecord | undefined {
    const hit = this.snap.get(procKey);
    if (hit) return hit;
    const pid = Number(procKey.slice(0, procKey.indexOf(':')));
    const recent = this.recent.get(pid);
    return recent?.procKey === procKey ? recent : undefined;
  }

  /**
   * The live process with this pid. On /proc its stat is read now (a pid may have been reused since the
   * last scan); a known record with the same key and program is reused, else the process is read whole.
   * Without /proc: the last scan's.
   */
  byPid(pid: number): ProcRecord | undefined {
    if (this.source !== 'procfs') return this.lastByPid(pid);
    const st = this.fs.statOften(pid);
    if (!st) return undefined;
    const known = this.known(pid, st.startTicks, st.comm);
    if (known) return known;
    const rec = this.fs.record(pid, st);
    return rec && this.remember(rec);
  }

  /** A record the table holds for this exact process (the kernel's, or the last scan's if it has not exec'd since). */
  private known(pid: number, startTicks: number, comm: string): ProcRecord | undefined {
    const key = `${pid}:${startTicks}`;
    const recent = this.recent.get(pid);
    // The kernel's record is current (it reports every exec); a read one only while the program is the same.
    if (recent?.procKey === key && (recent.comm === comm || this.fromKernel.has(recent))) return recent;
    const last = this.snap.get(key);
    return last && last.comm === comm && !(last.preExec && execdSame(this.fs, last)) ? last : undefined;
  }

  /** The last scan's process with this pid (no read). */
  lastByPid(pid: number): ProcRecord | undefined {
    if (!this.pidIndex) {
      this.pidIndex = new Map();
      for (const p of this.snap.values()) this.pidIndex.set(p.pid, p);
    }
    return this.pidIndex.get(pid);
  }

  /** Live children of a pid, from the last scan. */
  children(pid: number): ProcRecord[] {
    return [...this.snap.values()].filter((p) => p.ppid === pid && p.pid !== pid);
  }

  /** Parent first, at most MAX_DEPTH, from the last scan. */
  *ancestors(rec: ProcRecord): Generator<ProcRecord> {
    const seen = new Set([rec.pid]);
    let cur = this.lastByPid(rec.ppid);
    for (let depth = 0; cur && depth < MAX_DEPTH && !seen.has(cur.pid); depth++) {
      seen.add(cur.pid);
      yield cur;
      cur = this.lastByPid(cur.ppid);
    }
  }

  /**
   * A process's environment, read on demand and kept with its record (an exec makes a new record, so a
   * new read). `procKey`: the caller knows which process it means, and a known one needs no stat read.
   */
  environ(pid: number, procKey?: string): ReadonlyMap<string, string> | undefined {
    if (this.source !== 'procfs') return undefined;
    const gone = procKey !== undefined ? this.gone.get(procKey) : undefined;
    if (gone) return gone;
    let rec = procKey !== undefined ? this.get(procKey) : undefined;
    if (!rec) {
      const st = this.fs.stat(pid);
      rec = st && this.known(pid, st.startTicks, st.comm);
    }
    return rec ? this.environOf(rec) : this.fs.environ(pid);
  }

  /** The environment of a record this caller already holds (read once per record). */
  environOf(rec: ProcRecord): ReadonlyMap<string, string> | undefined {
    if (this.source !== 'procfs' || rec.zombie) return undefined;
    let env = this.env.get(rec);
    if (env === undefined) {
      env = this.fs.environ(rec.pid) ?? null;
      this.env.set(rec, env);
    }
    return env ?? undefined;
  }

  /** The working directory now (it changes without an exec, so it is read, not remembered). */
  cwd(pid: number): string | undefined { return this.source === 'procfs' ? this.fs.cwd(pid) : this.lastByPid(pid)?.cwd; }
  exe(pid: number): string | undefined { return this.source === 'procfs' ? this.fs.exe(pid) : this.lastByPid(pid)?.exe; }
  uid(pid: number): number | undefined { return this.source === 'procfs' ? this.fs.uid(pid) : this.lastByPid(pid)?.uid; }
  /** What a process's fds point to now (files, sockets); [] without /proc. */
  fdTargets(pid: number): string[] { return this.source === 'procfs' ? this.fs.fdTargets(pid) : []; }
  /** Socket inodes a process holds open now. */
  socketInodes(pid: number): Set<number> { return this.source === 'procfs' ? this.fs.socketInodes(pid) : new Set(); }
  /** The pid holding each wanted socket inode (a walk over every process's fds, stopping once all are found). */
  socketOwners(inodes: ReadonlySet<number>): Map<number, number> { return this.source === 'procfs' ? this.fs.socketOwners(inodes) : new Map(); }
  /** socketOwners, a few processes per event-loop turn. */
  socketOwnersSliced(inodes: ReadonlySet<number>): Promise<Map<number, number>> {
    return this.source === 'procfs' ? this.fs.socketOwnersSliced(inodes) : Promise.resolve(new Map());
  }
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** The variables of an environment that make its agent stamp (core/agents/stamp.ts), and HOME. */
function stampPart(env: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const name of [...stampVariables(), 'HOME']) {
    const v = env.get(name);
    if (v !== undefined) out.set(name, v);
  }
  return out;
}

// The one record of a process, whoever learned it: a /proc scan, `ps`/ps-list (macOS, Windows), an on-demand
// read, or a kernel exec event. Every consumer (poll tier, agent collector, attribution, network poller) sees
// this shape; what each of them adds (an agent stamp, an owner) lives with that consumer.

export interface ProcRecord {
  pid: number;
  ppid: number;
  /** `pid:starttime` (Linux: stat field 22 in clock ticks; ps: start epoch seconds; ps-list: start ms) — pid reuse makes a new key. */
  procKey: string;
  /** Kernel command name (stat field 2, at most 15 chars); a change under the same key means the process exec'd again. */
  comm: string;
  /** Start in clock ticks since boot (Linux), or the start the procKey was made from. */
  startTicks?: number;
  /** Start as wall-clock time (ISO), when known. */
  startedAt?: string;
  /** Seen only as a zombie (exited, not yet reaped): comm is all that is left, no argv, exe or cwd. */
  zombie?: boolean;
  uid?: number;
  exe?: string;
  argv?: string[];
  cwd?: string;
  /** When the table first saw it (ISO), for the exit event's approximate lifetime. */
  seenAt?: string;
  /**
   * Seen between fork and exec (its parent's comm and argv), marked by the table: no agent and no new
   * program yet. The table reads its command line again each scan, since the program it execs may have
   * the same comm (node starting a node MCP server); the poll tier reports that exec as a first exec.
   */
  preExec?: boolean;
  /**
   * Seen in the middle of its exec (the new program's comm and exe, its command line not written yet):
   * read again and reported by the next scan, with whatever command line it has by then.
   */
  midExec?: boolean;
}

/** `pid:start`; `pid:?` when the start is unknown (the process was gone before we read it). */
export function procKeyOf(pid: number, start: string | number | undefined): string {
  return `${pid}:${start ?? '?'}`;
}

// USER_HZ is 100 on every Linux ABI Node runs on; /proc start times are in these ticks.
export const CLK_TCK = 100;

/** Wall-clock start from boot time (seconds since the epoch) and start ticks. */
export function startedAtOf(bootTime: number, startTicks: number, clkTck = CLK_TCK): string {
  return new Date((bootTime + startTicks / clkTck) * 1000).toISOString();
}

/** Same command line, argument by argument. */
export function sameArgv(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  return !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A fork that has not exec'd yet still shows its parent's program: same comm, same command line. */
export function isPreExecFork(p: ProcRecord, parent: ProcRecord | undefined): boolean {
  return !!parent && !p.zombie && p.comm === parent.comm && !!p.argv && p.argv.length > 0 && sameArgv(p.argv, parent.argv);
}

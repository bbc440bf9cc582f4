// Pure parsers of /proc text: stat, cmdline, status, environ, /proc/stat's boot time, fd links and fdinfo.
// No I/O here, so the unit tests feed literal strings (STYLE lesson 3); procfs.ts does the reading.

export interface ProcStat { pid: number; comm: string; state: string; ppid: number; startTicks: number }

/** Parses /proc/<pid>/stat. comm may hold spaces and ')' — the last ')' ends it, as procps does. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // The kernel separates the fields with single spaces; only the first 20 are needed (a scan parses one
  // stat per process, so not splitting all 50 with a regex matters).
  const rest = text.slice(close + 2).split(' ', 20);
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

/** `/proc/loadavg`'s last field: the pid (or thread id) the kernel handed out last. */
export function parseLastPid(text: string): number | undefined {
  const m = /\s(\d+)\s*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `/proc/<pid>/environ`: NUL-separated `KEY=value` entries; a value may itself hold `=`. */
export function parseEnviron(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

/** The inode in a /proc/<pid>/fd link target "socket:[12345]", else undefined. */
export function parseSocketLink(target: string): number | undefined {
  const m = /^socket:\[(\d+)\]$/.exec(target);
  return m ? Number(m[1]) : undefined;
}

/** inotify watches one /proc/<pid>/fdinfo/<fd> text holds (one "inotify wd:" line each). */
export function countInotifyWatches(fdinfo: string): number {
  return (fdinfo.match(/^inotify wd:/gm) ?? []).length;
}

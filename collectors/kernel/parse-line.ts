// Pure: one line of `bpftrace -f json` output (see program.ts for the record format) → an Event.
// No I/O here; the collector adds cwd and resolves relative paths. Lines that only carry part of an
// event (argv slots, the first half of a rename) are kept in ParseState until their event arrives;
// that state is bounded, and everything that cannot be parsed is counted, never thrown.
import type { Event } from '../../core/event.js';

const MAX_PENDING = 4096;
const MAX_ENV_NAMES = 32;
// O_WRONLY | O_RDWR | O_CREAT | O_TRUNC, O_CREAT, O_TRUNC, O_APPEND (x86_64/arm64 values).
const O_WRITE = 0x243, O_CREAT = 0x40, O_TRUNC = 0x200, O_APPEND = 0x400;
const AT_REMOVEDIR = 0x200;
const EINPROGRESS = 115;
const ERRNO: Record<number, string> = {
  1: 'EPERM', 2: 'ENOENT', 13: 'EACCES', 101: 'ENETUNREACH', 110: 'ETIMEDOUT', 111: 'ECONNREFUSED',
  113: 'EHOSTUNREACH', 114: 'EALREADY', 115: 'EINPROGRESS', 99: 'EADDRNOTAVAIL', 4: 'EINTR',
};

/** A directory as the kernel names it: `s_dev` of its superblock (major << 20 | minor) and its inode (cwd.ts names it). */
export interface DirId { dev: number; ino: number }

export interface ParseState {
  argv: Map<number, string[]>;
  argvTruncated: Set<number>;
  /** V records of each pid's pending execve: its stamp variables and HOME (program.ts). */
  env: Map<number, Map<string, string>>;
  /** The stamp variables an exec's own environment held, as the kernel read them at the execve. */
  execEnv: WeakMap<Event, ReadonlyMap<string, string>>;
  rename: Map<number, Pick<Event, 'pid' | 'uid' | 'procKey'> & { from: string; cwd: DirId }>;
  /** The cwd each exec, open, unlink and rename was made in, as the kernel named it (cwd.ts names it). */
  cwdIds: WeakMap<Event, DirId>;
  /** Probes bpftrace attached (its "attached_probes" line); undefined until then. */
  attachedProbes?: number;
  /** BEGIN fired: every probe is attached. */
  ready: boolean;
  /** Events bpftrace itself reports lost (per-CPU ring full). */
  lost: number;
  /** Lines that were not valid bpftrace output or records. */
  garbage: number;
  /**
   * Opens and unlinks whose path the probe could not read: at syscall entry the string may not be paged in
   * yet (bash opening /dev/tty). Nothing can be judged without the path; counted, not taken for garbage.
   */
  unreadablePaths: number;
}

export interface ParseContext {
  newId(): string;
  now(): string;
  state: ParseState;
}

export function createParseState(): ParseState {
  return { argv: new Map(), argvTruncated: new Set(), env: new Map(), execEnv: new WeakMap(), rename: new Map(), cwdIds: new WeakMap(), ready: false, lost: 0, garbage: 0, unreadablePaths: 0 };
}

/** Map insertion that evicts the oldest entry past MAX_PENDING (an exec whose sched event never came). */
function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_PENDING) map.delete(map.keys().next().value as K);
}

const int = (s: string | undefined): number | undefined =>
  s !== undefined && /^-?\d+$/.test(s) ? Number(s) : undefined;

export function parseBpftraceLine(line: string, ctx: ParseContext): Event | undefined {
  const text = line.trim();
  if (!text) return undefined;
  let outer: unknown;
  try { outer = JSON.parse(text); } catch { ctx.state.garbage++; return undefined; }
  if (typeof outer !== 'object' || outer === null) { ctx.state.garbage++; return undefined; }
  const { type, data } = outer as { type?: unknown; data?: unknown };
  if (type === 'attached_probes') {
    const n = (data as { probes?: unknown } | null)?.probes;
    ctx.state.attachedProbes = typeof n === 'number' ? n : 0;
    return undefined;
  }
  if (type === 'lost_events') {
    const n = (data as { events?: unknown } | null)?.events;
    ctx.state.lost += typeof n === 'number' ? n : 0;
    return undefined;
  }
  if (type !== 'printf' || typeof data !== 'string') { ctx.state.garbage++; return undefined; }
  const ev = parseRecord(data.endsWith('\n') ? data.slice(0, -1) : data, ctx);
  if (ev === null) ctx.state.garbage++;
  return ev ?? undefined;
}

// Where each record names its process's start and, when it has one, its cwd's device and inode (the field
// order above; the pid is the first field of every record).
const PEEK_FIELDS: Record<string, [start: number, dev?: number, ino?: number]> = {
  E: [3, 6, 7], O: [2, 4, 5], U: [2, 4, 5], R: [2, 3, 4], X: [1], C: [2], F: [2], D: [2],
};

/** What a record says of its process, before it is parsed (see peekRecord). */
export interface RecordPeek { tag: string; pid: number; procKey: string; cwd?: DirId }

/**
 * A record's tag, process and cwd identity, read from the line without parsing it, for the records that name
 * their process's start (all but argv slots and a rename's second half). reorder.ts holds a process's records
 * until its exec is out; kernel-collector.ts reads its environment and cwd the moment the line arrives, while
 * the process is there. Undefined for any other line.
 */
export function peekRecord(line: string): RecordPeek | undefined {
  const at = line.indexOf('"data":');
  const open = at < 0 ? -1 : line.indexOf('"', at + 7);
  if (open < 0) return undefined;
  const tag = line.slice(open + 1, open + 2);
  const pos = PEEK_FIELDS[tag];
  if (!pos) return undefined;
  // The numeric fields come first: a few hundred bytes hold them; the escaped tab is two characters in JSON.
  const data = line.slice(open + 1, open + 160).split('\\t', 9);
  const field = (i: number | undefined) => (i === undefined ? undefined : int(data[i + 1]));
  const [pid, start, dev, ino] = [int(data[1]), field(pos[0]), field(pos[1]), field(pos[2])];
  if (pid === undefined || start === undefined) return undefined;
  return { tag, pid, procKey: `${pid}:${start}`, ...(dev !== undefined && ino !== undefined && ino > 0 ? { cwd: { dev, ino } } : {}) };
}

/** Splits off `n` tab-separated fields; the rest of the record (a path, an arg) is kept whole. */
function fields(rec: string, n: number): [string[], string] | undefined {
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const tab = rec.indexOf('\t', at);
    if (tab < 0) return undefined;
    out.push(rec.slice(at, tab));
    at = tab + 1;
  }
  return [out, rec.slice(at)];
}

/** Numeric fields, all required; undefined when any is missing or not a number (a truncated line). */
function nums(rec: string, n: number): [number[], string] | undefined {
  const f = fields(rec, n);
  if (!f) return undefined;
  const values = f[0].map(int);
  if (values.some((v) => v === undefined)) return undefined;
  return [values as number[], f[1]];
}

// null = malformed (counted), undefined = a valid record that is not an event on its own.
function parseRecord(rec: string, ctx: ParseContext): Event | undefined | null {
  if (rec === 'READY') { ctx.state.ready = true; return undefined; }
  const tag = rec.slice(0, 2);
  const body = rec.slice(2);
  const base = (source: Event['source'], kind: Event['kind'], pid: number, start?: number): Event => ({
    id: ctx.newId(), ts: ctx.now(), source, kind, agent: { kind: 'unknown' }, pid,
    ...(start !== undefined ? { procKey: `${pid}:${start}` } : {}),
  });
  const inCwd = (ev: Event, dev: number, ino: number): Event => { if (ino > 0) ctx.state.cwdIds.set(ev, { dev, ino }); return ev; };
  switch (tag) {
    case 'A\t': {
      const r = nums(body, 2);
      if (!r) return null;
      const [[pid, i], arg] = r as [[number, number], string];
      // Slot 0 starts a new execve; a pid that execs twice (a shim) must not mix the two argvs.
      const argv = i === 0 ? [] : ctx.state.argv.get(pid) ?? [];
      argv[i] = arg;
      if (i === 0) { ctx.state.argvTruncated.delete(pid); ctx.state.env.delete(pid); }
      remember(ctx.state.argv, pid, argv);
      return undefined;
    }
    case 'M\t': {
      const pid = int(body);
      if (pid === undefined) return null;
      ctx.state.argvTruncated.add(pid);
      if (ctx.state.argvTruncated.size > MAX_PENDING) ctx.state.argvTruncated.clear();
      return undefined;
    }
    case 'V\t': {
      const r = nums(body, 1);
      const eq = r ? r[1].indexOf('=') : -1;
      if (!r || eq <= 0) return null;
      const pid = r[0][0]!;
      const env = ctx.state.env.get(pid) ?? new Map<string, string>();
      // The probe prints only names with a stamp's first four bytes, and HOME: a few per execve.
      if (env.size < MAX_ENV_NAMES) env.set(r[1].slice(0, eq), r[1].slice(eq + 1));
      remember(ctx.state.env, pid, env);
      return undefined;
    }
    case 'E\t': {
      const r = nums(body, 8);
      if (!r || !r[1]) return null;
      const [[pid, ppid, uid, start, parentStart, grandparentPid, cwdDev, cwdIno], exe] = r as [[number, number, number, number, number, number, number, number], string];
      const argv = (ctx.state.argv.get(pid) ?? []).filter((a) => a !== undefined);
      ctx.state.argv.delete(pid);
      const truncated = ctx.state.argvTruncated.delete(pid);
      const ev: Event = { ...base('process', 'exec', pid, start), ppid, uid, exe, argv: argv.length ? argv : [exe], parentProcKey: `${ppid}:${parentStart}` };
      if (grandparentPid > 0) ev.grandparentPid = grandparentPid;
      ev.command = ev.argv!.join(' ');
      if (truncated) ev.detail = { argvTruncated: true };
      const env = ctx.state.env.get(pid);
      if (env) { ctx.state.env.delete(pid); ctx.state.execEnv.set(ev, env); }
      return inCwd(ev, cwdDev, cwdIno);
    }
    case 'X\t': {
      const r = nums(body, 2);
      const code = r ? int(r[1]) : undefined;
      if (!r || code === undefined) return null;
      const [[pid, start]] = r as [[number, number], string];
      // A wait status: low 7 bits = terminating signal, next byte = exit code.
      const signal = code & 0x7f;
      return { ...base('process', 'exit', pid, start), detail: signal ? { signal } : { exitCode: (code >> 8) & 0xff } };
    }
    case 'O\t': {
      const r = nums(body, 6);
      if (r?.[1] === '') { ctx.state.unreadablePaths++; return undefined; }
      if (!r) return null;
      const [[pid, uid, start, flags, cwdDev, cwdIno], path] = r as [[number, number, number, number, number, number], string];
      const write = (flags & O_WRITE) !== 0;
      const detail: Record<string, number | boolean> = { flags };
      if (flags & O_CREAT) detail.create = true;
      if (flags & O_TRUNC) detail.truncate = true;
      if (flags & O_APPEND) detail.append = true;
      return inCwd({ ...base('file', write ? 'file.write' : 'file.read', pid, start), uid, path, detail }, cwdDev, cwdIno);
    }
    case 'U\t': {
      const r = nums(body, 6);
      if (r?.[1] === '') { ctx.state.unreadablePaths++; return undefined; }
      if (!r) return null;
      const [[pid, uid, start, flag, cwdDev, cwdIno], path] = r as [[number, number, number, number, number, number], string];
      return inCwd({ ...base('file', 'file.delete', pid, start), uid, path, detail: { dir: (flag & AT_REMOVEDIR) !== 0 } }, cwdDev, cwdIno);
    }
    case 'R\t': {
      const r = nums(body, 5);
      if (!r || !r[1]) return null;
      const [[pid, uid, start, dev, ino], from] = r as [[number, number, number, number, number], string];
      remember(ctx.state.rename, pid, { pid, uid, procKey: `${pid}:${start}`, from, cwd: { dev, ino } });
      return undefined;
    }
    case 'r\t': {
      const r = nums(body, 1);
      if (!r || !r[1]) return null;
      const pid = r[0][0]!;
      const first = ctx.state.rename.get(pid);
      ctx.state.rename.delete(pid);
      if (!first) return null; // the first half was lost or evicted
      return inCwd({
        ...base('file', 'file.rename', pid), procKey: first.procKey, uid: first.uid, path: r[1],
        detail: { from: first.from },
      }, first.cwd.dev, first.cwd.ino);
    }
    case 'C\t': {
      const r = nums(body, 6);
      if (!r || !r[1]) return null;
      const [[pid, uid, start, family, port, ret], addr] = r as [[number, number, number, number, number, number], string];
      // A non-blocking connect says EINPROGRESS here; if it then fails, an F record follows.
      const result = ret === 0 ? 'connected' : ret === -EINPROGRESS ? 'in-progress' : 'failed';
      const detail: Record<string, string | number | boolean> = { family: family === 10 ? 'inet6' : 'inet', result };
      if (ret < 0) { detail.errno = -ret; detail.error = ERRNO[-ret] ?? `errno ${-ret}`; }
      // glibc's resolver connect()s its UDP socket to port 53 and then send()s without an address.
      if (port === 53) detail.dns = true;
      return { ...base('network', 'net.connect', pid, start), uid, remote: { addr, port }, detail };
    }
    case 'F\t': {
      const r = nums(body, 6);
      if (!r || !r[1]) return null;
      const [[pid, uid, start, family, port, err], addr] = r as [[number, number, number, number, number, number], string];
      const detail: Record<string, string | number | boolean> = { family: family === 10 ? 'inet6' : 'inet', result: 'failed', async: true };
      if (err > 0) { detail.errno = err; detail.error = ERRNO[err] ?? `errno ${err}`; }
      return { ...base('network', 'net.connect', pid, start), uid, remote: { addr, port }, detail };
    }
    case 'D\t': {
      const r = nums(body, 5);
      if (!r || !r[1]) return null;
      const [[pid, uid, start, port, bytes], addr] = r as [[number, number, number, number, number], string];
      return { ...base('network', 'dns.query', pid, start), uid, remote: { addr, port }, detail: { bytes } };
    }
    default:
      return null;
  }
}

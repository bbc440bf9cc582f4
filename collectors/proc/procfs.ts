// The one module that reads /proc. Every read is best effort: a process may be gone between readdir and
// read, and other users' exe, cwd, environ and fds need privilege, so a failed read is `undefined`, never
// an exception. `root` is for tests (a directory laid out like /proc).
import { close, closeSync, existsSync, open, openSync, read, readdirSync, readFileSync, readlinkSync, readSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { outgoingCounters, type NetProto } from './net-parse.js';
import { countInotifyWatches, parseBootTime, parseCmdline, parseEnviron, parseLastPid, parseProcStat, parseSocketLink, type ProcStat } from './parse.js';
import { procKeyOf, type ProcRecord } from './record.js';
import { BoundedMap } from '../../core/bounded-map.js';

type Pid = number | string;

// One buffer for every read: /proc files report size 0, so readFileSync allocates a fresh 64 KiB buffer
// per file — at ~100 stat reads a scan that was most of an idle daemon's garbage and a good part of its CPU.
const shared = Buffer.allocUnsafe(64 * 1024);

function tryRead(path: string, encoding: BufferEncoding = 'latin1'): string | undefined {
  let fd: number;
  try { fd = openSync(path, 'r'); } catch { return undefined; }
  try {
    let n = 0;
    for (let got = 1; got > 0 && n < shared.length; n += got) got = readSync(fd, shared, n, shared.length - n, null);
    // Bigger than the buffer (a long environ, a busy socket table): the general path, rare.
    if (n >= shared.length) return readFileSync(path, encoding);
    return shared.toString(encoding, 0, n);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
// Files read on every hook stay open: each read is then one pread from the start instead of open, read,
// read, close (procfs writes the file out afresh for a read at offset 0). The least recently read is closed
// past 16. A /proc/<pid> file of a process that is gone fails with ESRCH even when its pid was reused: the
// kept fd is dropped and the path opened afresh.
const keptOpen = new BoundedMap<string, number>(16, (_, fd) => closeSync(fd));

function preadWhole(fd: number): string | undefined {
  try { return shared.toString('latin1', 0, readSync(fd, shared, 0, shared.length, 0)); } catch { return undefined; }
}

function readKeptOpen(path: string): string | undefined {
  const kept = keptOpen.get(path);
  if (kept !== undefined) {
    const text = preadWhole(kept);
    if (text !== undefined) return text;
    keptOpen.delete(path);
    closeSync(kept);
  }
  let fd: number;
  try { fd = openSync(path, 'r'); } catch { return undefined; }
  const text = preadWhole(fd);
  if (text === undefined) closeSync(fd);
  else keptOpen.set(path, fd);
  return text;
}

// The off-thread reads' buffer, one read at a time (each waits for the one before).
const sharedAsync = Buffer.allocUnsafe(64 * 1024);
let asyncTurn: Promise<unknown> = Promise.resolve();

/** tryRead on the thread pool: the kernel's time writing the file out is not spent on the event loop. */
function tryReadAsync(path: string): Promise<string | undefined> {
  const next = asyncTurn.then(() => new Promise<string | undefined>((resolve) => {
    open(path, 'r', (err, fd) => {
      if (err) { resolve(undefined); return; }
      const done = (text: string | undefined) => close(fd, () => resolve(text));
      const step = (n: number) => read(fd, sharedAsync, n, sharedAsync.length - n, null, (e, got) => {
        if (e) done(undefined);
        else if (got > 0 && n + got < sharedAsync.length) step(n + got);
        else if (got > 0) readFile(path, 'latin1').then(done, () => done(undefined)); // bigger than the buffer: rare
        else done(sharedAsync.toString('latin1', 0, n));
      });
      step(0);
    });
  }));
  asyncTurn = next;
  return next;
}

function tryLink(path: string): string | undefined {
  try { return readlinkSync(path); } catch { return undefined; }
}
function tryList(path: string): string[] {
  try { return readdirSync(path); } catch { return []; }
}
const isPid = (name: string) => { const c = name.charCodeAt(0); return c >= 48 && c <= 57; };

export class ProcFs {
  /** Is this /proc of our own pid namespace (lastPid): known after the first look. */
  private ownNamespace: boolean | undefined;

  constructor(readonly root = '/proc') {}

  /** Is there a procfs here at all (Linux), or must the platform's `ps` do. */
  available(): boolean { return existsSync(`${this.root}/self/stat`); }

  /** The numeric entries of the root: every live pid (threads are not listed). */
  pids(): string[] { return tryList(this.root).filter(isPid); }

  stat(pid: Pid): ProcStat | undefined {
    const text = tryRead(`${this.root}/${pid}/stat`);
    return text === undefined ? undefined : parseProcStat(text);
  }
  /** stat() of a process read again and again (a hook's agent, looked up on each of its hooks). */
  statOften(pid: number): ProcStat | undefined {
    const text = this.readOften(`${this.root}/${pid}/stat`);
    return text === undefined ? undefined : parseProcStat(text);
  }
  /** argv as UTF-8 (the kernel tier's encoding); [] for kernel threads and zombies. */
  argv(pid: Pid): string[] | undefined {
    const text = tryRead(`${this.root}/${pid}/cmdline`, 'utf8');
    return text === undefined ? undefined : parseCmdline(text);
  }
  exe(pid: Pid): string | undefined { return tryLink(`${this.root}/${pid}/exe`)?.replace(/ \(deleted\)$/, ''); }
  cwd(pid: Pid): string | undefined { return tryLink(`${this.root}/${pid}/cwd`); }
  /** The owner of /proc/<pid> is the process's real uid, without reading status. */
  uid(pid: Pid): number | undefined {
    try { return statSync(`${this.root}/${pid}`).uid; } catch { return undefined; }
  }
  environ(pid: Pid): Map<string, string> | undefined {
    const text = tryRead(`${this.root}/${pid}/environ`);
    return text === undefined ? undefined : parseEnviron(text);
  }
  /** Where each open fd points (files, "socket:[inode]", "pipe:[…]"). */
  fdTargets(pid: Pid): string[] {
    const out: string[] = [];
    for (const fd of tryList(`${this.root}/${pid}/fd`)) {
      const target = tryLink(`${this.root}/${pid}/fd/${fd}`);
      if (target !== undefined) out.push(target);
    }
    return out;
  }
  socketInodes(pid: Pid): Set<number> {
    const out = new Set<number>();
    for (const t of this.fdTargets(pid)) { const i = parseSocketLink(t); if (i !== undefined) out.add(i); }
    return out;
  }
  /** The per-user inotify watch limit (fs.inotify.max_user_watches); undefined without inotify. */
  inotifyLimit(): number | undefined {
    const text = tryRead(`${this.root}/sys/fs/inotify/max_user_watches`, 'utf8');
    return text === undefined ? undefined : Number.parseInt(text, 10);
  }
  /**
   * The pid the kernel handed out last, threads included (/proc/loadavg): while it stays the same, no
   * process started, so a scan after new processes needs no listing of /proc. Undefined when this /proc is
   * not of our own pid namespace (its loadavg would count another namespace's pids) or has no loadavg.
   */
  lastPid(): number | undefined {
    this.ownNamespace ??= tryLink(`${this.root}/self`) === String(process.pid);
    if (!this.ownNamespace) return undefined;
    const text = this.readOften(`${this.root}/loadavg`); // read before every hook's quick scan
    return text === undefined ? undefined : parseLastPid(text);
  }
  /** Boot time in seconds since the epoch, to turn start ticks into wall-clock times. */
  bootTime(): number | undefined { return parseBootTime(tryRead(`${this.root}/stat`) ?? ''); }
  /** One socket table's text (/proc/net/tcp …); undefined when absent (no IPv6). */
  netTable(proto: NetProto): string | undefined { return tryRead(`${this.root}/net/${proto}`); }
  /**
   * The same, read on the thread pool: writing out a TCP table takes the kernel ~1 ms however few sockets
   * there are (it walks every bucket of the hash), which the poll tier's synchronous reads, several times
   * a second, spent on the daemon's event loop ahead of the hooks waiting there.
   */
  netTableAsync(proto: NetProto): Promise<string | undefined> { return tryReadAsync(`${this.root}/net/${proto}`); }
  /** The counters a new outgoing connection moves (outgoingCounters); undefined without /proc/net/snmp. */
  outgoingCounters(): string | undefined {
    const snmp = tryRead(`${this.root}/net/snmp`);
    return snmp === undefined ? undefined : outgoingCounters(snmp, tryRead(`${this.root}/net/snmp6`));
  }
  /** inotify watches the process holds (its inotify fds' fdinfo); undefined when its fds cannot be listed. */
  inotifyWatches(pid: Pid = 'self'): number | undefined {
    let fds: string[];
    try { fds = readdirSync(`${this.root}/${pid}/fd`); } catch { return undefined; }
    let n = 0;
    for (const fd of fds) {
      if (!tryLink(`${this.root}/${pid}/fd/${fd}`)?.includes('inotify')) continue;
      n += countInotifyWatches(tryRead(`${this.root}/${pid}/fdinfo/${fd}`, 'utf8') ?? '');
    }
    return n;
  }

  /** Walks every process's fds until each wanted socket inode has its pid (the first holder found stands). */
  socketOwners(inodes: ReadonlySet<number>): Map<number, number> {
    const walk = this.walkSocketOwners(inodes, Infinity);
    let step = walk.next();
    while (!step.done) step = walk.next();
    return step.value;
  }

  /**
   * The same walk over event-loop turns, `slice` processes a turn: every fd of every process is one
   * readlink, 10+ ms at ~100 processes, and it runs whenever a new connection shows up in the tables.
   */
  async socketOwnersSliced(inodes: ReadonlySet<number>, slice = 8): Promise<Map<number, number>> {
    const walk = this.walkSocketOwners(inodes, slice);
    for (let step = walk.next(); ; step = walk.next()) {
      if (step.done) return step.value;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  // Newest processes first: a connection that just appeared is most often a new process's.
  private *walkSocketOwners(inodes: ReadonlySet<number>, slice: number): Generator<void, Map<number, number>> {
    const owners = new Map<number, number>();
    if (inodes.size === 0) return owners;
    const pids = this.pids().sort((a, b) => Number(b) - Number(a));
    for (let i = 0; i < pids.length && owners.size < inodes.size; i++) {
      if (i > 0 && i % slice === 0) yield;
      for (const inode of this.socketInodes(pids[i]!)) if (inodes.has(inode) && !owners.has(inode)) owners.set(inode, Number(pids[i]));
    }
    return owners;
  }

  /** Everything about one process, from its stat; undefined when it is gone. */
  /**
   * A file read on every hook: kept open on the real procfs only, where a gone process's file fails to read;
   * in a directory laid out like /proc (tests) a replaced file's old fd would still read the old text.
   */
  private readOften(file: string): string | undefined {
    return this.root === '/proc' ? readKeptOpen(file) : tryRead(file);
  }
  record(pid: Pid, st = this.stat(pid)): ProcRecord | undefined {
    if (!st) return undefined;
    const rec: ProcRecord = { pid: st.pid, ppid: st.ppid, procKey: procKeyOf(st.pid, st.startTicks), comm: st.comm, startTicks: st.startTicks };
    if (st.state === 'Z') rec.zombie = true;
    const argv = this.argv(pid);
    if (argv !== undefined) rec.argv = argv;
    const exe = this.exe(pid);
    if (exe) rec.exe = exe;
    const cwd = this.cwd(pid);
    if (cwd) rec.cwd = cwd;
    const uid = this.uid(pid);
    if (uid !== undefined) rec.uid = uid;
    return rec;
  }
}

// Where a traced process was when it made its syscall. /proc/<pid>/cwd answers while the process lives,
// but an agent's shell one-liners (`cd ~ && echo … >> .bashrc`, `cd ~/.ssh && cat id_rsa`) are gone before
// their line is read, and a relative path then named nothing. So every record also carries the cwd as the
// kernel knows it, the directory's device and inode (program.ts), and the directories whose identity was
// learned name it: the homes and their secret-holding subdirectories, the agents' workspaces, and every cwd
// /proc gave. A name is trusted only while its path still has that identity: a directory removed and its
// inode reused names nothing.
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BoundedMap } from '../../core/bounded-map.js';
import type { ProcessTable } from '../proc/process-table.js';
import type { DirId } from './parse-line.js';

/** Directories named at once; the least recently used are forgotten beyond it. */
const MAX_DIRS = 4096;
/** A path stat'd this recently is not stat'd again when /proc names it once more. */
const RELEARN_MS = 60_000;
/** How long a cwd found stays cached (createCwdLookup); the caches are bounded. */
const CWD_TTL_MS = 1000;
const CWD_CACHE_MAX = 4096;
/** A cwd no learned directory names makes the seeded ones stat'd again, at most this often. */
const RESEED_MS = 1000;
/** Under each home: where secrets and persistence live, so that a one-liner that `cd`s there is placed. */
const HOME_DIRS = ['.ssh', '.aws', '.kube', '.gnupg', '.azure', '.docker', '.config', '.config/gcloud', '.config/gh', '.git/hooks'];
const SYSTEM_DIRS = ['/', '/etc', '/tmp', '/root', '/var/tmp', '/usr/local/bin', '/etc/cron.d', '/etc/systemd/system'];

/**
 * The kernel's dev_t as stat(2) reports it: glibc packs major and minor differently from the kernel
 * (`makedev`: minor's low byte, major's low 12 bits at bit 8, the rest of minor at bit 20, of major at bit 44).
 */
export function statDev(kernelDev: number): number {
  const major = Math.floor(kernelDev / 2 ** 20);
  const minor = kernelDev % 2 ** 20;
  return (minor % 256) + (major % 4096) * 2 ** 8 + Math.floor(minor / 256) * 2 ** 20 + Math.floor(major / 4096) * 2 ** 44;
}

/** stat(2)'s dev as the kernel numbers it (major << 20 | minor): statDev's inverse. */
export function kernelDev(dev: number): number {
  const major = (Math.floor(dev / 256) % 4096) + Math.floor(dev / 2 ** 44) * 4096;
  const minor = (dev % 256) + (Math.floor(dev / 2 ** 20) % 2 ** 24) * 256;
  return major * 2 ** 20 + minor;
}

const keyOf = (dev: number, ino: number) => `${dev}:${ino}`;

/** A directory's device (as stat(2) numbers it) and inode; undefined for anything else, or nothing. */
function statDir(path: string): { dev: number; ino: number } | undefined {
  try {
    const st = statSync(path);
    return st.isDirectory() ? { dev: st.dev, ino: st.ino } : undefined;
  } catch { return undefined; }
}

/** A directory's identity as the kernel prints it. */
function dirId(path: string): DirId | undefined {
  const st = statDir(path);
  return st && { dev: kernelDev(st.dev), ino: st.ino };
}

/** The key of a directory's identity (stat(2)'s numbering), for comparing with a learned one. */
function identity(path: string): string | undefined {
  const st = statDir(path);
  return st && keyOf(st.dev, st.ino);
}

/** A secret-holding directory not made yet, named by its parent's identity and its own name (program.ts). */
export interface UnmadeDir { parent: DirId; name: string }

/**
 * The homes and the directories under them that hold secrets (`.ssh/`, and `.docker` for `.docker/config.json`),
 * as the kernel names them: a relative read made in one of them is a read of a secret (program.ts). One not
 * made yet (no ~/.aws until `aws configure`) is named by its parent and its name instead, when the parent is.
 */
export function secretDirIds(homes: readonly string[], sensitiveNames: readonly string[]): { homes: DirId[]; secret: DirId[]; unmade: UnmadeDir[] } {
  const dirs = new Set<string>();
  for (const h of homes) {
    for (const n of sensitiveNames) {
      const p = join(h, n);
      const d = n.endsWith('/') ? p : dirname(p);
      if (d !== h && d !== join(h, '.')) dirs.add(d);
    }
  }
  const secret: DirId[] = [];
  const unmade: UnmadeDir[] = [];
  for (const d of dirs) {
    const id = dirId(d);
    const parent = id ? undefined : dirId(dirname(d));
    if (id) secret.push(id);
    else if (parent) unmade.push({ parent, name: basename(d) });
  }
  return { homes: homes.map(dirId).filter((x): x is DirId => x !== undefined), secret, unmade };
}

/** Directories by identity, learned by stat; each name checked again when used. */
export class DirNames {
  private readonly byId = new BoundedMap<string, string>(MAX_DIRS);
  private readonly learnedAt = new BoundedMap<string, number>(MAX_DIRS);

  constructor(private readonly now: () => number = Date.now) {}

  /** A directory processes run in (a workspace, a cwd /proc gave), and the git hooks under it: a persistence target. */
  learnWorkDir(path: string): void {
    this.learn(path);
    this.learn(join(path, '.git', 'hooks'));
  }

  /** Remembers `path`'s identity (a directory that exists; anything else is ignored); `force`: even if just stat'd. */
  learn(path: string, force = false): void {
    const at = this.learnedAt.get(path);
    if (!force && at !== undefined && this.now() - at < RELEARN_MS) return;
    this.learnedAt.set(path, this.now());
    const id = identity(path);
    if (id) this.byId.set(id, path);
  }

  /** The path of the directory the kernel named, if it was learned and still is that directory. */
  name(id: DirId): string | undefined {
    const key = keyOf(statDev(id.dev), id.ino);
    const path = this.byId.get(key);
    if (path === undefined) return undefined;
    if (identity(path) === key) return path;
    this.byId.delete(key);
    this.learnedAt.delete(path); // learned again, with its new identity, when /proc or a seed names it
    return undefined;
  }

  get size(): number { return this.byId.size; }
}

/**
 * The homes, the directories under them where secrets and persistence live, and the system's own.
 * `force`: stat them all again (one made since, e.g. ~/.aws by `aws configure`, is then named).
 */
export function seedDirs(names: DirNames, homes: readonly string[], force = false): void {
  for (const d of SYSTEM_DIRS) names.learn(d, force);
  for (const h of homes) {
    names.learn(h, force);
    for (const d of HOME_DIRS) names.learn(join(h, d), force);
  }
}

/**
 * A record's cwd: the directory the kernel reported, by its learned name. That is where the syscall was
 * made; a process that `cd`s on (or execs in place) is elsewhere by the time /proc is asked, so /proc's
 * answer (learned each time) names the record's directory only when it is that directory: unknown is
 * better than wrong (the shell of `cd ~ && echo … >> .bashrc`, its cwd read at its exec, once put the write
 * in the project). Names found are cached for a second, so a burst of writes costs one stat. A record
 * without the kernel's identity (none could be read) takes /proc's answer, cached a second per process.
 */
export function createCwdLookup(procs: ProcessTable, names: DirNames, reseed: () => void = () => {}): (pid: number, procKey: string | undefined, id: DirId | undefined) => string | undefined {
  const byDir = new BoundedMap<string, Cached>(CWD_CACHE_MAX);
  const byProcess = new BoundedMap<string, Cached>(CWD_CACHE_MAX);
  const fromProc = (pid: number) => {
    const cwd = procs.cwd(pid); // undefined: gone already, or a kernel thread
    if (cwd) names.learnWorkDir(cwd);
    return cwd;
  };
  // A directory nobody named yet may be a seeded one made since the seeding (ours to name): they are all
  // stat'd again, at most once a second, whatever the misses.
  let reseededAt = -Infinity;
  const fromSeeds = (id: DirId) => {
    const now = Date.now();
    if (now - reseededAt < RESEED_MS) return undefined;
    reseededAt = now;
    reseed();
    return names.name(id);
  };
  return (pid, procKey, id) => {
    const now = Date.now();
    if (!id) return cached(byProcess, procKey ?? String(pid), now, () => fromProc(pid));
    const key = keyOf(id.dev, id.ino);
    const hit = byDir.get(key);
    if (hit && now - hit.at < CWD_TTL_MS) return hit.cwd;
    const cwd = names.name(id) ?? (fromProc(pid) && names.name(id)) ?? fromSeeds(id);
    if (cwd) byDir.set(key, { cwd, at: now });
    return cwd;
  };
}

interface Cached { cwd: string | undefined; at: number }

function cached(map: BoundedMap<string, Cached>, key: string, now: number, read: () => string | undefined): string | undefined {
  const hit = map.get(key);
  if (hit && now - hit.at < CWD_TTL_MS) return hit.cwd;
  const cwd = read();
  map.set(key, { cwd, at: now });
  return cwd;
}

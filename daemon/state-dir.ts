// The state directory (SPEC "State directory"): where it is, the token, daemon.json and the lock
// that keeps a second daemon off the same directory.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlreadyRunningError, StateDirError } from '../core/errors.js';
import { stateFiles, writePrivate } from '../core/state-files.js';

export { stateFiles, writePrivate };

export interface DaemonInfo { pid: number; port: number; version: string; startedAt: string }

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, home = os.homedir(), platform = process.platform): string {
  if (env.AGENTWATCH_STATE_DIR) return env.AGENTWATCH_STATE_DIR;
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'agentwatch');
  return path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'agentwatch');
}

// Opening a state file never follows a link: another local user (or a process of ours an agent runs) who
// plants `token -> /some/file` must not get that file read as the token, or chmodded, or appended to.
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const POSIX = process.platform !== 'win32';

/**
 * Creates the state dir (0700) or checks the one that is there: a real directory, ours, open to nobody
 * else, with no state file replaced by a link. Anything else is refused in one line, never repaired:
 * a loosened mode or a planted link is something the user should know about.
 */
export function ensureStateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (st.isSymbolicLink()) throw StateDirError(`state dir ${dir} is a symbolic link; point --state-dir at the real directory`);
  if (!st.isDirectory()) throw StateDirError(`state dir ${dir} is not a directory`);
  if (POSIX) {
    const uid = process.getuid!();
    if (st.uid !== uid) throw StateDirError(`state dir ${dir} belongs to uid ${st.uid}, not to you (uid ${uid})`);
    if ((st.mode & 0o077) !== 0) throw StateDirError(`state dir ${dir} is open to other users (mode ${(st.mode & 0o777).toString(8)}); run: chmod 700 ${dir}`);
  }
  const files = stateFiles(dir);
  for (const f of [files.db, `${files.db}-wal`, `${files.db}-shm`, files.token, files.hookSecret, files.log, files.daemon, files.lock, files.heartbeat, files.hookMisses, files.deviceId, files.fleetToken]) {
    let link = false;
    try { link = fs.lstatSync(f).isSymbolicLink(); } catch { /* not there yet */ }
    if (link) throw StateDirError(`${f} is a symbolic link; refusing to use it (remove it and start again)`);
  }
}

/** Opens a state file without following a link; a link is a one-line refusal. */
export function openNoFollow(file: string, flags: number, mode = 0o600): number {
  try {
    return fs.openSync(file, flags | NOFOLLOW, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw StateDirError(`${file} is a symbolic link; refusing to use it (remove it and start again)`);
    throw err;
  }
}

/** A private state file's text, or undefined when it is not there; never through a link, never another user's. */
function readPrivate(file: string): string | undefined {
  let fd: number;
  try { fd = openNoFollow(file, fs.constants.O_RDONLY); } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw StateDirError(`${file} is not a regular file`);
    if (POSIX && st.uid !== process.getuid!()) throw StateDirError(`${file} belongs to uid ${st.uid}, not to you`);
    if (POSIX) fs.fchmodSync(fd, 0o600);
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

const newSecret = () => crypto.randomBytes(32).toString('base64url');

/** A private random value kept in `file`; created (0600) when missing or too short to be ours. */
function loadOrCreateSecret(file: string): string {
  const t = readPrivate(file)?.trim();
  if (t !== undefined && t.length >= 32) return t;
  const secret = newSecret();
  writePrivate(file, `${secret}\n`);
  return secret;
}

/** The bearer token for the stream and telemetry; created (0600) on first start. */
export const loadOrCreateToken = (dir: string): string => loadOrCreateSecret(stateFiles(dir).token);

/** The secret installed hooks send (daemon/hook-auth.ts); created (0600) on first start or by `install`. */
export const loadOrCreateHookSecret = (dir: string): string => loadOrCreateSecret(stateFiles(dir).hookSecret);

/** The read-only token of a SOC collector (GET /v1/telemetry); created (0600) when telemetry is on. */
export const loadOrCreateFleetToken = (dir: string): string => loadOrCreateSecret(stateFiles(dir).fleetToken);

/** This machine's id in fleet telemetry: random once, then kept (0600), so it survives hostname changes. */
export function loadOrCreateDeviceId(dir: string): string {
  const file = stateFiles(dir).deviceId;
  const id = readPrivate(file)?.trim();
  if (id !== undefined && /^[0-9a-f-]{36}$/.test(id)) return id;
  const fresh = crypto.randomUUID();
  writePrivate(file, `${fresh}\n`);
  return fresh;
}

export function readToken(dir: string): string | undefined {
  try { return readPrivate(stateFiles(dir).token)?.trim(); } catch { return undefined; }
}

export function readHookSecret(dir: string): string | undefined {
  try { return readPrivate(stateFiles(dir).hookSecret)?.trim(); } catch { return undefined; }
}

/** `agentwatch token rotate`: a new token and hook secret, written (0600) in place of the old ones. */
export function rotateSecrets(dir: string): { token: string; hookSecret: string } {
  const next = { token: newSecret(), hookSecret: newSecret() };
  writePrivate(stateFiles(dir).token, `${next.token}\n`);
  writePrivate(stateFiles(dir).hookSecret, `${next.hookSecret}\n`);
  return next;
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Takes the state dir for this process; throws a one-line error when another live daemon has it. */
export function acquireLock(dir: string): () => void {
  const file = stateFiles(dir).lock;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => { try { if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file); } catch { /* already gone */ } };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isFinite(pid) && pid !== process.pid && alive(pid)) {
        throw AlreadyRunningError(`another agentwatch daemon (pid ${pid}) is already running on state dir ${dir}`);
      }
      fs.rmSync(file, { force: true }); // stale lock from a daemon that died
    }
  }
  throw AlreadyRunningError(`could not take the lock ${file}`);
}

export function writeDaemonInfo(dir: string, info: DaemonInfo): void {
  writePrivate(stateFiles(dir).daemon, `${JSON.stringify(info)}\n`);
}

export function readDaemonInfo(dir: string): DaemonInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(stateFiles(dir).daemon, 'utf8')) as DaemonInfo;
    return alive(info.pid) ? info : undefined;
  } catch { return undefined; }
}

export function removeDaemonInfo(dir: string): void {
  fs.rmSync(stateFiles(dir).daemon, { force: true });
}

/** daemon.json, only when it is this process's (the exit path's last resort; never another daemon's). */
export function removeOwnDaemonInfo(dir: string): void {
  try {
    if ((JSON.parse(fs.readFileSync(stateFiles(dir).daemon, 'utf8')) as DaemonInfo).pid === process.pid) removeDaemonInfo(dir);
  } catch { /* not there, or not ours to judge */ }
}

export interface UncleanExit { pid: number; startedAt?: string; /** The dead daemon's last heartbeat (heartbeat.json): when it was last known alive. */ lastHeartbeat?: string }

/**
 * The last daemon on this directory did not shut down (crash, kill -9, power loss): it left its
 * daemon.json or its lock behind and its process is gone. Read before the lock is taken (which clears it).
 */
export function uncleanExitOf(dir: string): UncleanExit | undefined {
  const files = stateFiles(dir);
  let info: Partial<DaemonInfo> | undefined;
  try { info = JSON.parse(fs.readFileSync(files.daemon, 'utf8')) as Partial<DaemonInfo>; } catch { /* none, or torn */ }
  let pid = typeof info?.pid === 'number' ? info.pid : undefined;
  if (pid === undefined) { try { pid = Number.parseInt(fs.readFileSync(files.lock, 'utf8'), 10); } catch { /* no lock */ } }
  if (pid === undefined || !Number.isFinite(pid) || pid === process.pid || alive(pid)) return undefined;
  let beat: { pid?: unknown; ts?: unknown } | undefined;
  try { beat = JSON.parse(fs.readFileSync(files.heartbeat, 'utf8')) as typeof beat; } catch { /* none, or torn */ }
  return {
    pid, ...(typeof info?.startedAt === 'string' ? { startedAt: info.startedAt } : {}),
    ...(beat?.pid === pid && typeof beat.ts === 'string' ? { lastHeartbeat: beat.ts } : {}),
  };
}

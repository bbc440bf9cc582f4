// The state directory (SPEC "State directory"): where it is, the token, daemon.json and the lock
// that keeps a second daemon off the same directory.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlreadyRunningError } from '../core/errors.js';
import { stateFiles, writePrivate } from '../core/state-files.js';

export { stateFiles, writePrivate };

export interface DaemonInfo { pid: number; port: number; version: string; startedAt: string }

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, home = os.homedir(), platform = process.platform): string {
  if (env.AGENTWATCH_STATE_DIR) return env.AGENTWATCH_STATE_DIR;
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'agentwatch');
  return path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'agentwatch');
}

export function ensureStateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** The bearer token for the stream and telemetry; created (0600) on first start. */
export function loadOrCreateToken(dir: string): string {
  const file = stateFiles(dir).token;
  try {
    const t = fs.readFileSync(file, 'utf8').trim();
    if (t.length >= 32) {
      fs.chmodSync(file, 0o600);
      return t;
    }
  } catch { /* first start: create below */ }
  const token = crypto.randomBytes(32).toString('base64url');
  writePrivate(file, `${token}\n`);
  return token;
}

export function readToken(dir: string): string | undefined {
  try { return fs.readFileSync(stateFiles(dir).token, 'utf8').trim(); } catch { return undefined; }
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

// Steps about the state directory: take it (the lock first: a second daemon on the same directory stops
// here), open the log in it, and say the daemon is up (daemon.json) once everything else runs.
import { createLogger, type Logger } from '../logger.js';
import { acquireLock, ensureStateDir, loadOrCreateHookSecret, loadOrCreateToken, removeDaemonInfo, stateFiles, writeDaemonInfo, type DaemonInfo } from '../state-dir.js';
import type { Started } from './steps.js';

export interface StateDir { dir: string; files: ReturnType<typeof stateFiles>; token: string; hookSecret: string }

export function takeStateDir(dir: string): Started<StateDir> {
  process.umask(0o077); // every file we create (db, wal, logs) is the owner's alone
  ensureStateDir(dir);
  const release = acquireLock(dir);
  return { value: { dir, files: stateFiles(dir), token: loadOrCreateToken(dir), hookSecret: loadOrCreateHookSecret(dir) }, stop: release };
}

export function openLog(state: StateDir, level: string, stdout?: boolean): Started<Logger> {
  const log = createLogger({ file: state.files.log, level, stdout });
  return { value: log, stop: () => new Promise<void>((r) => log.flush(() => r())) };
}

/** Clients find the daemon through daemon.json: written last, removed first. */
export function announce(state: StateDir, info: DaemonInfo): Started<void> {
  writeDaemonInfo(state.dir, info);
  return { value: undefined, stop: () => removeDaemonInfo(state.dir) };
}

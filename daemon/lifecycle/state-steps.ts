// Steps about the state directory: take it (the lock first: a second daemon on the same directory stops
// here), open the log in it, and say the daemon is up (daemon.json) once everything else runs. The lock
// and daemon.json go on every way out: the steps' stop, and process exit as the last resort (a stuck
// shutdown's process.exit). A kill -9 leaves them; the next start sees that and reports it (uncleanExitOf).
import { createLogger, type Logger } from '../logger.js';
import type { LogFile } from '../log-file.js';
import { acquireLock, ensureStateDir, loadOrCreateHookSecret, loadOrCreateToken, removeDaemonInfo, removeOwnDaemonInfo, stateFiles, uncleanExitOf, writeDaemonInfo, type DaemonInfo, type UncleanExit } from '../state-dir.js';
import type { HealthBoard } from './health.js';
import type { Started } from './steps.js';

export interface StateDir { dir: string; files: ReturnType<typeof stateFiles>; token: string; hookSecret: string; uncleanExit?: UncleanExit }

export function takeStateDir(dir: string): Started<StateDir> {
  process.umask(0o077); // every file we create (db, wal, logs) is the owner's alone
  ensureStateDir(dir);
  const uncleanExit = uncleanExitOf(dir);
  const release = acquireLock(dir);
  const onExit = () => { removeOwnDaemonInfo(dir); release(); };
  process.on('exit', onExit);
  return {
    value: { dir, files: stateFiles(dir), token: loadOrCreateToken(dir), hookSecret: loadOrCreateHookSecret(dir), ...(uncleanExit ? { uncleanExit } : {}) },
    stop: () => { process.off('exit', onExit); release(); },
  };
}

export function openLog(state: StateDir, level: string, board: HealthBoard, stdout?: boolean): Started<{ log: Logger; file: LogFile }> {
  const logged = createLogger({ file: state.files.log, level, stdout });
  const { file } = logged;
  board.add('log', () => file.health());
  const onExit = () => file.flushSync();
  process.on('exit', onExit);
  return { value: logged, stop: () => { process.off('exit', onExit); file.flushSync(); } };
}

/** Clients find the daemon through daemon.json: written last, removed first. */
export function announce(state: StateDir, info: DaemonInfo): Started<void> {
  writeDaemonInfo(state.dir, info);
  return { value: undefined, stop: () => removeDaemonInfo(state.dir) };
}

// The files of the state directory (SPEC "State directory") and how private ones are written: shared by
// the daemon, the CLI and the installer (which keeps its install records there).
import fs from 'node:fs';
import path from 'node:path';

export const stateFiles = (dir: string) => ({
  db: path.join(dir, 'agentwatch.db'),
  token: path.join(dir, 'token'),
  /** The hooks' install secret: proof that a hook post comes from an agent the user runs (daemon/hook-auth.ts). */
  hookSecret: path.join(dir, 'hook-secret'),
  daemon: path.join(dir, 'daemon.json'),
  lock: path.join(dir, 'daemon.lock'),
  log: path.join(dir, 'agentwatch.log'),
  installs: path.join(dir, 'installs'),
  /** `{pid, ts}` rewritten every few seconds while the daemon runs: after a kill -9 the last one dates the gap. */
  heartbeat: path.join(dir, 'heartbeat.json'),
  /** One line per hook call `agentwatch hook` could not deliver (it failed open); the daemon takes and reports them. */
  hookMisses: path.join(dir, 'hook-misses.ndjson'),
});

/** Writes a file only its owner can read, atomically. */
export function writePrivate(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  // 'wx' (O_EXCL) never writes through a link planted at the temporary name; rename replaces a link at
  // `file` itself, not its target.
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

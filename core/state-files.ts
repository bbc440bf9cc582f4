// The files of the state directory (SPEC "State directory") and how private ones are written: shared by
// the daemon, the CLI and the installer (which keeps its install records there).
import fs from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
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
  /** The rotating NDJSON file for log shippers (daemon/outputs/ndjson-file-output.ts), its rotations and its `.offset`. */
  telemetry: path.join(dir, 'telemetry'),
  /** Records waiting for an output that cannot deliver now (daemon/outputs/spool.ts), one directory per output. */
  spool: path.join(dir, 'spool'),
  /** The export database osquery reads (daemon/fleet/osquery-export.ts). */
  osqueryDb: path.join(dir, 'osquery.db'),
  /** `{pid, ts}` rewritten every few seconds while the daemon runs: after a kill -9 the last one dates the gap. */
  heartbeat: path.join(dir, 'heartbeat.json'),
  /** One line per hook call `agentwatch hook` could not deliver (it failed open); the daemon takes and reports them. */
  hookMisses: path.join(dir, 'hook-misses.ndjson'),
  /** This machine's stable id in fleet telemetry (OCSF device.uid). */
  deviceId: path.join(dir, 'device-id'),
  /** The read-only bearer token of GET /v1/telemetry; only while `telemetry.enabled`. */
  fleetToken: path.join(dir, 'fleet-token'),
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

/** writePrivate off the event loop, for state written often (an output's offset, a spool's head). */
export async function writePrivateAsync(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await rm(tmp, { force: true });
  await writeFile(tmp, content, { mode: 0o600, flag: 'wx' });
  await rename(tmp, file);
}

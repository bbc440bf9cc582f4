// The `mcp_pins` table (migration 3 in daemon/store/database.ts): one row per server key.
import type { DB } from '../../../daemon/store/database.js';
import { comparePins, pinDigest, type PinBody, type PinDiff } from './pins.js';

export interface StoredPin { key: string; pinnedTs: string; scannedTs: string; digest: string; body: PinBody }

export type PinOutcome =
  | { state: 'pinned'; key: string; digest: string }
  | { state: 'unchanged'; key: string; digest: string; pinnedTs: string }
  | { state: 'changed'; key: string; digest: string; pinnedTs: string; pinnedDigest: string; diff: PinDiff };

export function readPin(db: DB, key: string): StoredPin | undefined {
  const row = db.prepare('SELECT server_key, pinned_ts, scanned_ts, digest, body FROM mcp_pins WHERE server_key = ?').get(key) as
    { server_key: string; pinned_ts: string; scanned_ts: string; digest: string; body: string } | undefined;
  return row && { key: row.server_key, pinnedTs: row.pinned_ts, scannedTs: row.scanned_ts, digest: row.digest, body: JSON.parse(row.body) as PinBody };
}

export function readAllPins(db: DB): StoredPin[] {
  return (db.prepare('SELECT server_key FROM mcp_pins ORDER BY server_key').all() as { server_key: string }[])
    .map((r) => readPin(db, r.server_key)!);
}

function writePin(db: DB, key: string, body: PinBody, ts: string): string {
  const digest = pinDigest(body);
  db.prepare(`INSERT INTO mcp_pins (server_key, pinned_ts, scanned_ts, digest, body) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(server_key) DO UPDATE SET pinned_ts = excluded.pinned_ts, scanned_ts = excluded.scanned_ts,
      digest = excluded.digest, body = excluded.body`).run(key, ts, ts, digest, JSON.stringify(body));
  return digest;
}

/**
 * Pins on first use, else compares. A change does not move the pin: the server stays CHANGED (and
 * re-alerts, merged into the same alert) until someone re-pins it with `repin`, so a rug pull cannot
 * become the new normal just because a second scan ran.
 */
export function checkPin(db: DB, key: string, body: PinBody, ts: string, repin = false): PinOutcome {
  const old = readPin(db, key);
  if (!old || repin) return { state: 'pinned', key, digest: writePin(db, key, body, ts) };
  db.prepare('UPDATE mcp_pins SET scanned_ts = ? WHERE server_key = ?').run(ts, key);
  const digest = pinDigest(body);
  if (digest === old.digest) return { state: 'unchanged', key, digest, pinnedTs: old.pinnedTs };
  return { state: 'changed', key, digest, pinnedTs: old.pinnedTs, pinnedDigest: old.digest, diff: comparePins(old.body, body) };
}

// Pin on first use, then compare: what a live scan makes of a server's tools against its pin. The pins
// themselves are kept by the store (daemon/store/pin-store.ts, the `mcp_pins` table) behind PinRecords.
import { comparePins, pinDigest, type PinBody, type PinDiff } from './pins.js';

export interface StoredPin { key: string; pinnedTs: string; scannedTs: string; digest: string; body: PinBody }

/** Where pins are kept, one per server key (implemented by the store). */
export interface PinRecords {
  read(key: string): StoredPin | undefined;
  /** Pins (or re-pins) a server: its pinned and scanned times become `pin.pinnedTs`. */
  write(pin: StoredPin): void;
  /** Records that the pinned server was scanned again at `ts`. */
  touch(key: string, ts: string): void;
}

export type PinOutcome =
  | { state: 'pinned'; key: string; digest: string }
  | { state: 'unchanged'; key: string; digest: string; pinnedTs: string }
  | { state: 'changed'; key: string; digest: string; pinnedTs: string; pinnedDigest: string; diff: PinDiff };

/**
 * Pins on first use, else compares. A change does not move the pin: the server stays CHANGED (and
 * re-alerts, merged into the same alert) until someone re-pins it with `repin`, so a rug pull cannot
 * become the new normal just because a second scan ran.
 */
export function checkPin(pins: PinRecords, key: string, body: PinBody, ts: string, repin = false): PinOutcome {
  const old = pins.read(key);
  const digest = pinDigest(body);
  if (!old || repin) {
    pins.write({ key, pinnedTs: ts, scannedTs: ts, digest, body });
    return { state: 'pinned', key, digest };
  }
  pins.touch(key, ts);
  if (digest === old.digest) return { state: 'unchanged', key, digest, pinnedTs: old.pinnedTs };
  return { state: 'changed', key, digest, pinnedTs: old.pinnedTs, pinnedDigest: old.digest, diff: comparePins(old.body, body) };
}

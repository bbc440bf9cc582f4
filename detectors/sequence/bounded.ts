// Bounded lists for session memory: every list has a cap (the oldest entries go first), and timed
// stamps older than MAX_WINDOW_MS are dropped, so a session's memory never grows with its length.
import type { DetectionInput, SessionMemory } from '../detector.js';
import { MAX_WINDOW_MS } from './limits.js';
import { msOf } from '../../core/time.js';
import { intern } from '../../core/intern.js';

/** A step remembered with its event time (ms), for the counting and slow-exfiltration windows. */
export interface Stamp { key: string; eventId: string; t: number; n?: number }

/** Caps each timed list; a configured threshold above it can never be reached. */
export const MAX_STAMPS = 64;

/** Appends and keeps the newest `cap` entries; the same array back when nothing was added. */
export function push<T>(list: T[], added: readonly T[], cap: number): T[] {
  if (added.length === 0) return list;
  // One new array per event, not a spread and then a slice of it: this runs for every event of a session.
  const out = list.slice(Math.max(0, list.length + added.length - cap));
  for (const a of added.length > cap ? added.slice(-cap) : added) out.push(a);
  return out;
}

/** Adds stamps, replacing older ones with the same key when `latestPerKey`, and drops stale ones. */
export function stamp(list: Stamp[], added: Stamp[], now: number, latestPerKey: boolean): Stamp[] {
  const fresh = (s: Stamp) => now - s.t <= MAX_WINDOW_MS;
  // Most events stamp nothing: then the list stays as it is unless a stamp went stale (no allocation).
  if (added.length === 0) return list.every(fresh) ? list : list.filter(fresh);
  // Keys are paths and hosts every session names again: kept once (core/intern.ts).
  const kept = added.map((s) => ({ ...s, key: intern(s.key) }));
  const keys = latestPerKey ? new Set(kept.map((s) => s.key)) : undefined;
  return push(list.filter((s) => fresh(s) && !keys?.has(s.key)), kept, MAX_STAMPS);
}

/**
 * A detector memory that is one timed list, `{ [field]: Stamp[] }`: `stamps` gives this event's
 * stamps at its time `now`; stale ones go, and with `latestPerKey` a key keeps only its newest stamp.
 */
export function timedMemory<K extends string>(field: K, latestPerKey: boolean, stamps: (input: DetectionInput<Record<K, Stamp[]>>, now: number) => Stamp[]): SessionMemory<Record<K, Stamp[]>> {
  return {
    windowed: true,
    initial: () => ({ [field]: [] }) as unknown as Record<K, Stamp[]>,
    update(input) {
      const now = msOf(input.event.ts);
      const state = input.state as Record<K, Stamp[]>;
      const after = stamp(state[field], stamps(input, now), now, latestPerKey);
      return after === state[field] ? state : ({ [field]: after }) as Record<K, Stamp[]>;
    },
  };
}

// Event ids: UUIDv7 (RFC 9562), which start with the time in milliseconds and count up within one, so
// each new id sorts after the last. The events table keeps a unique index on id; with random (v4) ids
// every insert landed on a random page of it, which missed SQLite's page cache once the store held tens of
// thousands of events (bench/pipeline-throughput.ts: its raw-insert baseline went from 22 to 6.4 µs an event).
// Made here, not with the `uuid` package: its v7 asks the kernel for 16 random bytes on every id, 4.6 µs
// against 0.2 µs for crypto.randomUUID, whose pooled random bits (and variant) make the last 64 bits here.
import crypto from 'node:crypto';

/** At most this many ids in one millisecond keep their order (12 bits: RFC 9562's rand_a as a counter). */
const PER_MS = 0x1000;
let lastMs = 0;
let counter = 0;
let prefix = ''; // lastMs's part of the id (lastMs starts at 0, so the first id sets it)

/** A new id for an Event: unique, and greater than every id this process made before. */
export function newEventId(): string {
  let ms = Date.now();
  // The clock stepped back, or this millisecond's counter ran out: stay after the last id anyway.
  if (ms <= lastMs) {
    ms = lastMs;
    if (++counter === PER_MS) { ms++; counter = 0; }
  } else counter = 0;
  if (ms !== lastMs) {
    const t = ms.toString(16).padStart(12, '0');
    prefix = `${t.slice(0, 8)}-${t.slice(8)}-7`;
  }
  lastMs = ms;
  return `${prefix}${counter.toString(16).padStart(3, '0')}-${crypto.randomUUID().slice(19)}`;
}

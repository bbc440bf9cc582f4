// Event time, never the wall clock: detectors and attribution reason over `event.ts`, so a replay of
// stored events gives the same answers as the live run.

/** Milliseconds of an event's ISO time; an unparsable time counts as 0 (it then falls out of every window). */
export function msOf(ts: string): number {
  // Every detector asks for the same event's time in turn: the last answer is kept (Date.parse is not free).
  if (ts === lastTs) return lastMs;
  const t = Date.parse(ts);
  lastTs = ts;
  lastMs = Number.isFinite(t) ? t : 0;
  return lastMs;
}

let lastTs: string | undefined;
let lastMs = 0;

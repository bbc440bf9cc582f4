// Event time, never the wall clock: detectors and attribution reason over `event.ts`, so a replay of
// stored events gives the same answers as the live run.

/** Milliseconds of an event's ISO time; an unparsable time counts as 0 (it then falls out of every window). */
export function msOf(ts: string): number {
  const t = Date.parse(ts);
  return Number.isFinite(t) ? t : 0;
}

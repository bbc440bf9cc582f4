// One copy of the short strings that every open session keeps again: its id, its cwd and the paths its
// calls named (each hook body is parsed afresh, so each event brings new copies of them), and the baseline's
// n-grams, which are built by joining tokens on every event. With thousands of sessions in memory those
// copies were most of what they held (docs/performance.md, "RSS grows with open sessions"). Interning
// changes no value, only which copy is kept, so detectors stay pure functions of what they are given.

/** Longer strings (file contents, long commands) are rarely repeated: they are not pooled. */
const MAX_LENGTH = 256;
/** Strings kept at once (at most 2.56 million characters); the pool starts over when full (a string a session keeps stays valid). */
const MAX_ENTRIES = 10_000;

const pool = new Map<string, string>();

/** The pooled copy of `s` (the first one seen), or `s` itself when it is too long to pool. */
export function intern(s: string): string {
  if (s.length > MAX_LENGTH) return s;
  const kept = pool.get(s);
  if (kept !== undefined) return kept;
  if (pool.size >= MAX_ENTRIES) pool.clear();
  pool.set(s, s);
  return s;
}

/** intern for an optional field. */
export const internMaybe = (s: string | undefined): string | undefined => (s === undefined ? undefined : intern(s));

/** How many strings the pool holds (status and tests). */
export const internedCount = (): number => pool.size;

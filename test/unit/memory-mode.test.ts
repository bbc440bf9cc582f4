// The memory mode: V8's --optimize-for-size off for a burst of hooks, back on (with one full GC) once they
// stop. V8 itself is replaced by a recorder (the clock and timers are vitest's fakes), except in the last
// case, which runs the idle collection in this process's own V8.
import fs from 'node:fs';
import vm from 'node:vm';
import v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryMode, realKnobs, type V8Knobs } from '../../daemon/memory-mode.js';
import { trimNativeHeap } from '../../daemon/native-heap.js';
import { onGlibc as glibc } from '../helpers/glibc.js';

function recorder(): V8Knobs & { flags: string[]; collections: number } {
  const r = { flags: [] as string[], collections: 0, setFlags: (f: string) => { r.flags.push(f); }, collect: () => { r.collections++; return 12.34; } };
  return r;
}

describe('memory mode', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  const make = (knobs: V8Knobs) => new MemoryMode(knobs, { burstPerSecond: 20, quietMs: 5000 });

  it('stays small while hooks come at an agent\'s pace', () => {
    const knobs = recorder();
    const m = make(knobs);
    for (let i = 0; i < 100; i++) { m.noteHook(); vi.advanceTimersByTime(100); } // 10 a second for 10 s
    expect(m.mode).toBe('small');
    expect(knobs.flags).toEqual([]);
  });

  it('turns the size optimisation off on a burst, and back on with one GC once the hooks stop', () => {
    const knobs = recorder();
    const m = make(knobs);
    for (let i = 0; i < 19; i++) m.noteHook();
    expect(m.mode).toBe('small');
    m.noteHook();
    expect(m.mode).toBe('fast');
    expect(knobs.flags).toEqual(['--no-optimize-for-size']);
    // Still busy at a slower pace: the burst goes on past the quiet period measured from its start.
    for (let i = 0; i < 8; i++) { vi.advanceTimersByTime(1000); m.noteHook(); }
    expect(m.mode).toBe('fast');
    expect(knobs.collections).toBe(0);
    vi.advanceTimersByTime(4999);
    expect(m.mode).toBe('fast');
    vi.advanceTimersByTime(1);
    expect(m.mode).toBe('small');
    expect(knobs.flags).toEqual(['--no-optimize-for-size', '--optimize-for-size']);
    expect(knobs.collections).toBe(1);
    expect(m.health()).toEqual({ status: 'ok', mode: 'small', bursts: 1, idleCollections: 1, lastCollectionMs: 12.3 });
  });

  it('counts a burst only within one second, and starts over after one', () => {
    const knobs = recorder();
    const m = make(knobs);
    for (let i = 0; i < 15; i++) m.noteHook();
    vi.advanceTimersByTime(1000);
    for (let i = 0; i < 15; i++) m.noteHook();
    expect(m.mode).toBe('small');
    for (let i = 0; i < 5; i++) m.noteHook();
    expect(m.mode).toBe('fast');
    vi.advanceTimersByTime(5000);
    expect(m.mode).toBe('small');
    // A second burst right after the first one ended counts from zero again.
    for (let i = 0; i < 19; i++) m.noteHook();
    expect(m.mode).toBe('small');
    m.noteHook();
    expect(m.bursts).toBe(2);
  });

  it('goes back to small even when the GC cannot run', () => {
    const knobs = { ...recorder(), collect: () => { throw new Error('no gc'); } };
    const m = make(knobs);
    for (let i = 0; i < 20; i++) m.noteHook();
    vi.advanceTimersByTime(5000);
    expect(m.health()).toEqual({ status: 'ok', mode: 'small', bursts: 1, idleCollections: 0 });
  });

  it('after the idle GC gives the C heap\'s free pages back, and says how long that took', () => {
    const calls: string[] = [];
    const knobs: V8Knobs = { setFlags: () => {}, collect: () => { calls.push('gc'); return 40; }, trimNative: () => { calls.push('trim'); return 0.42; } };
    const m = make(knobs);
    for (let i = 0; i < 20; i++) m.noteHook();
    vi.advanceTimersByTime(5000);
    expect(calls).toEqual(['gc', 'trim']);
    expect(m.health()).toEqual({ status: 'ok', mode: 'small', bursts: 1, idleCollections: 1, lastCollectionMs: 40, nativeTrims: 1, lastTrimMs: 0.4 });
  });

  it('where the trim cannot run (no addon, not glibc) health says so once, and it is not tried again', () => {
    let tries = 0;
    const m = make({ ...recorder(), trimNative: () => { tries++; return undefined; } });
    for (let burst = 0; burst < 2; burst++) {
      for (let i = 0; i < 20; i++) m.noteHook();
      vi.advanceTimersByTime(5000);
    }
    expect(tries).toBe(1);
    expect(m.health()).toEqual({ status: 'ok', mode: 'small', bursts: 2, idleCollections: 2, lastCollectionMs: 12.3, nativeTrim: 'unavailable' });
  });

  it('stop() leaves no timer behind', () => {
    const m = make(recorder());
    for (let i = 0; i < 20; i++) m.noteHook();
    expect(vi.getTimerCount()).toBe(1);
    m.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the idle collection, in V8', () => {
  it('gives back the code of functions that went unused through the full GC before it, keeps the code of those that ran since (the hook path)', () => {
    const knobs = realKnobs();
    knobs.collect();
    const gc = vm.runInNewContext('gc') as () => void;
    const bytecode = () => v8.getHeapCodeStatistics().bytecode_and_metadata_size;
    const make = (tag: number) => Array.from({ length: 3000 }, (_, i) => new Function('x', `return x * ${i} + Math.sqrt(x + ${i}) - ${(i + tag) % 7}`) as (x: number) => number);
    const c0 = bytecode();
    const hot = make(1);
    hot.forEach((f) => f(2));
    const c1 = bytecode();
    const startup = make(2); // run once, as start-up code is, then never again
    const startupSum = startup.reduce((a, f) => a + f(2), 0);
    const c2 = bytecode();
    gc();
    hot.forEach((f) => f(3)); // the burst's hooks keep running the hook path
    knobs.collect();
    const freed = c2 - bytecode();
    expect(freed).toBeGreaterThan(0.8 * (c2 - c1)); // start-up's code is given back
    expect(freed).toBeLessThan((c2 - c1) + 0.2 * (c1 - c0)); // the hot functions' code stays
    expect(startup.reduce((a, f) => a + f(2), 0)).toBe(startupSum); // and still work
  });
});

// The addon is an optional dependency built by `npm ci`; on this glibc Linux it must be there, or the daemon
// silently keeps the pages the bench counts against the 80 MB goal.
describe.skipIf(!glibc)('the C heap trim, in this process (glibc)', () => {
  const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]);

  it('gives back pages freed in the middle of the heap, which free() keeps resident', () => {
    realKnobs().collect(); // exposes gc
    const gc = vm.runInNewContext('gc') as () => void;
    // 24 MB of small C allocations (below malloc's mmap threshold), one in 64 kept so free() cannot shrink the top.
    let held: Buffer[] = Array.from({ length: 6000 }, () => Buffer.allocUnsafeSlow(4000).fill(1));
    const kept = held.filter((_, i) => i % 64 === 63);
    held = [];
    for (let i = 0; i < 3; i++) gc();
    const before = rssKb();
    const ms = trimNativeHeap();
    const after = rssKb();
    expect(ms).toBeTypeOf('number');
    expect(before - after).toBeGreaterThan(8 * 1024);
    expect(kept.every((b) => b[0] === 1)).toBe(true);
  });
});

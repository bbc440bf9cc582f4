// The memory mode: V8's --optimize-for-size off for a burst of hooks, back on (with one full GC) once they
// stop. V8 itself is replaced by a recorder (the clock and timers are vitest's fakes), except in the last
// case, which runs the idle collection in this process's own V8.
import vm from 'node:vm';
import v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryMode, realKnobs, type V8Knobs } from '../../daemon/memory-mode.js';

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

  it('stop() leaves no timer behind', () => {
    const m = make(recorder());
    for (let i = 0; i < 20; i++) m.noteHook();
    expect(vi.getTimerCount()).toBe(1);
    m.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the idle collection, in V8', () => {
  it('gives back the compiled code of functions that are not running, and they still work', () => {
    const knobs = realKnobs();
    knobs.collect(); // exposes V8's gc and settles the heap
    const gc = vm.runInNewContext('gc') as () => void;
    // A burst's worth of code: functions compiled and run once, still referenced, idle now.
    const fns = Array.from({ length: 5000 }, (_, i) => new Function('x', `return x * ${i} + Math.sqrt(x + ${i}) - ${i % 7}`) as (x: number) => number);
    const sum = fns.reduce((a, f) => a + f(2), 0);
    gc();
    const before = v8.getHeapStatistics().used_heap_size;
    knobs.collect();
    const after = v8.getHeapStatistics().used_heap_size;
    // Their bytecode alone is well over 200 KB; a plain full GC right after another frees next to nothing.
    expect(before - after).toBeGreaterThan(200_000);
    expect(fns.reduce((a, f) => a + f(2), 0)).toBe(sum);
  });
});

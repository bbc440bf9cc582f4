import { describe, expect, it } from 'vitest';
import { BACKGROUND_NICE, BackgroundThreads, type ThreadOs } from '../../daemon/thread-priority.js';

/** A process's threads and their nice values, as setpriority(2) would see them. */
function fakeOs(nice: Map<number, number>, opts: { gone?: number } = {}): ThreadOs & { set: number[] } {
  const set: number[] = [];
  return {
    set,
    tasks: () => [...nice.keys()].map(String),
    getPriority: (tid) => { if (tid === opts.gone) throw new Error('ESRCH'); return nice.get(tid)!; },
    setPriority: (tid, value) => { set.push(tid); nice.set(tid, value); },
  };
}

describe('background threads at the lowest priority', () => {
  it('lowers every thread but the main one, once', () => {
    const nice = new Map([[100, 0], [101, 0], [102, 0], [103, 0]]);
    const sys = fakeOs(nice);
    const threads = new BackgroundThreads(sys, 'linux', 100);
    threads.lowerNow();
    expect(nice).toEqual(new Map([[100, 0], [101, BACKGROUND_NICE], [102, BACKGROUND_NICE], [103, BACKGROUND_NICE]]));
    // A thread made later (libuv's pool) is lowered on the next call; those done already are left alone.
    nice.set(104, 0);
    threads.lowerNow();
    expect(sys.set).toEqual([101, 102, 103, 104]);
    expect(threads.health()).toEqual({ status: 'ok', nice: BACKGROUND_NICE, lowered: 4 });
  });

  it('skips a thread that ended meanwhile and goes on', () => {
    const nice = new Map([[100, 0], [101, 0], [102, 0]]);
    const threads = new BackgroundThreads(fakeOs(nice, { gone: 101 }), 'linux', 100);
    threads.lowerNow();
    expect(nice.get(102)).toBe(BACKGROUND_NICE);
    expect(threads.lowered).toBe(1);
  });

  it('does nothing where a thread has no priority of its own, and says why', () => {
    const nice = new Map([[100, 0], [101, 0]]);
    const sys = fakeOs(nice);
    const threads = new BackgroundThreads(sys, 'darwin', 100);
    threads.lowerNow();
    expect(sys.set).toEqual([]);
    expect(threads.health()).toMatchObject({ lowered: 0, skipped: 'not on darwin' });
  });
});

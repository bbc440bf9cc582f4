import { describe, expect, it } from 'vitest';
import { MAX_STAMPS, push, stamp, type Stamp } from '../../../detectors/sequence/bounded.js';
import { MAX_WINDOW_MS } from '../../../detectors/sequence/limits.js';

const s = (key: string, t: number): Stamp => ({ key, eventId: `e-${key}-${t}`, t });

describe('bounded lists', () => {
  it('push keeps the newest `cap` entries, and gives the same array back when nothing is added', () => {
    const list = [1, 2, 3];
    expect(push(list, [], 3)).toBe(list);
    expect(push(list, [4], 3)).toEqual([2, 3, 4]);
    expect(push(list, [4, 5, 6, 7], 3)).toEqual([5, 6, 7]);
    expect(push([], [1], 3)).toEqual([1]);
    expect(list).toEqual([1, 2, 3]); // never changed in place: session states are values
  });

  it('stamp drops stale stamps, replaces a key with its newest when asked, and keeps the array when nothing changes', () => {
    const now = 10 * MAX_WINDOW_MS;
    const fresh = [s('a', now - 1000), s('b', now - 500)];
    expect(stamp(fresh, [], now, true)).toBe(fresh);
    const withStale = [s('old', now - MAX_WINDOW_MS - 1), ...fresh];
    expect(stamp(withStale, [], now, false).map((x) => x.key)).toEqual(['a', 'b']);
    expect(stamp(fresh, [s('a', now)], now, true).map((x) => [x.key, x.t])).toEqual([['b', now - 500], ['a', now]]);
    expect(stamp(fresh, [s('a', now)], now, false).map((x) => x.key)).toEqual(['a', 'b', 'a']);
    const full = Array.from({ length: MAX_STAMPS }, (_, i) => s(`k${i}`, now - 10));
    const next = stamp(full, [s('new', now)], now, false);
    expect(next).toHaveLength(MAX_STAMPS);
    expect(next[0]!.key).toBe('k1');
    expect(next.at(-1)!.key).toBe('new');
  });
});

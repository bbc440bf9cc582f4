// Event ids are UUIDv7 and keep their order (core/ids.ts): the store's id index relies on each new id
// sorting after the last, even when the clock steps back or a millisecond holds more ids than its counter.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newEventId } from '../../core/ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('event ids', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('are RFC 9562 version 7 UUIDs that start with the time', () => {
    const before = Date.now();
    const id = newEventId();
    expect(id).toMatch(UUID_V7);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('sort in the order they were made: within one millisecond, past its 4,096-id counter, and when the clock steps back', () => {
    let now = Date.now() + 60_000; // later than any id made so far in this process
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const ids: string[] = [];
    for (let i = 0; i < 10_000; i++) ids.push(newEventId()); // one millisecond, 10,000 ids
    now -= 5_000; // the clock steps back
    for (let i = 0; i < 100; i++) ids.push(newEventId());
    now += 10_000;
    for (let i = 0; i < 100; i++) ids.push(newEventId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });
});

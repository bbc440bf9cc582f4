// The HTTP side's admission and drop accounting (daemon/server-load.ts): who gets a connection, and what
// health and the stream are told about the rest.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServerLoad, type LoadSnapshot } from '../../daemon/server-load.js';

describe('ServerLoad', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('loopback clients share the global cap; each remote address has its own cap within it', () => {
    const load = new ServerLoad({ maxConnections: 5, maxConnectionsPerPeer: 2, maxInFlight: 8 });
    expect(['10.0.0.7', '10.0.0.7', '10.0.0.7'].map((p) => load.admit(p))).toEqual([true, true, false]);
    expect(load.admit('10.0.0.8')).toBe(true);
    expect(['127.0.0.1', '::1', '127.0.0.1'].map((p) => load.admit(p))).toEqual([true, true, false]);
    load.release('10.0.0.7');
    expect(load.admit('10.0.0.7')).toBe(true);
    expect(load.snapshot()).toMatchObject({ connections: 5, refusedConnections: 2 });
  });

  it('drops make health degraded with the totals; a late answer alone does not', () => {
    const load = new ServerLoad({ maxConnections: 5, maxConnectionsPerPeer: 2, maxInFlight: 8 });
    load.count('lateDecisions');
    expect(load.health()).toMatchObject({ status: 'ok', lateDecisions: 1 });
    load.count('rejected');
    load.count('failOpen');
    expect(load.health()).toMatchObject({ status: 'degraded', reason: expect.stringMatching(/1 hooks answered 429, 1 PreToolUse allowed unjudged/), rejected: 1, failOpen: 1 });
  });

  it('tells the stream of drops at most once a second, and always of the last counts', () => {
    vi.useFakeTimers();
    const load = new ServerLoad({ maxConnections: 5, maxConnectionsPerPeer: 2, maxInFlight: 8 });
    const heard: LoadSnapshot[] = [];
    load.onDrop = (s) => heard.push(s);
    for (let i = 0; i < 100; i++) load.count('rejected');
    vi.advanceTimersByTime(0);
    expect(heard.map((h) => h.rejected)).toEqual([100]);
    load.count('rejected');
    vi.advanceTimersByTime(500);
    expect(heard).toHaveLength(1);
    load.count('failOpen');
    vi.advanceTimersByTime(500);
    expect(heard.map((h) => [h.rejected, h.failOpen])).toEqual([[100, 0], [101, 1]]);
    load.close();
  });
});

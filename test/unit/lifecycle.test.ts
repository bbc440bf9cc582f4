// The daemon's lifecycle parts on their own: the ordered steps and their reverse teardown, the bounded
// collector queue, and how component states come to one health status.
import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../daemon/lifecycle/steps.js';
import { HealthBoard } from '../../daemon/lifecycle/health.js';
import { EventQueue } from '../../daemon/event-queue.js';
import type { Event } from '../../core/event.js';

describe('lifecycle steps', () => {
  it('stops the started steps in reverse, all of them even when one teardown throws, and reports a failing step', async () => {
    const life = new Lifecycle();
    const stopped: string[] = [];
    expect(await life.step('a', () => ({ value: 1, stop: () => { stopped.push('a'); } }))).toBe(1);
    await life.step('b', () => ({ value: 2, stop: () => { stopped.push('b'); throw new Error('b broke'); } }));
    await life.step('c', async () => ({ value: 3, stop: async () => { stopped.push('c'); } }));
    await expect(life.step('d', () => { throw new Error('port 1 is taken\nmore'); })).rejects.toThrow('port 1 is taken');
    expect(life.reports.map((r) => [r.step, r.ok, r.error])).toEqual([['a', true, undefined], ['b', true, undefined], ['c', true, undefined], ['d', false, 'port 1 is taken']]);
    await life.stop('test');
    expect(stopped).toEqual(['c', 'b', 'a']);
    await life.stop('again');
    expect(stopped).toEqual(['c', 'b', 'a']);
  });
});

describe('collector queue', () => {
  const ev = (id: string) => ({ id }) as Event;

  it('processes in order off the emitting call, drops beyond its cap and counts the drops', async () => {
    const seen: string[] = [];
    const q = new EventQueue(3, (e) => seen.push(e.id), 2);
    for (const id of ['1', '2', '3', '4', '5']) q.push(ev(id));
    expect(seen).toEqual([]);
    expect(q).toMatchObject({ depth: 3, dropped: 2 });
    expect(q.health()).toMatchObject({ status: 'degraded', reason: 'collector events dropped: queue full (3)', dropped: 2 });
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['1', '2']);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['1', '2', '3']);
    q.push(ev('6'));
    q.flush();
    expect(seen).toEqual(['1', '2', '3', '6']);
    expect(q).toMatchObject({ depth: 0, processed: 4 });
  });
});

describe('health board', () => {
  it('a failed collector degrades the daemon; a failed core component fails it; a throwing check is failed', () => {
    const board = new HealthBoard();
    let store: 'ok' | 'failed' = 'ok';
    board.add('store', () => ({ status: store }), true);
    board.add('rules', () => { throw new Error('no rules\nat …'); });
    board.addCollectors(() => ({ 'file-watch': { ok: true, status: 'ok' }, 'kernel-tier': { ok: false, status: 'failed', reason: 'bpftrace not found' } }));
    expect(board.snapshot()).toMatchObject({ ok: true, status: 'degraded', components: { rules: { status: 'failed', reason: 'no rules' } } });
    store = 'failed';
    expect(board.snapshot()).toMatchObject({ ok: false, status: 'failed' });
    const healthy = new HealthBoard();
    healthy.add('server', () => ({ status: 'ok' }), true);
    expect(healthy.snapshot()).toEqual({ ok: true, status: 'ok', components: { server: { status: 'ok' } }, collectors: {} });
  });
});

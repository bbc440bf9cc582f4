import { describe, expect, it } from 'vitest';
import { AgentPresence } from '../../../collectors/agent-presence.js';
import type { Event } from '../../../core/event.js';

const ev = (kind: Event['kind'], extra: Partial<Event> = {}): Event =>
  ({ id: kind, ts: '2026-11-23T16:00:00.000Z', source: kind.startsWith('agent.') ? 'process' : 'hook', kind, agent: { kind: 'claude-code' }, ...extra });

function setup() {
  let now = 1_000_000;
  const gone = new Set<number>();
  const p = new AgentPresence(120_000, (err) => { throw err; }, () => now, (pid) => !gone.has(pid));
  const heard: boolean[] = [];
  p.onChange((a) => heard.push(a));
  return { p, heard, advance: (ms: number) => { now += ms; }, kill: (pid: number) => gone.add(pid) };
}

const run = (kind: 'session.start' | 'session.end', sessionId: string, pid?: number): Event =>
  ({ id: `${kind}-${sessionId}`, ts: '2026-11-23T16:00:00.000Z', source: 'pty', kind, sessionId, agent: { kind: 'unknown' }, ...(pid ? { pid } : {}) });

describe('AgentPresence', () => {
  it('is active while an agent process lives, and only says so on a change', () => {
    const { p, heard } = setup();
    expect(p.isActive()).toBe(false);
    p.observe(ev('agent.start', { procKey: '10:1' }));
    p.observe(ev('agent.start', { procKey: '11:1' }));
    p.observe(ev('agent.exit', { procKey: '10:1' }));
    expect(heard).toEqual([true]);
    p.observe(ev('agent.exit', { procKey: '11:1' }));
    expect(heard).toEqual([true, false]);
  });

  it('a hook tool call keeps it active for the hold time, then a tick lets it go', () => {
    const { p, heard, advance } = setup();
    p.observe(ev('tool.call'));
    advance(119_000);
    p.tick();
    expect(p.isActive()).toBe(true);
    advance(2_000);
    p.tick();
    expect(heard).toEqual([true, false]);
  });

  it('OS effects are not agents at work', () => {
    const { p, heard } = setup();
    p.observe(ev('exec', { source: 'process', pid: 5 }));
    p.observe(ev('file.write', { source: 'file', path: '/tmp/x' }));
    expect(heard).toEqual([]);
  });

  it('a session supervised by `agentwatch run` is an agent at work from its start to its end, however long', () => {
    const { p, heard, advance } = setup();
    p.observe(run('session.start', 'run-a', 4242));
    p.observe(run('session.start', 'run-b'));
    advance(600_000);
    p.tick();
    p.observe(run('session.end', 'run-a', 4242));
    expect(heard).toEqual([true]);
    p.observe(run('session.end', 'run-b'));
    expect(heard).toEqual([true, false]);
  });

  it('a supervised run whose command died without an end (the run killed -9) stops counting at the next tick', () => {
    const { p, heard, kill } = setup();
    p.observe(run('session.start', 'run-a', 4242));
    p.tick();
    expect(p.isActive()).toBe(true);
    kill(4242);
    p.tick();
    expect(heard).toEqual([true, false]);
  });

  it('the real pid check: this process is alive, a pid past the kernel limit is not', () => {
    const p = new AgentPresence(120_000, (err) => { throw err; });
    p.observe(run('session.start', 'mine', process.pid));
    p.observe(run('session.start', 'gone', 2 ** 22 + 1));
    p.tick();
    expect(p.isActive()).toBe(true);
    p.observe(run('session.end', 'mine', process.pid));
    expect(p.isActive()).toBe(false);
  });
});

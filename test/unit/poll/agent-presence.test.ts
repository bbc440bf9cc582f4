import { describe, expect, it } from 'vitest';
import { AgentPresence } from '../../../collectors/agent-presence.js';
import type { Event } from '../../../core/event.js';

const ev = (kind: Event['kind'], extra: Partial<Event> = {}): Event =>
  ({ id: kind, ts: '2026-11-23T16:00:00.000Z', source: kind.startsWith('agent.') ? 'process' : 'hook', kind, agent: { kind: 'claude-code' }, ...extra });

function setup() {
  let now = 1_000_000;
  const p = new AgentPresence(120_000, (err) => { throw err; }, () => now);
  const heard: boolean[] = [];
  p.onChange((a) => heard.push(a));
  return { p, heard, advance: (ms: number) => { now += ms; } };
}

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
});

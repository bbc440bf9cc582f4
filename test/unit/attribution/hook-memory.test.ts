// HookMemory: which recent tool calls an OS effect can be correlated with (daemon/attribution/hook-memory.ts).
import { describe, expect, it } from 'vitest';
import { CORRELATE_MS, HookMemory } from '../../../daemon/attribution/hook-memory.js';
import type { Event } from '../../../core/event.js';

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
const call = (i: number, t: number): Event => ({
  id: `h${i}`, ts: new Date(t).toISOString(), source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, sessionId: 'S1',
  command: `make target-${i}`, tool: { name: 'Bash', useId: `toolu_${i}`, input: { command: `make target-${i}` } },
});
const exec = (i: number): Event => ({ id: `p${i}`, ts: new Date(T0).toISOString(), source: 'process', kind: 'exec', agent: { kind: 'unknown' }, pid: 100 + i, argv: ['make', `target-${i}`] });

describe('HookMemory.correlate', () => {
  it('names the call of an effect among the newest 256 calls within the window, under a flood of calls', () => {
    const m = new HookMemory();
    for (let i = 0; i < 1000; i++) m.note(call(i, T0 + i), T0 + i);
    const t = T0 + 1000;
    expect(m.correlate(exec(999), t)?.useId).toBe('toolu_999');
    expect(m.correlate(exec(744), t)?.useId).toBe('toolu_744'); // the 256th newest
    expect(m.correlate(exec(743), t)).toBeUndefined(); // older than the newest 256
    expect(m.correlate(exec(10), t)).toBeUndefined();
  });

  it('forgets a call once the effect comes more than CORRELATE_MS after it', () => {
    const m = new HookMemory();
    m.note(call(1, T0), T0);
    expect(m.correlate(exec(1), T0 + CORRELATE_MS)?.useId).toBe('toolu_1');
    expect(m.correlate(exec(1), T0 + CORRELATE_MS + 1)).toBeUndefined();
    // A later call prunes what is long gone, and the recent one is still found.
    m.note(call(2, T0 + 60_000), T0 + 60_000);
    expect(m.correlate(exec(2), T0 + 60_001)?.useId).toBe('toolu_2');
    expect(m.correlate(exec(1), T0 + 60_001)).toBeUndefined();
  });
});

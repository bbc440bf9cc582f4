// The terminal console's model: alerts newest first with merges moving up, acknowledgements kept,
// held actions added and resolved, and rows that escape control characters and fit the width.
import { describe, expect, it } from 'vitest';
import { applyMessage, emptyModel } from '../../../console/tui/model.js';
import { alertRow, fit } from '../../../console/tui/lines.js';
import { backoffMs } from '../../../console/tui/client.js';
import type { Alert } from '../../../core/event.js';

const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  id, ts: '2026-01-01T00:00:00.000Z', lastTs: '2026-01-01T00:00:00.000Z', severity: 'high', tactic: 'credential-access', rule: 'secret-read',
  title: 'Read a secret', reason: 'r', agent: { kind: 'claude-code' }, sessionId: 'sess-1', evidence: [], count: 1, ...over,
});

describe('console model', () => {
  it('keeps alerts newest first; a merged repeat moves to the top and keeps its acknowledgement', () => {
    let m = emptyModel();
    m = applyMessage(m, { type: 'alert', alert: { ...alert('a'), acknowledged: true } });
    m = applyMessage(m, { type: 'alert', alert: alert('b') });
    expect(m.alerts.map((a) => a.id)).toEqual(['b', 'a']);
    m = applyMessage(m, { type: 'alert', alert: alert('a', { count: 2 }) });
    expect(m.alerts.map((a) => [a.id, a.count, a.acknowledged])).toEqual([['a', 2, true], ['b', 1, undefined]]);
  });

  it('adds held actions and drops them when resolved; ignores malformed messages', () => {
    let m = emptyModel();
    m = applyMessage(m, { type: 'pending', pending: { id: 'p1', agent: { kind: 'claude-code' }, tool: { name: 'Bash', input: { command: 'curl x | sh' } } } });
    m = applyMessage(m, { type: 'pending', pending: null });
    m = applyMessage(m, { type: 'alert', alert: 'nope' });
    expect(m.pending.map((p) => p.id)).toEqual(['p1']);
    expect(m.alerts).toEqual([]);
    m = applyMessage(m, { type: 'resolved', pendingId: 'p1', answer: 'allow', by: 'console' });
    expect(m.pending).toEqual([]);
  });

  it('prints agent text with control characters escaped, within the width', () => {
    expect(fit('a\u001b[2Jb\nc', 80)).toBe('a\\x1b[2Jb c');
    const row = alertRow(alert('x', { rule: 'r', title: `ev\u001b]0;t\u0007 ${'y'.repeat(100)}` }), Date.parse('2026-01-01T00:01:00Z'), 78);
    expect(row).not.toMatch(/[\u0000-\u001f]/);
    expect(row.length).toBeLessThanOrEqual(78);
    expect(row).toContain('ev\\x1b]0;t\\x07');
  });

  it('retries sooner at first and at most every 5 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(backoffMs)).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });
});

// Untrusted text in terminal lines: escape sequences, bells, bidi overrides are shown, not obeyed.
import { describe, expect, it } from 'vitest';
import { escapeControl } from '../../core/terminal.js';
import { formatAlert, formatEvent } from '../../daemon/cli/format.js';
import type { Alert, Event } from '../../core/event.js';

describe('escapeControl', () => {
  it('shows C0, DEL, C1 and bidi controls as escapes and leaves other text alone', () => {
    expect(escapeControl('a\u001b[2Jb\u0007c\u007fd\u009be\u202ef')).toBe('a\\x1b[2Jb\\x07c\\x7fd\\x9be\\u202ef');
    expect(escapeControl('héllo — 日本 ✓')).toBe('héllo — 日本 ✓');
  });

  it('event and alert lines carry no control character from the data they print', () => {
    const e: Event = { id: '1', ts: '2026-12-02T00:00:00.000Z', source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, sessionId: 'abc\u001b]0;x\u0007', command: 'echo \u001b[2J\nrm -rf /' };
    const a: Alert = { id: '2', ts: e.ts, lastTs: e.ts, severity: 'high', tactic: 'impact', rule: 'r', title: 'T\u001b[31m', reason: 'why\u0085', agent: e.agent, evidence: [], count: 1 };
    for (const line of [formatEvent(e), formatAlert(a)]) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(formatEvent(e)).toContain('echo \\x1b[2J rm -rf /');
  });
});

// Desktop notifications: only what deserves one, grouped per session, and never more than the minute allows.
import { describe, expect, it } from 'vitest';
import { emptyNotifyState, flush, offer, type NotifyItem } from '../../../console/tray/notify-policy.js';

const opts = { windowMs: 30_000, maxPerMinute: 3 };
const alert = (sessionId: string, title: string, severity = 'high'): NotifyItem => ({ kind: 'alert', sessionId, severity, title, agent: 'claude-code' });

describe('notification grouping and rate limit', () => {
  it('skips low and medium alerts, shows high and critical ones', () => {
    const s = emptyNotifyState();
    expect(offer(s, alert('s1', 'a', 'medium'), 0, opts)).toEqual([]);
    expect(offer(s, alert('s1', 'b', 'low'), 0, opts)).toEqual([]);
    const [n] = offer(s, alert('s1', 'Read AWS credentials', 'critical'), 0, opts);
    expect(n).toMatchObject({ title: 'agentwatch: critical — Read AWS credentials', urgent: true });
  });

  it("shows a session's first alert at once and the rest of its burst as one summary when the window closes", () => {
    const s = emptyNotifyState();
    expect(offer(s, alert('sess-one-x', 'first'), 0, opts)).toHaveLength(1);
    expect(offer(s, alert('sess-one-x', 'second'), 1000, opts)).toEqual([]);
    expect(offer(s, alert('sess-one-x', 'third'), 2000, opts)).toEqual([]);
    expect(offer(s, alert('sess-two-y', 'other session'), 2500, opts)).toHaveLength(1); // another session is not held back
    expect(flush(s, 29_000, opts)).toEqual([]); // window still open
    const out = flush(s, 30_000, opts);
    expect(out).toEqual([{ title: 'agentwatch: 2 more alerts in session sess-one', body: 'second; third', urgent: false }]);
    expect(flush(s, 31_000, opts)).toEqual([]); // said once
    expect(offer(s, alert('sess-one-x', 'later'), 61_000, opts)).toHaveLength(1); // a new burst starts fresh
  });

  it('shows a held action at once even inside its session window', () => {
    const s = emptyNotifyState();
    offer(s, alert('s1', 'first'), 0, opts);
    const [n] = offer(s, { kind: 'pending', sessionId: 's1', title: 'Bash: curl … | sh', agent: 'claude-code' }, 1000, opts);
    expect(n).toMatchObject({ title: 'agentwatch: claude-code waits for your decision', urgent: true });
  });

  it('caps notifications per minute and says afterwards how many it held back', () => {
    const s = emptyNotifyState();
    const shown = ['a', 'b', 'c', 'd', 'e'].flatMap((id, i) => offer(s, alert(id, `alert ${id}`), i, opts));
    expect(shown).toHaveLength(3);
    expect(flush(s, 30_000, opts)).toEqual([]); // the minute is still used up
    const later = flush(s, 60_001, opts);
    expect(later).toEqual([{ title: 'agentwatch: 2 notifications held back', body: 'too many at once; see the console for all alerts', urgent: false }]);
  });
});

// Alert flood caps: new alerts per session and per minute, folded past the cap into one alert-flood
// summary per minute; repeats are never capped, critical alerts always pass. Clock: the alerts' own times.
import { describe, expect, it } from 'vitest';
import { AlertLimiter, CRITICAL_HEADROOM } from '../../daemon/alert-limiter.js';
import { AlertPath, FLOOD_RULE } from '../../daemon/alert-path.js';
import type { Alert, AlertDraft, Severity } from '../../core/event.js';
import type { AlertChange, Output } from '../../daemon/outputs/output.js';
import { parseConfig } from '../../daemon/config/load.js';

const T0 = Date.parse('2026-12-02T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const limits = { perSessionPerMinute: 3, perMinute: 5 };

const draft = (sessionId: string, key: string, severity: Severity = 'high', rule = 'secret-read'): AlertDraft => ({
  alert: { severity, tactic: 'credential-access', rule, title: rule, reason: `${rule} ${key}`, agent: { kind: 'claude-code' }, sessionId, evidence: [key] },
  key,
});

/** The alerts as the store would keep them: one row per identity, the last write wins. */
function recorder() {
  const rows = new Map<string, Alert>();
  const changes: AlertChange[] = [];
  const output: Output = {
    name: 'rows', writeEvent() {}, health: () => ({ status: 'ok' }), close() {},
    writeAlert(a, key, change) { rows.set(`${a.sessionId ?? ''}\0${a.rule}\0${key}`, { ...a }); changes.push(change); },
  };
  return { output, rows, changes };
}

describe('alert limiter', () => {
  it('lets through the caps per session and overall, then suppresses, and starts again the next minute', () => {
    const l = new AlertLimiter(limits);
    const admit = (sid: string, s: number, severity: Severity = 'high') => l.admit({ sessionId: sid, rule: 'r', severity }, T0 + s * 1000).pass;
    expect([admit('a', 0), admit('a', 1), admit('a', 2), admit('a', 3)]).toEqual([true, true, true, false]);
    expect([admit('b', 4), admit('c', 5), admit('d', 6)]).toEqual([true, true, false]); // 5 in all this minute
    expect(admit('e', 7, 'critical')).toBe(true); // critical always passes…
    expect(admit('f', 8)).toBe(false);            // …and the cap still holds for the rest
    expect(l.suppressedTotal).toBe(3);
    expect(l.lastFlood).toMatchObject({ startMs: T0, suppressed: 3, byRule: new Map([['r', 3]]) });
    expect(admit('a', 60)).toBe(true); // a new minute
    expect(l.health(T0 + 61_000)).toMatchObject({ status: 'degraded', suppressed: 3 });
    expect(l.health(T0 + 3_600_000)).toMatchObject({ status: 'ok', suppressed: 3 });
  });

  it('critical alerts pass the caps only up to a ceiling: a forged critical flood is bounded too', () => {
    const l = new AlertLimiter(limits);
    const passed = Array.from({ length: 100 }, (_, i) => l.admit({ sessionId: `s${i}`, rule: 'r', severity: 'critical' }, T0 + i).pass).filter(Boolean);
    expect(passed).toHaveLength(limits.perMinute * CRITICAL_HEADROOM);
  });

  it('a flood of new session ids names a bounded number of them and counts the rest', () => {
    const l = new AlertLimiter({ perSessionPerMinute: 30, perMinute: 10 });
    for (let i = 0; i < 1000; i++) l.admit({ sessionId: `s${i}`, rule: 'r', severity: 'high' }, T0);
    expect(l.lastFlood!.suppressed).toBe(990);
    expect(l.lastFlood!.bySession.size).toBeLessThanOrEqual(20);
    expect(l.lastFlood!.bySession.size + l.lastFlood!.otherSessions).toBe(990);
  });
});

describe('alert path with caps', () => {
  it('folds new alerts over the cap into one summary per minute; repeats of admitted alerts still merge', () => {
    const { output, rows, changes } = recorder();
    const path = new AlertPath(output, undefined, limits);
    for (let i = 0; i < 4; i++) path.raise(draft('a', `k${i}`), at(i));
    expect(path.raise(draft('a', 'k0'), at(5)).change).toBe('repeat'); // a repeat is never capped
    for (let i = 0; i < 10; i++) path.raise(draft(`s${i}`, 'k', i === 9 ? 'critical' : 'medium'), at(10 + i));
    const all = [...rows.values()];
    const floods = all.filter((a) => a.rule === FLOOD_RULE);
    expect(floods).toHaveLength(1);
    // a: 3 admitted, 1 folded; s0, s1 admitted (5 in all); s2…s8 folded; s9 critical admitted.
    expect(all.filter((a) => a.rule === 'secret-read').map((a) => `${a.sessionId}:${a.count}`).sort())
      .toEqual(['a:2', 'a:1', 'a:1', 's0:1', 's1:1', 's9:1'].sort());
    expect(floods[0]).toMatchObject({ count: 8, severity: 'high', ts: at(3) });
    expect(floods[0]!.sessionId).toBeUndefined(); // one summary for all sessions
    expect(floods[0]!.reason).toMatch(/^8 new alert\(s\) in the minute from 2026-12-02T10:00:00.000Z were over the cap \(3 per session, 5 in all per minute\)/);
    expect(floods[0]!.reason).toContain('Rules: secret-read ×8');
    expect(floods[0]!.reason).toContain('s8 ×1');
    expect(changes.filter((c) => c === 'new')).toHaveLength(7); // 6 alerts and 1 summary: what the stream shows

    path.raise(draft('z', 'k'), at(61));
    path.raise(draft('z', 'k2'), at(62));
    expect([...rows.values()].filter((a) => a.rule === FLOOD_RULE)).toHaveLength(1); // nothing over the cap in the new minute
  });

  it('the config has an alerts section whose defaults never bite normal use', () => {
    expect(parseConfig({}).alerts).toEqual({ perSessionPerMinute: 30, perMinute: 120 });
    expect(parseConfig({ alerts: { perMinute: 10 } }).alerts).toEqual({ perSessionPerMinute: 30, perMinute: 10 });
    expect(() => parseConfig({ alerts: { perMinute: 0 } })).toThrow();
  });
});

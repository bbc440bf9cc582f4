// Acknowledging an anomaly with --this-was-me folds its behaviour into a scope: it stops recurring
// there, and only there.
import { describe, expect, it } from 'vitest';
import { BaselineService } from '../../../daemon/baseline-service.js';
import { defaultBaselineConfig } from '../../../detectors/baseline/config.js';
import { EMPTY_ALLOWANCE, allowItems, decodeAnomalyKey, encodeAnomalyKey, itemsOfTrace, unionAllowance, type AckScope } from '../../../detectors/baseline/allowance.js';
import { newTrace } from '../../../detectors/baseline/model.js';
import { anomalousSteps, benignSessions, sessionEvents, T0 } from './synthetic-sessions.js';
import { MemoryPersistence, replay } from './memory-store.js';

const H = 3_600_000;

function trained(store = new MemoryPersistence()) {
  const engine = new BaselineService(store, defaultBaselineConfig(), { timers: false, onError: (e) => { throw e; } });
  replay(engine, benignSessions(25).flat(), store);
  return { engine, store };
}

/** Acks every alert raised in `sessionId` with --this-was-me in `scope`. */
function ackAll(engine: BaselineService, store: MemoryPersistence, sessionId: string, scope: AckScope): void {
  for (const [id, a] of store.alerts) if (a.sessionId === sessionId) expect(engine.ack(id, scope).ok).toBe(true);
}

describe('--this-was-me', () => {
  it('without an ack, the same behaviour raises again in the next session (anomalous sessions are not learned)', () => {
    const { engine, store } = trained();
    expect(replay(engine, sessionEvents('bad-1', T0 + 30 * H, anomalousSteps()), store).length).toBeGreaterThan(0);
    expect(replay(engine, sessionEvents('bad-2', T0 + 31 * H, anomalousSteps()), store).length).toBeGreaterThan(0);
  });

  it('scope project: the same behaviour in a new session raises nothing; a different host still does', () => {
    const { engine, store } = trained();
    replay(engine, sessionEvents('bad-1', T0 + 30 * H, anomalousSteps()), store);
    ackAll(engine, store, 'bad-1', 'project');
    expect(replay(engine, sessionEvents('bad-2', T0 + 31 * H, anomalousSteps()), store)).toEqual([]);
    // bad-2 raised nothing, so it was learned like any session (bad-1 minus its anomalies, bad-2, bad-2b: 28); and it stays quiet after that too.
    expect(replay(engine, sessionEvents('bad-2b', T0 + 31.5 * H, anomalousSteps()), store)).toEqual([]);
    const other = replay(engine, sessionEvents('bad-3', T0 + 32 * H, anomalousSteps('10.9.8.8')), store);
    expect(other).toHaveLength(1);
    expect(other[0]!.reason).toMatch(/^First connection from claude-code to 10\.9\.8\.8 after 28 sessions in \/home\/dev\/proj\.$/);
    expect(other[0]!.severity).toBe('medium');
  });

  it('scope project, acked while the session still runs: the rest of it is silent and it is folded in when it ends', () => {
    const { engine, store } = trained();
    const events = sessionEvents('live', T0 + 30 * H, anomalousSteps());
    const cut = events.findIndex((e) => e.command?.startsWith('curl'));
    expect(replay(engine, events.slice(0, cut), store)).toHaveLength(1); // the outside reads
    ackAll(engine, store, 'live', 'project');
    expect(replay(engine, events.slice(cut), store)).toEqual([]);
    expect(replay(engine, sessionEvents('again', T0 + 31 * H, anomalousSteps()), store)).toEqual([]);
  });

  it('scope session: silences that session only', () => {
    const { engine, store } = trained();
    const events = sessionEvents('live', T0 + 30 * H, anomalousSteps());
    const cut = events.findIndex((e) => e.command?.startsWith('curl'));
    replay(engine, events.slice(0, cut), store);
    ackAll(engine, store, 'live', 'session');
    expect(replay(engine, events.slice(cut), store)).toEqual([]);
    expect(replay(engine, sessionEvents('next', T0 + 31 * H, anomalousSteps()), store).length).toBeGreaterThan(0);
  });

  it('scope agent: the behaviour is fine in every project of that agent', () => {
    const { engine, store } = trained();
    const other = (events: ReturnType<typeof sessionEvents>) => events.map((e) => ({ ...e, cwd: '/home/dev/proj2', path: e.path?.replace('/proj/', '/proj2/') }));
    replay(engine, benignSessions(25, T0, 100).map(other).flat().map((e) => ({ ...e, sessionId: `p2-${e.sessionId}` })), store);
    replay(engine, sessionEvents('bad-1', T0 + 30 * H, anomalousSteps()), store);
    ackAll(engine, store, 'bad-1', 'agent');
    expect(replay(engine, other(sessionEvents('bad-p2', T0 + 31 * H, anomalousSteps())), store)).toEqual([]);
  });

  it('an ack that arrives after a restart still works from what the alert itself names', () => {
    const { engine, store } = trained();
    replay(engine, sessionEvents('bad-1', T0 + 30 * H, anomalousSteps()), store);
    engine.close(); // the held session is gone with the process
    const fresh = new BaselineService(store, defaultBaselineConfig(), { timers: false, onError: (e) => { throw e; } });
    ackAll(fresh, store, 'bad-1', 'project');
    expect(replay(fresh, sessionEvents('bad-2', T0 + 31 * H, anomalousSteps()), store)).toEqual([]);
  });

  it('the finding key carries the project and the items an ack folds in', () => {
    const { engine, store } = trained();
    const findings = replay(engine, sessionEvents('bad-1', T0 + 30 * H, anomalousSteps()), store);
    const decoded = findings.map((f) => decodeAnomalyKey(f.key)!);
    expect(decoded.every((d) => d.project === '/home/dev/proj')).toBe(true);
    expect(decoded.flatMap((d) => d.items)).toEqual(expect.arrayContaining(['host:10.9.8.7', expect.stringMatching(/^outside-reads:\d+$/)]));
    expect(decodeAnomalyKey('not json')).toBeUndefined();
  });
});

describe('allowance (pure)', () => {
  it('items, and counts that only ever raise the allowed maximum', () => {
    const a = allowItems(EMPTY_ALLOWANCE, ['host:x', 'outside-reads:12', 'rate:50', 'outside-reads:3']);
    expect([...a.items]).toEqual(['host:x']);
    expect(a).toMatchObject({ outsideReads: 12, minuteRate: 50 });
    expect(EMPTY_ALLOWANCE.items.size).toBe(0); // inputs untouched
    const u = unionAllowance(a, allowItems(EMPTY_ALLOWANCE, ['exe:nmap', 'outside-reads:20']));
    expect([...u.items].sort()).toEqual(['exe:nmap', 'host:x']);
    expect(u.outsideReads).toBe(20);
  });

  it('a whole session as items, and the key round trip', () => {
    const t = { ...newTrace('s', 'claude-code', '/p', '2026-01-01T00:00:00Z'), ngrams: ['A B'], tokens: ['A', 'B'], items: ['exe:git'],
      outsidePaths: ['/etc/a', '/etc/b'], minuteCount: 3, minuteCounts: [9, 4] };
    expect(itemsOfTrace(t)).toEqual(['seq:A B', 'tok:A', 'tok:B', 'exe:git', 'outside-reads:2', 'rate:9']);
    expect(decodeAnomalyKey(encodeAnomalyKey('/p', ['host:x']))).toEqual({ project: '/p', items: ['host:x'] });
    expect(decodeAnomalyKey('{"p":1}')).toBeUndefined();
  });
});

// The learning period, and the engine end to end in memory: benign sessions stay quiet, an
// anomalous one raises a named behavior-anomaly.
import { describe, expect, it } from 'vitest';
import { BaselineService } from '../../../daemon/baseline-service.js';
import { BaselineConfigSchema, defaultBaselineConfig } from '../../../detectors/baseline/config.js';
import { isLearning, newModel } from '../../../detectors/baseline/model.js';
import { anomalousSteps, benignSessions, PROJECT, sessionEvents, T0 } from './synthetic-sessions.js';
import { MemoryPersistence, replay } from './memory-store.js';

const engine = (store = new MemoryPersistence(), over: object = {}) =>
  new BaselineService(store, BaselineConfigSchema.parse(over), { timers: false, onError: (e) => { throw e; } });

describe('learning period', () => {
  const cfg = defaultBaselineConfig();
  const at = (hours: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + hours * 3_600_000).toISOString();
  const model = (sessions: number) => ({ ...newModel('claude-code', PROJECT, at(0)), sessions });

  it('ends after N sessions, or after T hours, whichever comes first', () => {
    expect(isLearning(model(19), at(1), cfg)).toBe(true);
    expect(isLearning(model(20), at(1), cfg)).toBe(false);
    expect(isLearning(model(6), at(47.9), cfg)).toBe(true);
    expect(isLearning(model(6), at(48), cfg)).toBe(false);
  });

  it('never ends with fewer than minSessions sessions, however old the model', () => {
    expect(isLearning(model(4), at(1000), cfg)).toBe(true);
    expect(isLearning(model(5), at(1000), cfg)).toBe(false);
  });

  it('is configurable', () => {
    const c = BaselineConfigSchema.parse({ learning: { sessions: 5, hours: 1 } });
    expect(isLearning(model(5), at(0.5), c)).toBe(false);
    expect(isLearning(model(5), at(1.5), c)).toBe(false);
    expect(isLearning(model(3), at(1.5), BaselineConfigSchema.parse({ learning: { hours: 1, minSessions: 2 } }))).toBe(false);
    expect(() => BaselineConfigSchema.parse({ learning: { session: 5 } })).toThrow();
    expect(() => BaselineConfigSchema.parse({ ngram: { min: 5, max: 3 } })).toThrow();
  });
});

describe('engine in memory', () => {
  it('raises nothing while learning, even for the anomalous session', () => {
    const e = engine();
    expect(replay(e, sessionEvents('odd', T0, anomalousSteps()))).toEqual([]);
    expect(replay(e, benignSessions(5, T0 + 3_600_000).flat())).toEqual([]);
    expect(e.model('claude-code', PROJECT)?.sessions).toBe(6);
  });

  it('stays quiet on benign sessions after learning, and names the deviations of an anomalous one', () => {
    const e = engine();
    expect(replay(e, benignSessions(20).flat())).toEqual([]);
    expect(replay(e, benignSessions(5, T0 + 20 * 3_600_000, 20).flat())).toEqual([]);
    const findings = replay(e, sessionEvents('bad', T0 + 30 * 3_600_000, anomalousSteps()));
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f).toMatchObject({ rule: 'behavior-anomaly', tactic: 'behavior-anomaly', block: false });
    const host = findings.find((f) => f.reason.includes('10.9.8.7'))!;
    expect(host.reason).toMatch(/^First connection from claude-code to 10\.9\.8\.7 after 25 sessions in \/home\/dev\/proj/);
    expect(host.reason).toMatch(/read 13 files outside the project \(.*\/tmp\/bundle.tgz/);
    expect(host.severity).toBe('high');
    expect(host.reason).toMatch(/^[A-Z][^\n]*\.$/);
    expect(host.reason).not.toMatch(/[.!?]\s+[A-Z]/);
    // The anomalous session is learned too, except what it raised: that stays news until acknowledged.
    const m = e.model('claude-code', PROJECT)!;
    expect(m.sessions).toBe(26);
    expect(m.items['host:10.9.8.7']).toBeUndefined();
    expect(m.items['exe:git']).toBe(26);
    expect(m.outsideReads).toHaveLength(25);
  });
});

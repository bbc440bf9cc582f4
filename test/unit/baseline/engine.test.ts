// The engine's bookkeeping: batched saves, idle sessions, bounded memory, failures that retry.
import { describe, expect, it } from 'vitest';
import { BaselineService } from '../../../daemon/baseline-service.js';
import { BaselineConfigSchema } from '../../../detectors/baseline/config.js';
import { benignSessions, benignSteps, PROJECT, sessionEvents, T0 } from './synthetic-sessions.js';
import { MemoryPersistence, replay } from './memory-store.js';

const H = 3_600_000;
const make = (store: MemoryPersistence, over: object = {}, onError?: (e: unknown) => void) =>
  new BaselineService(store, BaselineConfigSchema.parse(over), { timers: false, onError });

describe('engine bookkeeping', () => {
  it('saves dirty models in one batch on tick, not per event', () => {
    const store = new MemoryPersistence();
    const e = make(store);
    replay(e, benignSessions(3).flat());
    expect(store.saves).toBe(0);
    e.tick();
    expect(store.saves).toBe(1);
    expect(store.loadModel('claude-code', PROJECT)?.sessions).toBe(3);
    e.tick();
    expect(store.saves).toBe(1); // nothing dirty, nothing written
  });

  it('a session without SessionEnd is folded once idle (by event time), and on close', () => {
    const store = new MemoryPersistence();
    const e = make(store, { sessionIdleMinutes: 30 });
    replay(e, sessionEvents('open-1', T0, benignSteps(1), 7000, false));
    e.tick();
    expect(e.model('claude-code', PROJECT)?.sessions ?? 0).toBe(0); // still live
    replay(e, sessionEvents('other', T0 + H, benignSteps(2), 7000, false));
    e.tick();
    expect(e.model('claude-code', PROJECT)?.sessions).toBe(1); // open-1 idle for an hour of event time
    e.close();
    expect(store.loadModel('claude-code', PROJECT)?.sessions).toBe(2);
  });

  it('keeps at most maxModelsInMemory models and loses no update when one is evicted', () => {
    const store = new MemoryPersistence();
    const e = make(store, { maxModelsInMemory: 2 });
    const inProject = (p: string, seed: number) => sessionEvents(`s-${p}-${seed}`, T0 + seed * H, benignSteps(seed)).map((ev) => ({ ...ev, cwd: p }));
    for (const p of ['/w/a', '/w/b', '/w/c', '/w/d']) replay(e, inProject(p, 1));
    expect(e.stats.modelsEvicted).toBeGreaterThan(0);
    e.flush();
    for (const p of ['/w/a', '/w/b', '/w/c', '/w/d']) expect(store.loadModel('claude-code', p)?.sessions).toBe(1);
  });

  it('bounds live sessions: the oldest is ended (and folded) beyond maxOpenSessions', () => {
    const e = make(new MemoryPersistence(), { maxOpenSessions: 2 });
    for (let i = 0; i < 4; i++) replay(e, sessionEvents(`open-${i}`, T0 + i * H, benignSteps(i), 7000, false));
    expect(e.stats.sessionsEvicted).toBe(2);
    expect(e.model('claude-code', PROJECT)?.sessions).toBe(2);
  });

  it('a failed save is reported and retried on the next tick', () => {
    const store = new MemoryPersistence();
    const errors: unknown[] = [];
    const e = make(store, {}, (err) => errors.push(err));
    replay(e, benignSessions(1).flat());
    const save = store.saveModels.bind(store);
    store.saveModels = () => { throw new Error('disk full'); };
    e.tick();
    expect(errors).toHaveLength(1);
    store.saveModels = save;
    e.tick();
    expect(store.loadModel('claude-code', PROJECT)?.sessions).toBe(1);
  });

  it('disabled: learns nothing, raises nothing', () => {
    const e = make(new MemoryPersistence(), { enabled: false });
    expect(replay(e, benignSessions(2).flat())).toEqual([]);
    e.close();
    expect(e.model('claude-code', PROJECT)).toBeUndefined();
  });

  it('runs its own unref()ed timer when asked to', () => {
    const e = new BaselineService(new MemoryPersistence(), BaselineConfigSchema.parse({ saveEveryMs: 100 }));
    e.close();
  });
});

// The baseline service keeps storage off the judging path: models are loaded at start (the most
// recent ones) or after the event that needed one, never while an event is judged.
import { describe, expect, it } from 'vitest';
import { BaselineService } from '../../../daemon/baseline-service.js';
import { BaselineConfigSchema, defaultBaselineConfig } from '../../../detectors/baseline/config.js';
import { anomalousSteps, benignSessions, PROJECT, sessionEvents, T0 } from './synthetic-sessions.js';
import { MemoryPersistence, replay } from './memory-store.js';

const H = 3_600_000;
const quiet = { timers: false, onError: (e: unknown) => { throw e; } };

/** A store trained with 25 benign sessions in PROJECT, saved. */
function trainedStore(): MemoryPersistence {
  const store = new MemoryPersistence();
  const s = new BaselineService(store, defaultBaselineConfig(), quiet);
  replay(s, benignSessions(25).flat());
  s.close();
  return store;
}

describe('baseline service', () => {
  it('judging reads no storage: a model preloaded at start is scored from memory', () => {
    const store = trainedStore();
    const s = new BaselineService(store, defaultBaselineConfig(), quiet);
    store.loadModel = () => { throw new Error('read while judging'); };
    expect(replay(s, sessionEvents('bad-1', T0 + 30 * H, anomalousSteps())).length).toBeGreaterThan(0);
  });

  it('a stored model beyond the preload is loaded after the event that wanted it; its session still folds into it', () => {
    const store = trainedStore();
    // Another project, saved more recently, fills the one preloaded slot.
    const other = new BaselineService(store, defaultBaselineConfig(), quiet);
    replay(other, benignSessions(1, T0 + 40 * H).flat().map((e) => ({ ...e, cwd: '/w/other', sessionId: `o-${e.sessionId}` })));
    other.close();
    const s = new BaselineService(store, BaselineConfigSchema.parse({ maxModelsInMemory: 1 }), quiet);
    const load = store.loadModel.bind(store);
    let loads = 0;
    store.loadModel = (a, p) => { loads++; return load(a, p); };
    // Judged before the service loaded PROJECT's model: scored as if learning, so nothing is raised yet.
    expect(replay(s, sessionEvents('bad-1', T0 + 50 * H, anomalousSteps()))).toEqual([]);
    expect(loads).toBe(0);
    expect(s.stats.modelsMissed).toBe(1);
    s.tick(); // loads it, and folds bad-1 into it
    expect(loads).toBe(1);
    expect(s.model('claude-code', PROJECT)?.sessions).toBe(26);
    expect(replay(s, sessionEvents('bad-2', T0 + 51 * H, anomalousSteps())).length).toBeGreaterThan(0);
  });
});

// The detector set: each detector's memory is its own, detectors of intent skip the mere effects of a
// hooked session, a rule reload keeps every memory, and a detector that throws stops nothing else.
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../core/event.js';
import type { AnyDetector, Detector, Finding, Judges } from '../../../detectors/detector.js';
import { DetectorSet } from '../../../detectors/detector-set.js';
import { factsOf } from '../../../detectors/facts.js';
import { CTX } from '../helpers.js';

let n = 0;
const hook = (): Event => ({ id: `h${++n}`, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), source: 'hook', kind: 'prompt', agent: { kind: 'claude-code' }, sessionId: 's', text: 'go' });
const effect = (): Event => ({ id: `o${++n}`, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), source: 'process', kind: 'exec', agent: { kind: 'claude-code' }, sessionId: 's', attribution: 'exact', argv: ['ls'] });

/** Counts the events it remembered; its finding says how many it had seen before this one. */
function counter(name: string, judges: Judges): Detector<{ seen: string[] }> {
  return {
    name, judges,
    memory: { initial: () => ({ seen: [] }), update: ({ event, state }) => ({ seen: [...state.seen, event.id] }) },
    evaluate: ({ state }): Finding[] => [{ rule: name, severity: 'info', tactic: 'discovery', title: name, reason: `${state.seen.length}`, evidence: [...state.seen], key: name, block: false }],
  };
}

const fail = (name: string, err: unknown) => { throw new Error(`${name}: ${String(err)}`); };
const run = (set: DetectorSet, e: Event, onError: (name: string, err: unknown) => void = fail) => set.evaluate(e, factsOf(e, CTX), CTX, onError);

describe('DetectorSet', () => {
  it('keeps each memory apart, and a hooked session\'s OS effects reach only the detectors of effects', () => {
    const set = new DetectorSet([counter('intent', 'intent'), counter('effects', 'effects'), counter('both', 'both')] as AnyDetector[]);
    const h1 = hook();
    expect(run(set, h1).map((f) => f.rule)).toEqual(['intent', 'both']); // a hook event is intent
    const o1 = effect();
    expect(run(set, o1).map((f) => `${f.rule}:${f.reason}`)).toEqual(['effects:1', 'both:1']);
    const h2 = hook();
    expect(run(set, h2).map((f) => f.evidence)).toEqual([[h1.id], [h1.id, o1.id]]); // intent never saw o1
    expect(set.view<{ seen: string[] }>('s')).toMatchObject({ hookEvents: 2, eventCount: 3 });
  });

  it('an OS event of a session with no hooks is its intent: every detector judges it', () => {
    const set = new DetectorSet([counter('intent', 'intent'), counter('effects', 'effects')] as AnyDetector[]);
    expect(run(set, effect()).map((f) => f.rule)).toEqual(['intent', 'effects']);
  });

  it('replace swaps a detector by name and keeps the memories', () => {
    const set = new DetectorSet([counter('rules', 'intent'), counter('other', 'intent')] as AnyDetector[]);
    run(set, hook());
    set.replace({ name: 'rules', judges: 'intent', evaluate: () => [] });
    expect(run(set, hook()).map((f) => `${f.rule}:${f.reason}`)).toEqual(['other:1']);
    expect(set.detectors.map((d) => d.name)).toEqual(['rules', 'other']);
  });

  it('a detector that throws is reported; the others still judge and remember', () => {
    const errors: string[] = [];
    const broken: Detector = { name: 'broken', judges: 'intent', evaluate: () => { throw new Error('boom'); } };
    const set = new DetectorSet([broken, counter('ok', 'intent')] as AnyDetector[]);
    run(set, hook(), (name) => errors.push(name));
    expect(run(set, hook(), (name) => errors.push(name)).map((f) => f.reason)).toEqual(['1']);
    expect(errors).toEqual(['broken', 'broken']);
  });
});

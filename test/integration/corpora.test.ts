// The detection gate on data the rules were not tuned on (../shared/corpora): the real agent sessions
// must raise no medium+ alert, and each harmful attack category must be flagged (any alert) at least
// MIN_FLAGGED_SHARE of the time. Categories out of scope are named, with the reason, in
// test/corpora/scope.ts and docs/coverage.md. Runs the real daemon: a few minutes.
import { describe, expect, it } from 'vitest';
import { corporaDir, corporaPresent, formatCorpusReport, runCorpusEval, type CorpusReport } from '../corpora/corpus-eval.js';
import { LOW_SEVERITY_CATEGORIES, MIN_FLAGGED_SHARE } from '../corpora/scope.js';

describe.skipIf(!corporaPresent())(`detection on the development corpora (${corporaDir})`, () => {
  let report: CorpusReport;
  const run = async () => (report ??= await runCorpusEval());

  it('raises no medium+ alert on the 1,804 real agent commands', async () => {
    const r = await run();
    console.log(formatCorpusReport(r).join('\n'));
    expect(r.benign.commands).toBeGreaterThan(1000);
    expect(r.benign.mediumPlus.map((a) => `${a.rule} ${a.severity}: ${a.reason}`)).toEqual([]);
  }, 900_000);

  it(`flags at least ${MIN_FLAGGED_SHARE * 100}% of every harmful attack category`, async () => {
    const r = await run();
    const harmful = r.attacks.filter((c) => !(c.category in LOW_SEVERITY_CATEGORIES));
    expect(harmful.length).toBeGreaterThan(10);
    const below = harmful.filter((c) => c.flagged / c.total < MIN_FLAGGED_SHARE).map((c) => `${c.category}: ${c.flagged}/${c.total}`);
    expect(below).toEqual([]);
  }, 900_000);
});

if (!corporaPresent()) describe('detection on the development corpora', () => it.skip(`skipped: no corpora at ${corporaDir}`, () => {}));

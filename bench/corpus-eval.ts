// Corpus evaluation: the benign agent-command corpus and the attack corpus (../shared/corpora) through
// the real daemon, as Claude Code hook calls. Prints medium+ alerts on benign work and the flagged share
// per attack category, then one JSON line. Always exits 0 (the gate is test/integration/corpora.test.ts).
//
//   npm run build && node dist/bench/corpus-eval.js [--enforce] [--sample N] [--missed]
import { corporaDir, corporaPresent, formatCorpusReport, runCorpusEval } from '../test/corpora/corpus-eval.js';

const argv = process.argv.slice(2);
const sampleAt = argv.indexOf('--sample');
const sample = sampleAt >= 0 ? Number(argv[sampleAt + 1]) : undefined;

if (!corporaPresent()) {
  console.log(`corpus eval skipped: no corpora at ${corporaDir}`);
} else {
  try {
    const t0 = Date.now();
    const report = await runCorpusEval({ mode: argv.includes('--enforce') ? 'enforce' : 'observe', sample });
    for (const l of formatCorpusReport(report)) console.log(l);
    if (argv.includes('--missed')) for (const [cat, cmds] of Object.entries(report.missed)) for (const c of cmds) console.log(`missed ${cat}: ${c.replace(/\s+/g, ' ').slice(0, 160)}`);
    console.log(JSON.stringify({ seconds: Math.round((Date.now() - t0) / 1000), benignMediumPlus: report.benign.mediumPlus.length, benignCommands: report.benign.commands, attacks: report.attacks }));
  } catch (err) {
    console.log(`corpus eval failed to run: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
}
process.exit(0);

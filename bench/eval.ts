// Scenario eval: replays test/scenarios/*.scenario.json through the real Claude Code CLI and the real
// daemon, then prints per-scenario results, recall, false positives, detection latency and one final
// JSON line. Always exits 0 (the pass/fail gate is test/e2e/scenarios.test.ts).
//
//   npm run build && node dist/bench/eval.js [--enforce | --enforce-all] [--only REGEX] [--keep]
import { formatSummary } from '../test/scenarios/report.js';
import { runEval } from '../test/scenarios/run-eval.js';

const argv = process.argv.slice(2);
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 && argv[onlyAt + 1] ? new RegExp(argv[onlyAt + 1]!) : undefined;

try {
  const report = await runEval({ enforce: argv.includes('--enforce-all') ? 'all' : argv.includes('--enforce'), only, keepTemp: argv.includes('--keep') });
  for (const l of formatSummary(report)) console.log(l);
} catch (err) {
  console.log(`eval failed to run: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
}
process.exit(0);

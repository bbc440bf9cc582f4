// Scenario eval: replays test/scenarios/*.scenario.json through each real agent CLI (Claude Code, Codex,
// Gemini CLI; scripted models on loopback) and the real daemon, then prints per-scenario results, recall,
// false positives, detection latency and one JSON line per agent, and a table of the agents side by side.
// Always exits 0 (the pass/fail gate is test/e2e/scenarios.test.ts).
//
//   npm run build && node dist/bench/eval.js [--agent claude-code|codex|gemini-cli]… [--enforce | --enforce-all] [--only REGEX] [--keep]
import { formatSummary, type EvalReport } from '../test/scenarios/report.js';
import { runEval } from '../test/scenarios/run-eval.js';
import { EVAL_AGENTS, evalAgent } from '../test/scenarios/agents.js';

const argv = process.argv.slice(2);
const valueOf = (flag: string) => argv.flatMap((a, i) => (a === flag && argv[i + 1] ? [argv[i + 1]!] : []));
const only = valueOf('--only')[0];
const enforce = argv.includes('--enforce-all') ? 'all' as const : argv.includes('--enforce');

/** One row of the side-by-side table. */
function row(agent: string, r: EvalReport | string): string {
  if (typeof r === 'string') return `${agent.padEnd(12)} failed to run: ${r}`;
  const s = r.summary;
  const clean = s.benign - s.noisyBenign.length;
  const stopped = r.enforce ? `${r.enforce.blockedAttacks.length}/${r.enforce.scenarios.filter((x) => x.kind === 'attack').length}` : '-';
  return `${agent.padEnd(12)} recall ${s.detectedAttacks}/${s.attacks} = ${String(s.recall).padEnd(5)}  benign clean ${clean}/${s.benign}  FPs ${s.falsePositives}`
    + `  enforce stopped ${stopped}  errors ${s.errors.length}`;
}

const rows: string[] = [];
try {
  const agents = valueOf('--agent').map((k) => evalAgent(k).kind);
  for (const agent of agents.length > 0 ? agents : EVAL_AGENTS.map((a) => a.kind)) {
    console.log(`\n## ${agent}`);
    try {
      const report = await runEval({ agent, enforce, only: only ? new RegExp(only) : undefined, keepTemp: argv.includes('--keep') });
      for (const l of formatSummary(report)) console.log(l);
      rows.push(row(agent, report));
    } catch (err) {
      console.log(`eval failed to run for ${agent}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      rows.push(row(agent, err instanceof Error ? err.message : String(err)));
    }
  }
} catch (err) {
  console.log(`eval failed to run: ${err instanceof Error ? err.message : String(err)}`);
}
console.log(['', '# per agent', ...rows].join('\n'));
process.exit(0);

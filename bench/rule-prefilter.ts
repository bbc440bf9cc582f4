// What the rule pack costs a command, and what the prefilter's words save (regex-words.ts): the built-in
// rule detector over the benign corpus's commands (what agents run all day), once as loaded and once with
// every rule's words dropped (a command-line rule then runs on every line, as before the words), in turn,
// in one process. Printed, not asserted.
//
//   npm run build && node dist/bench/rule-prefilter.js      (ROUNDS=5)
import { loadRulePack } from '../detectors/rules/pack.js';
import { createRuleDetector } from '../detectors/rules/engine/rule-detector.js';
import type { CompiledRule } from '../detectors/rules/engine/compile-rule.js';
import { withoutWords } from '../detectors/rules/engine/prefilter.js';
import { factsOf } from '../detectors/facts.js';
import { newSessionState } from '../detectors/session-state.js';
import type { DetectionInput } from '../detectors/detector.js';
import { EXAMPLE_CTX, exampleEvent } from '../detectors/rules/engine/examples.js';
import { corporaDir, corporaPresent, loadCorpora } from '../test/corpora/corpus-eval.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);

if (!corporaPresent()) {
  console.log(`rule-prefilter skipped: no corpora at ${corporaDir}`);
  process.exit(0);
}

const commands = loadCorpora().benign.flatMap((s) => s.commands);
const inputs: DetectionInput[] = commands.map((command) => {
  const event = exampleEvent({ tool: 'Bash', command });
  return { event, facts: factsOf(event, EXAMPLE_CTX), session: newSessionState(event), ctx: EXAMPLE_CTX };
});

const { rules } = loadRulePack();
/** The same rules with no words: a command-line need is then any command line. */
const wordless: CompiledRule[] = rules.map((r) => (r.need?.words === undefined ? r : { ...r, need: withoutWords(r.need) }));
const withWords = createRuleDetector(rules);
const without = createRuleDetector(wordless);

function msPerCommand(detector: ReturnType<typeof createRuleDetector>): { ms: number; findings: number } {
  let findings = 0;
  const t = performance.now();
  for (const input of inputs) findings += detector.evaluate(input).length;
  return { ms: (performance.now() - t) / inputs.length, findings };
}

for (let i = 0; i < 2; i++) { msPerCommand(withWords); msPerCommand(without); } // warm both
const a: number[] = [], b: number[] = [];
let same = true;
for (let i = 0; i < ROUNDS; i++) {
  const x = msPerCommand(withWords), y = msPerCommand(without);
  a.push(x.ms); b.push(y.ms);
  if (x.findings !== y.findings) same = false;
}
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
const narrowed = rules.filter((r) => r.need?.words !== undefined).length;
console.log(`rules: ${rules.length}, narrowed by words: ${narrowed}; commands: ${inputs.length}; rounds: ${ROUNDS}`);
console.log(`rule detector, with words:    ${median(a).toFixed(4)} ms/command (median)`);
console.log(`rule detector, without words: ${median(b).toFixed(4)} ms/command (median)`);
console.log(`ratio with/without: ${(median(a) / median(b)).toFixed(3)}; same findings: ${same}`);
console.log(JSON.stringify({ bench: 'rule-prefilter', rules: rules.length, narrowed, commands: inputs.length, msWith: Number(median(a).toFixed(4)), msWithout: Number(median(b).toFixed(4)), ratio: Number((median(a) / median(b)).toFixed(3)), sameFindings: same }));

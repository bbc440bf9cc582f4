// A Detector made of compiled rules. Pure: reads the event, its facts and the session, nothing else.
import type { Detector, DetectionInput, Finding } from '../../detector.js';
import type { CompiledRule } from './compile-rule.js';
import { hasNeed, presentOf } from './prefilter.js';
import { itemKey, itemsOf, type Env, type Item } from './fields.js';

/**
 * What an agent is about to do or did: a rule that does not name event.kind/event.hook looks only at
 * these, so a tool.result (which repeats its tool.call's command) does not count the same action twice.
 */
export const ACTION_KINDS: ReadonlySet<string> = new Set(['tool.call', 'exec', 'file.read', 'file.write', 'file.delete', 'net.connect']);

export function createRuleDetector(rules: readonly CompiledRule[], name = 'rules'): Detector {
  return {
    name,
    judges: 'intent',
    evaluate(input) {
      const out: Finding[] = [];
      const has = presentOf(input);
      const action = ACTION_KINDS.has(input.event.kind);
      for (const rule of rules) {
        if (!action && !rule.anyKind) continue;
        if (rule.need !== undefined && !hasNeed(rule.need, has)) continue;
        judgeRule(rule, input, out);
      }
      return out;
    },
  };
}

/** The findings of one rule on one event: one per matching item, distinct by key. */
export function evaluateRule(rule: CompiledRule, input: DetectionInput): Finding[] {
  const out: Finding[] = [];
  judgeRule(rule, input, out);
  return out;
}

/** Numbers each rule's pass over one event's items (Env.pass): a whole-event test is run once in it. */
let passes = 0;

/** evaluateRule, appending to `out` (hot path: no arrays per rule). */
function judgeRule(rule: CompiledRule, input: DetectionInput, out: Finding[]): void {
  const workspace = input.session.cwd ?? input.event.cwd;
  const start = out.length;
  const pass = ++passes;
  if (rule.scopes.length === 0) judgeItem(rule, input, workspace, undefined, out, start, pass);
  for (const scope of rule.scopes) for (const value of itemsOf(scope, input)) judgeItem(rule, input, workspace, { scope, value }, out, start, pass);
}

function judgeItem(rule: CompiledRule, input: DetectionInput, workspace: string | undefined, item: Item | undefined, out: Finding[], start: number, pass: number): void {
  const env: Env = { input, workspace, item, iterating: rule.iterating, vars: rule.vars, pass };
  if (!rule.test(env) || rule.exceptions.some((e) => e.test(env))) return;
  const c = rule.cases.find((k) => k.test(env));
  if (c?.vars) env.vars = { ...rule.vars, ...c.vars };
  const key = rule.key ? rule.key(env, true) : itemKey(item, input);
  for (let i = start; i < out.length; i++) if (out[i]!.key === key) return;
  out.push({
    rule: rule.id,
    severity: c?.severity ?? rule.severity,
    tactic: rule.tactic,
    technique: c?.technique ?? rule.technique,
    title: (c?.title ?? rule.title)(env),
    reason: (c?.reason ?? rule.reason)(env),
    evidence: [input.event.id],
    key,
    block: rule.block,
  });
}

// A Detector made of compiled rules. Pure: reads the event, its facts and the session, nothing else.
import type { Detector, DetectionInput, Finding } from '../../detector.js';
import type { CompiledRule } from './compile-rule.js';
import { baseName } from '../../command/parse-command.js';
import { hasNeed } from './prefilter.js';
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
      const progs = new Set(input.facts.commands.map((c) => baseName(c.argv[0] ?? '')));
      const action = ACTION_KINDS.has(input.event.kind);
      for (const rule of rules) {
        if (!action && !rule.anyKind) continue;
        if (rule.need !== undefined && !hasNeed(rule.need, progs, input)) continue;
        out.push(...evaluateRule(rule, input));
      }
      return out;
    },
  };
}

/** The findings of one rule on one event: one per matching item, distinct by key. */
export function evaluateRule(rule: CompiledRule, input: DetectionInput): Finding[] {
  const workspace = input.session.cwd ?? input.event.cwd;
  const items: (Item | undefined)[] = [];
  if (rule.scopes.length === 0) items.push(undefined);
  for (const scope of rule.scopes) for (const value of itemsOf(scope, input)) items.push({ scope, value });
  const out: Finding[] = [];
  for (const item of items) {
    const env: Env = { input, workspace, item, iterating: rule.iterating, vars: rule.vars };
    if (!rule.test(env) || rule.exceptions.some((e) => e.test(env))) continue;
    const c = rule.cases.find((k) => k.test(env));
    if (c?.vars) env.vars = { ...rule.vars, ...c.vars };
    const key = rule.key ? rule.key(env, true) : itemKey(item, input);
    if (out.some((f) => f.key === key)) continue;
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
  return out;
}

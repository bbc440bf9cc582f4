// Turns one validated rule spec into a compiled rule: closures for its condition, exceptions and
// cases, templates for its title, reason and key, and the item scopes it iterates.
import type { Severity, Tactic } from '../../../core/event.js';
import { compileCondition, type CompileScope, type Test } from './condition.js';
import { progsOnly, type Need } from './prefilter.js';
import { FIELDS, ITEM_SCOPES, type ItemScope } from './fields.js';
import type { RuleSpec } from './schema.js';
import { compileTemplate, type Render } from './template.js';

export interface CompiledCase {
  test: Test;
  severity?: Severity;
  technique?: string;
  title?: Render;
  reason?: Render;
  vars?: Readonly<Record<string, string>>;
}

export interface CompiledRule {
  id: string;
  desc: string;
  file: string;
  line: number;
  severity: Severity;
  tactic: Tactic;
  technique?: string;
  tags: readonly string[];
  block: boolean;
  /** Item scopes the rule is evaluated over, one evaluation per item; empty: once per event. */
  scopes: readonly ItemScope[];
  /** The same, as a set (what field lookups consult). */
  iterating: ReadonlySet<ItemScope>;
  /** False unless the rule names event.kind or event.hook: then it only sees actions (see ACTION_KINDS). */
  anyKind: boolean;
  /** Prefilter: the rule can only match an event that has this. */
  need?: Need;
  /** The same when it is only programs: the rule can only match when the event runs one of these. */
  progs?: ReadonlySet<string>;
  test: Test;
  exceptions: readonly { name: string; test: Test }[];
  cases: readonly CompiledCase[];
  vars: Readonly<Record<string, string>>;
  title: Render;
  reason: Render;
  key?: Render;
  examples: { match: readonly unknown[]; nomatch: readonly unknown[] };
}

/** Compiles a rule; throws ConditionError (with the offending YAML node) or Error. */
export function compileRule(spec: RuleSpec, file: string, line: number, scope: CompileScope): CompiledRule {
  const fields = new Set<string>();
  let need: Need | undefined;
  const use = (c: unknown) => { const r = compileCondition(c, scope); for (const f of r.fields) fields.add(f); if (c === spec.condition) need = r.need; return r.test; };
  const test = use(spec.condition);
  const exceptions = spec.exceptions.map((e) => ({ name: e.name, test: use(e.condition) }));
  const vars = new Set([...Object.keys(spec.vars), ...spec.cases.flatMap((c) => Object.keys(c.vars ?? {}))]);
  const tpl = (t: string | undefined) => (t === undefined ? undefined : compileTemplate(t, vars));
  const cases = spec.cases.map((c): CompiledCase => ({
    test: use(c.when), severity: c.severity, technique: c.technique, title: tpl(c.title), reason: tpl(c.reason), vars: c.vars,
  }));
  const scopes = scopesOf(spec.scope, fields);
  return {
    id: spec.rule, desc: spec.desc, file, line,
    severity: spec.severity, tactic: spec.tactic, technique: spec.technique, tags: spec.tags, block: spec.block,
    scopes, iterating: new Set(scopes), need, progs: progsOnly(need), test, anyKind: fields.has('event.kind') || fields.has('event.hook'), exceptions, cases, vars: spec.vars,
    title: tpl(spec.title ?? spec.desc)!, reason: tpl(spec.reason)!, key: tpl(spec.key),
    examples: { match: spec.examples?.match ?? [], nomatch: spec.examples?.nomatch ?? [] },
  };
}

function scopesOf(declared: RuleSpec['scope'], fields: ReadonlySet<string>): ItemScope[] {
  if (declared !== undefined) {
    const list = Array.isArray(declared) ? declared : [declared];
    return list.filter((s): s is ItemScope => s !== 'event');
  }
  const used = new Set([...fields].map((f) => FIELDS[f]!.scope));
  return ITEM_SCOPES.filter((s) => used.has(s));
}

// Loads rule packs: the built-in pack, then each config directory in order (files sorted by name).
// Stages, as in Falco: read → validate items → collect lists and macros → compile rules. A bad item
// is reported with file:line and skipped; the rest load. Never throws.
import fs from 'node:fs';
import path from 'node:path';
import { ConditionError, type CompileScope, type Compiled } from './condition.js';
import { compileRule, type CompiledRule } from './compile-rule.js';
import { DisableSchema, issueMessage, ListSchema, MacroSchema, RuleSchema, type RuleSpec } from './schema.js';
import { lineOfPath, parseRuleFile, type SourceItem } from './yaml-source.js';
import { compileCondition } from './condition.js';
import { catalogRuleLists } from '../../catalog.js';
import { escapeControl } from '../../../core/terminal.js';

export interface LoadIssue { file: string; line: number; ruleId?: string; message: string }
export interface RuleLoadReport {
  /** Rules loaded and enabled. */
  loaded: number;
  files: string[];
  errors: LoadIssue[];
  warnings: LoadIssue[];
}
export interface RuleFileText { file: string; text: string }

/** Loads `builtinDir` and then `dirs` (missing config dirs are a warning). */
export function loadRulePacks(dirs: readonly string[], builtinDir: string): { rules: CompiledRule[]; report: RuleLoadReport } {
  const texts: RuleFileText[] = [];
  const warnings: LoadIssue[] = [];
  const errors: LoadIssue[] = [];
  for (const [i, dir] of [builtinDir, ...dirs].entries()) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch (err) {
      (i === 0 ? errors : warnings).push({ file: dir, line: 0, message: `cannot read rule directory: ${(err as Error).message}` });
      continue;
    }
    for (const n of names) {
      const file = path.join(dir, n);
      try { texts.push({ file, text: fs.readFileSync(file, 'utf8') }); } catch (err) { errors.push({ file, line: 0, message: `cannot read: ${(err as Error).message}` }); }
    }
  }
  const out = loadRuleTexts(texts);
  out.report.errors.unshift(...errors);
  out.report.warnings.unshift(...warnings);
  return out;
}

/** The same from texts already in memory (tests, `rules test`). Later files override earlier lists/macros. */
export function loadRuleTexts(files: readonly RuleFileText[]): { rules: CompiledRule[]; report: RuleLoadReport } {
  const report: RuleLoadReport = { loaded: 0, files: files.map((f) => f.file), errors: [], warnings: [] };
  const lines = new WeakMap<object, number>();
  // Lists the agent catalog owns come first: a pack may extend or redefine them like any other list.
  const fromCatalog = { file: 'the agent catalog (core/agents/catalog.yaml)', line: 0, value: undefined };
  const lists = new Map<string, { items: (string | number | boolean)[]; at: SourceItem }>(
    [...catalogRuleLists()].map(([name, items]) => [name, { items, at: fromCatalog }]));
  const macros = new Map<string, { condition: unknown; at: SourceItem }>();
  const specs = new Map<string, { spec: RuleSpec; at: SourceItem }>();
  const err = (at: { file: string; line: number }, message: string, ruleId?: string) => report.errors.push({ file: at.file, line: at.line, ruleId, message });
  const warn = (at: { file: string; line: number }, message: string, ruleId?: string) => report.warnings.push({ file: at.file, line: at.line, ruleId, message });

  for (const { file, text } of files) {
    const parsed = parseRuleFile(file, text);
    report.errors.push(...parsed.errors);
    for (const item of parsed.items) {
      copyLines(item.value, parsed.lines, lines);
      const v = item.value as Record<string, unknown> | null;
      const kinds = v !== null && typeof v === 'object' && !Array.isArray(v) ? ['rule', 'list', 'macro'].filter((k) => k in v) : [];
      const id = typeof v?.rule === 'string' ? v.rule : undefined;
      if (kinds.length !== 1) { err(item, 'each item is a map with exactly one of rule:, list: or macro:', id); continue; }
      const schema = kinds[0] === 'list' ? ListSchema : kinds[0] === 'macro' ? MacroSchema : v!.enabled === false && !('condition' in v!) ? DisableSchema : RuleSchema;
      const r = schema.safeParse(v);
      if (!r.success) {
        for (const issue of r.error.issues.slice(0, 3)) err({ file, line: lineOfPath(v, issue.path, lines, item.line) }, issueMessage(issue), id);
        continue;
      }
      const data = r.data as Record<string, unknown>;
      if (kinds[0] === 'list') {
        const name = data.list as string;
        if (lists.has(name)) warn(item, `list '${name}' redefined (first at ${where(lists.get(name)!.at)}); the later one wins`);
        lists.set(name, { items: data.items as (string | number | boolean)[], at: item });
      } else if (kinds[0] === 'macro') {
        const name = data.macro as string;
        if (macros.has(name)) warn(item, `macro '${name}' redefined (first at ${where(macros.get(name)!.at)}); the later one wins`);
        macros.set(name, { condition: data.condition, at: item });
      } else if (!('condition' in data)) {
        if (specs.delete(id!)) warn(item, `rule '${id}' disabled`, id);
        else warn(item, `cannot disable unknown rule '${id}'`, id);
      } else if (specs.has(id!)) {
        err(item, `duplicate rule id '${id}' (first at ${where(specs.get(id!)!.at)})`, id);
      } else specs.set(id!, { spec: data as RuleSpec, at: item });
    }
  }

  const memo = new Map<string, Compiled | 'failed' | 'compiling'>();
  const scope: CompileScope = {
    lists: new Map([...lists].map(([k, l]) => [k, l.items])),
    macro(name, at) {
      const known = memo.get(name);
      if (known === 'compiling') throw new ConditionError(`macro '${name}' refers to itself`, at);
      if (known === 'failed') throw new ConditionError(`macro '${name}' does not compile (see its error)`, at);
      if (known !== undefined) return known;
      const m = macros.get(name);
      if (m === undefined) throw new ConditionError(`unknown macro '${name}'`, at);
      memo.set(name, 'compiling');
      try {
        const c = compileCondition(m.condition, scope);
        memo.set(name, c);
        return c;
      } catch (e) {
        memo.set(name, 'failed');
        if (e instanceof ConditionError && e.message.includes('refers to itself')) throw e;
        err({ file: m.at.file, line: lineOf(e, m.at.line) }, `macro '${name}': ${(e as Error).message}`);
        throw new ConditionError(`macro '${name}' does not compile (see its error)`, at);
      }
    },
  };
  const lineOf = (e: unknown, fallback: number) => (e instanceof ConditionError && typeof e.node === 'object' && e.node !== null ? lines.get(e.node) ?? fallback : fallback);

  const rules: CompiledRule[] = [];
  for (const { spec, at } of specs.values()) {
    try {
      const rule = compileRule(spec, at.file, at.line, scope);
      if (!spec.enabled) continue;
      if (rule.examples.match.length === 0 || rule.examples.nomatch.length === 0) warn(at, 'rule has no match or no nomatch example', spec.rule);
      rules.push(rule);
    } catch (e) {
      err({ file: at.file, line: lineOf(e, at.line) }, (e as Error).message, spec.rule);
    }
  }
  report.loaded = rules.length;
  return { rules, report };
}

const where = (at: SourceItem) => `${at.file}:${at.line}`;

function copyLines(v: unknown, from: WeakMap<object, number>, to: WeakMap<object, number>): void {
  if (v === null || typeof v !== 'object') return;
  const l = from.get(v);
  if (l !== undefined) to.set(v, l);
  for (const x of Object.values(v)) copyLines(x, from, to);
}

/** One line per issue, `file:line [rule] message`, for logs and `agentwatch rules test`. */
export function formatIssue(i: LoadIssue): string {
  // A rule id or a list name comes from the file: a newline in it would split the line (and forge the next one).
  return escapeControl(`${i.file}:${i.line}${i.ruleId ? ` [${i.ruleId}]` : ''} ${i.message}`);
}

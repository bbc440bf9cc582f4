// Compiles a structured YAML condition into a closure, once, at load.
//
//   all: [c, …]   any: [c, …]   not: c   macro: name
//   same: [c, …]      all of them hold of one item (one command, one path …), in any rule scope
//   {field: F, op: OP, value: V, nocase?: true}       the full leaf
//   {F: V}            compact: eq (scalar) or in (list)   e.g. {cmd.prog: [curl, wget]}
//   {F: {OP: V}}      compact with an operator          e.g. {write.path: {glob: {list: shell-rc-files}}}
//   {F: {OP: V, nocase: true}}                          case-insensitive eq/in/startswith/endswith/contains/glob/regex
//   {F: {OP: V, every: true}}                           every value of a multi-valued field (and at least one)
//
// V is a scalar, a list of scalars (any of them) or {list: name}. A multi-valued field matches when
// any of its values does, or with `every` when all of them do: an exception such as "the paths are scratch
// directories" must hold of every path, or one /tmp path added to a command would excuse the rest.
// Operators: eq in startswith endswith contains glob regex cidr exists.
import { BlockList, isIP } from 'node:net';
import { anyGlobMatcher, expandGlob, globMatcher, globReaches } from '../../paths.js';
import { needOf, type Need } from './prefilter.js';
import { FIELDS, itemsOf, valuesOf, type Env, type Scope, type Value } from './fields.js';

export type Test = (env: Env) => boolean;

export const OPERATORS = ['eq', 'in', 'startswith', 'endswith', 'contains', 'glob', 'regex', 'cidr', 'exists'] as const;
type Op = (typeof OPERATORS)[number];

/** Raised for one bad condition; `node` is the YAML map it was found in (for the line). */
export class ConditionError extends Error {
  constructor(message: string, readonly node: unknown) { super(message); }
}

export interface CompileScope {
  lists: ReadonlyMap<string, readonly (string | number | boolean)[]>;
  /** Compiles a macro by name (memoised, cycle-checked by the caller). */
  macro(name: string, at: unknown): Compiled;
}

export interface Compiled {
  test: Test;
  fields: ReadonlySet<string>;
  /** When set, the condition can only hold on an event that has this (prefilter.ts). */
  need?: Need;
}

const COMBINATORS = new Set(['all', 'any', 'same', 'not', 'macro']);
/** A field test's modifiers beside its operator. */
const MODIFIERS = ['nocase', 'every'];
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function compileCondition(node: unknown, scope: CompileScope): Compiled {
  const fields = new Set<string>();
  const test = compile(node, scope, fields);
  return { test, fields, need: needOf(node, (name, at) => scope.macro(name, at).need, (v) => valuesList(v, scope, undefined)) };
}

function compile(node: unknown, scope: CompileScope, fields: Set<string>): Test {
  if (!isObj(node)) throw new ConditionError(`a condition must be a map (all/any/not/macro or a field test), got ${JSON.stringify(node)}`, node);
  const keys = Object.keys(node);
  if (keys.length === 1 && COMBINATORS.has(keys[0]!)) {
    const k = keys[0]!;
    const v = node[k];
    if (k === 'macro') {
      if (typeof v !== 'string') throw new ConditionError('macro: needs a macro name', node);
      const m = scope.macro(v, node);
      for (const f of m.fields) fields.add(f);
      return m.test;
    }
    if (k === 'not') { const t = compile(v, scope, fields); return (env) => !t(env); }
    if (!Array.isArray(v) || v.length === 0) throw new ConditionError(`${k}: needs a non-empty list of conditions`, node);
    const own = new Set<string>();
    const parts = v.map((c) => compile(c, scope, own));
    for (const f of own) fields.add(f);
    // Loops, not every()/some() with a closure: these run ~100 rules × every event, and the closures were
    // a good part of the pipeline's garbage.
    const every: Test = (env) => { for (let i = 0; i < parts.length; i++) if (!parts[i]!(env)) return false; return true; };
    if (k === 'all') return every;
    if (k === 'same') return sameItem(own, every, node);
    return (env) => { for (let i = 0; i < parts.length; i++) if (parts[i]!(env)) return true; return false; };
  }
  if ('field' in node || 'op' in node) return leaf(node, node.field, node.op, node.value, node, scope, fields);
  if (keys.length === 1) {
    const f = keys[0]!;
    const v = node[f];
    if (isObj(v) && !('list' in v)) {
      const ops = Object.keys(v).filter((k) => !MODIFIERS.includes(k));
      if (ops.length !== 1) throw new ConditionError(`${f}: give exactly one operator, got ${ops.join(', ') || 'none'}`, node);
      return leaf(node, f, ops[0], v[ops[0]!], { nocase: v.nocase, every: v.every }, scope, fields);
    }
    return leaf(node, f, Array.isArray(v) || isObj(v) ? 'in' : 'eq', v, {}, scope, fields);
  }
  throw new ConditionError(`not a condition: ${JSON.stringify(node).slice(0, 80)} (use all/any/not/macro, {field, op, value} or {field: value})`, node);
}

/**
 * `same: [c, …]`: all hold of one item, also in a rule that does not iterate the item's scope (`scope: event`, where
 * item fields are multi-valued over the whole event): `{same: [{cmd.prog: echo}, {cmd.args: {regex: TOKEN}}]}` holds
 * of a command that echoes a token, not of `ls "$TOKEN"; echo ok`, where one command is echo and another names it.
 */
function sameItem(fields: ReadonlySet<string>, test: Test, node: unknown): Test {
  const scopes = new Set([...fields].map((f) => FIELDS[f]!.scope));
  const itemScope = scopes.size === 1 ? [...scopes][0]! : undefined;
  if (itemScope === undefined || itemScope === 'event') throw new ConditionError(`same: tests fields of one item scope (cmd, read, write, delete, egress or secret), got ${[...fields].join(', ')}`, node);
  return (env) => {
    if (env.item?.scope === itemScope || env.iterating.has(itemScope)) return test(env);
    const items = itemsOf(itemScope, env.input);
    for (let i = 0; i < items.length; i++) if (test({ ...env, item: { scope: itemScope, value: items[i] } })) return true;
    return false;
  };
}

function leaf(node: Record<string, unknown>, field: unknown, op: unknown, value: unknown, opts: Record<string, unknown>, scope: CompileScope, fields: Set<string>): Test {
  const extra = Object.keys(opts).filter((k) => !['field', 'op', 'value', ...MODIFIERS].includes(k));
  if (extra.length > 0) throw new ConditionError(`unknown key ${extra.map((k) => `'${k}'`).join(', ')} in a field test`, node);
  if (typeof field !== 'string') throw new ConditionError('a field test needs field:', node);
  const def = FIELDS[field];
  if (def === undefined) throw new ConditionError(`unknown field '${field}'`, node);
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) throw new ConditionError(`unknown operator '${String(op)}' (one of ${OPERATORS.join(', ')})`, node);
  fields.add(field);
  const nocase = opts.nocase === true;
  const match = compileOp(op as Op, value, nocase, scope, node);
  const want = value === undefined || value === true;
  const every = opts.every === true;
  if (every && op === 'exists') throw new ConditionError('every: is for an operator that tests values, not exists', node);
  const test: Test = op === 'exists' ? (env) => (valuesOf(field, def, env).length > 0) === want : every ? (env) => {
    const values = valuesOf(field, def, env);
    for (let i = 0; i < values.length; i++) if (!match(values[i]!, env)) return false;
    return values.length > 0;
  } : (env) => {
    const values = valuesOf(field, def, env);
    for (let i = 0; i < values.length; i++) if (match(values[i]!, env)) return true;
    return false;
  };
  return onceAnEvent(def.scope, test);
}

/**
 * A test of a field read over the whole event gives one answer for every item a rule iterates, so it is
 * remembered for the rule's pass over the event (Env.pass; a number, so no event is kept alive by it).
 * Run for each item instead, a regex over the whole line ran once per command of it: a line of 32,000
 * commands took 1–2 s of a hook's time.
 */
function onceAnEvent(fieldScope: Scope, test: Test): Test {
  let lastPass: number | undefined;
  let last = false;
  return (env) => {
    if (env.item?.scope === fieldScope || env.pass === undefined) return test(env);
    if (env.pass === lastPass) return last;
    last = test(env);
    lastPass = env.pass;
    return last;
  };
}

function valuesList(value: unknown, scope: CompileScope, node: unknown): string[] {
  if (isObj(value)) {
    const name = value.list;
    if (typeof name !== 'string' || Object.keys(value).length !== 1) throw new ConditionError('a list reference is {list: name}', node);
    const items = scope.lists.get(name);
    if (items === undefined) throw new ConditionError(`unknown list '${name}'`, node);
    return items.map(String);
  }
  const arr = Array.isArray(value) ? value : [value];
  if (arr.length === 0 || arr.some((v) => v === null || v === undefined || typeof v === 'object')) {
    throw new ConditionError(`value must be a scalar, a list of scalars or {list: name}, got ${JSON.stringify(value)}`, node);
  }
  return arr.map(String);
}

function compileOp(op: Op, value: unknown, nocase: boolean, scope: CompileScope, node: unknown): (v: Value, env: Env) => boolean {
  if (op === 'exists') {
    if (value !== undefined && typeof value !== 'boolean') throw new ConditionError('exists takes true or false', node);
    return () => true;
  }
  const fold = (s: string) => (nocase ? s.toLowerCase() : s);
  const raw = valuesList(value, scope, node);
  const values = op === 'regex' || op === 'glob' ? raw : raw.map(fold);
  switch (op) {
    case 'eq': case 'in': {
      const set = new Set(values);
      return (v) => set.has(fold(String(v)));
    }
    case 'startswith': return (v) => { const s = fold(String(v)); return values.some((x) => s.startsWith(x)); };
    case 'endswith': return (v) => { const s = fold(String(v)); return values.some((x) => s.endsWith(x)); };
    case 'contains': return (v) => { const s = fold(String(v)); return values.some((x) => s.includes(x)); };
    case 'regex': {
      const res = values.map((r) => {
        try { return new RegExp(r, nocase ? 'i' : ''); } catch (err) { throw new ConditionError(`bad regex ${JSON.stringify(r)}: ${(err as Error).message}`, node); }
      });
      return (v) => { const s = String(v); return res.some((re) => re.test(s)); };
    }
    case 'glob': {
      const globs = compileGlobs(values, nocase, node);
      // `~` needs the home directory, which only the event's context knows. A value that is itself a shell glob
      // (`cat /etc/sha*ow`) matches when it would expand to a file the list names (a few such values an event).
      return (v, env) => {
        const s = String(v), home = env.input.ctx.home;
        return globs(s, home) || (GLOB_VALUE.test(s) && globBudget(env.input.event) && globReaches(s, values, home, (file) => globs(file, home), nocase));
      };
    }
    case 'cidr': {
      const list = new BlockList();
      for (const c of values) {
        const [addr, bits] = c.split('/');
        const type = isIP(addr ?? '') === 6 ? 'ipv6' : isIP(addr ?? '') === 4 ? 'ipv4' : undefined;
        const prefix = bits === undefined ? (type === 'ipv6' ? 128 : 32) : Number(bits);
        if (type === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > (type === 'ipv6' ? 128 : 32)) throw new ConditionError(`bad CIDR '${c}'`, node);
        list.addSubnet(addr!, prefix, type);
      }
      return (v) => { const s = String(v).replace(/^\[|\]$/g, ''); const t = isIP(s); return t !== 0 && list.check(s, t === 6 ? 'ipv6' : 'ipv4'); };
    }
  }
}

const GLOB_VALUE = /[*?[]/;
/** Values with glob characters an event may have matched as globs, over all rules: a line of thousands costs no more. */
const GLOB_VALUES_PER_EVENT = 64;
const globValuesTried = new WeakMap<object, number>(); // by event
function globBudget(event: object): boolean {
  const n = globValuesTried.get(event) ?? 0;
  globValuesTried.set(event, n + 1);
  return n < GLOB_VALUES_PER_EVENT;
}

/**
 * One matcher for a list of globs: their regexes as one alternation (paths.ts anyGlobMatcher), as the path
 * classes have. A list such as agent-hook-files has dozens, and a rule tested each in turn on every path
 * written: 14–17 µs an event for persistence-write and agent-hook-tamper. `~` expands to the event's home
 * directory (a matcher per home, built once).
 */
function compileGlobs(patterns: readonly string[], nocase: boolean, node: unknown): (s: string, home: string) => boolean {
  for (const p of patterns) {
    try { globMatcher(expandGlob(p, '/home/user'), { dot: true, nocase }); } catch (err) { throw new ConditionError(`bad glob '${p}': ${(err as Error).message}`, node); }
  }
  const build = (home: string) => anyGlobMatcher(patterns.map((p) => expandGlob(p, home)), { dot: true, nocase });
  if (!patterns.some((p) => p.startsWith('~'))) { const m = build(''); return (s) => m(s); }
  const byHome = new Map<string, (s: string) => boolean>();
  return (s, home) => {
    let m = byHome.get(home);
    if (m === undefined) { m = build(home); byHome.set(home, m); }
    return m(s);
  };
}

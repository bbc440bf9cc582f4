// What an event must have for a condition to hold, found statically at load, so a rule skips the events
// that lack it without evaluating anything (most rules, on most events): one of its programs running, an
// item of a scope it tests (a read path, a write …), or a command line — one holding a word its test
// looks for, when the test says (regex-words.ts). A field test other than
// `exists: false` is false on an event without a value of that field, and an item field has no value
// on an event without items of its scope.
import { FIELDS, ITEM_SCOPES, itemsOf, type ItemScope } from './fields.js';
import { baseName } from '../../command/parse-command.js';
import type { DetectionInput } from '../../detector.js';
import { literalWords, regexWords, unionWords, type Words } from './regex-words.js';

/**
 * Any one of these must hold: the event runs one of `progs`, has an item of one of `scopes`, or a command
 * line — when `words` are given, one that holds one of them (folded to lower case).
 */
export interface Need {
  progs: ReadonlySet<string>; scopes: ReadonlySet<ItemScope>; command: boolean; words?: Words;
  /** `scopes`, and `command` when no words narrow it, as bits (see presentOf) */ mask: number;
}

function need(progs: ReadonlySet<string>, scopes: ReadonlySet<ItemScope>, command: boolean, words?: Words): Need {
  let mask = command && words === undefined ? COMMAND_BIT : 0;
  for (const s of scopes) mask |= bitOf(s);
  return { progs, scopes, command, words: command ? words : undefined, mask };
}

/** The same need on any command line (what bench/rule-prefilter.ts measures the words against). */
export const withoutWords = (n: Need): Need => need(n.progs, n.scopes, n.command);

const COMMAND_BIT = 1 << ITEM_SCOPES.length;
const bitOf = (s: ItemScope) => 1 << ITEM_SCOPES.indexOf(s);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The need of a compiled (so well-formed) condition, or undefined when it may hold on any event.
 * `macroNeed` gives a macro's, `values` a field test's values (a list reference resolved).
 */
export function needOf(node: unknown, macroNeed: (name: string, at: unknown) => Need | undefined, values: (v: unknown) => string[]): Need | undefined {
  if (!isObj(node)) return undefined;
  const keys = Object.keys(node);
  const k = keys[0];
  if (keys.length === 1 && k === 'macro') return typeof node.macro === 'string' ? macroNeed(node.macro, node) : undefined;
  if (keys.length === 1 && k === 'not') return undefined;
  if (keys.length === 1 && (k === 'all' || k === 'any' || k === 'same') && Array.isArray(node[k])) {
    const parts = (node[k] as unknown[]).map((c) => needOf(c, macroNeed, values));
    // all: every part's need holds, so any one will do (the narrowest); any: one of them, so their union.
    if (k === 'all' || k === 'same') return parts.reduce<Need | undefined>((best, p) => (p !== undefined && (best === undefined || narrower(p, best)) ? p : best), undefined);
    if (parts.some((p) => p === undefined)) return undefined;
    const lines = parts.filter((p) => p!.command);
    return need(new Set(parts.flatMap((p) => [...p!.progs])), new Set(parts.flatMap((p) => [...p!.scopes])), lines.length > 0, unionWords(lines.map((p) => p!.words)));
  }
  let field: unknown; let op: unknown; let value: unknown; let nocase: unknown;
  if ('field' in node) ({ field, op, value, nocase } = node);
  else if (keys.length === 1) {
    field = k;
    const v = node[k!];
    if (isObj(v) && !('list' in v)) { op = Object.keys(v).find((o) => o !== 'nocase' && o !== 'every'); value = v[op as string]; nocase = v.nocase; }
    else { op = Array.isArray(v) || isObj(v) ? 'in' : 'eq'; value = v; }
  } else return undefined;
  const def = typeof field === 'string' ? FIELDS[field] : undefined;
  if (def === undefined || (op === 'exists' && value === false)) return undefined;
  if (field === 'cmd.prog' && nocase !== true && (op === 'eq' || op === 'in')) return need(new Set(values(value)), NONE, false);
  if (def.scope !== 'event') return need(NO_PROGS, new Set([def.scope]), false);
  if (def.ofCommand === true) return need(NO_PROGS, NONE, true, field === 'event.command' ? commandWords(op, values(value)) : undefined);
  return undefined;
}

/** Words a command-line test can only hold on a line with (regex-words.ts), when its operator says. */
function commandWords(op: unknown, values: readonly string[]): Words | undefined {
  if (op === 'regex') return unionWords(values.map(regexWords));
  return op === 'eq' || op === 'in' || op === 'contains' || op === 'startswith' || op === 'endswith' ? literalWords(values) : undefined;
}

const NONE: ReadonlySet<ItemScope> = new Set();
const NO_PROGS: ReadonlySet<string> = new Set();

/** Whether need `a` holds less often than `b`, roughly: by breadth, then (lines with words) by their shortest word. */
function narrower(a: Need, b: Need): boolean {
  return breadth(a) < breadth(b) || (breadth(a) === breadth(b) && shortestWord(a) > shortestWord(b));
}

/** How often a need holds, roughly: programs alone are the narrowest (the former prefilter's order), a line with words narrower than any line. */
function breadth(n: Need): number {
  return n.scopes.size === 0 && !n.command ? 0 : 1 + n.scopes.size + (n.command ? (n.words !== undefined ? 0.5 : 1) : 0);
}

const shortestWord = (n: Need) => (n.words === undefined ? 0 : Math.min(...n.words.map((w) => w.length)));

/** Programs only, when the need is just that (what a rule reports as its `progs`). */
export function progsOnly(n: Need | undefined): ReadonlySet<string> | undefined {
  return n !== undefined && n.scopes.size === 0 && !n.command ? n.progs : undefined;
}

/**
 * What an event has, once per event: the programs it runs; as bits, its item scopes and command line; and
 * the text event.command tests see (the line and any script it decodes), folded, when there is a line.
 */
export interface Present { progs: readonly string[]; mask: number; text: readonly string[] }

export function presentOf(input: DetectionInput): Present {
  const line = input.event.command;
  const hasLine = line !== undefined && line !== null;
  let mask = hasLine ? COMMAND_BIT : 0;
  for (const s of ITEM_SCOPES) if (itemsOf(s, input).length > 0) mask |= bitOf(s);
  const text = hasLine ? [line, ...(input.facts.revealed ?? [])].map((t) => t.toLowerCase()) : [];
  return { progs: input.facts.commands.map((c) => baseName(c.argv[0] ?? '')), mask, text };
}

/** Whether an event has what the need asks for. */
export function hasNeed(n: Need, has: Present): boolean {
  if ((n.mask & has.mask) !== 0) return true;
  for (const p of has.progs) if (n.progs.has(p)) return true;
  if (n.words !== undefined) for (const t of has.text) for (const w of n.words) if (t.includes(w)) return true;
  return false;
}

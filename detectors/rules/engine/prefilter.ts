// What an event must have for a condition to hold, found statically at load, so a rule skips the events
// that lack it without evaluating anything (most rules, on most events): one of its programs running, an
// item of a scope it tests (a read path, a write …), or a command line. A field test other than
// `exists: false` is false on an event without a value of that field, and an item field has no value
// on an event without items of its scope.
import { FIELDS, ITEM_SCOPES, itemsOf, type ItemScope } from './fields.js';
import { baseName } from '../../command/parse-command.js';
import type { DetectionInput } from '../../detector.js';

/** Any one of these must hold: the event runs one of `progs`, has an item of one of `scopes`, or a command line. */
export interface Need { progs: ReadonlySet<string>; scopes: ReadonlySet<ItemScope>; command: boolean; /** `scopes` and `command` as bits (see presentOf) */ mask: number }

function need(progs: ReadonlySet<string>, scopes: ReadonlySet<ItemScope>, command: boolean): Need {
  let mask = command ? COMMAND_BIT : 0;
  for (const s of scopes) mask |= bitOf(s);
  return { progs, scopes, command, mask };
}

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
    if (k === 'all' || k === 'same') return parts.reduce<Need | undefined>((best, p) => (p !== undefined && (best === undefined || breadth(p) < breadth(best)) ? p : best), undefined);
    if (parts.some((p) => p === undefined)) return undefined;
    return need(new Set(parts.flatMap((p) => [...p!.progs])), new Set(parts.flatMap((p) => [...p!.scopes])), parts.some((p) => p!.command));
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
  if (field === 'event.command') return need(NO_PROGS, NONE, true);
  return undefined;
}

const NONE: ReadonlySet<ItemScope> = new Set();
const NO_PROGS: ReadonlySet<string> = new Set();

/** How often a need holds, roughly: programs alone are the narrowest (the former prefilter's order). */
function breadth(n: Need): number {
  return n.scopes.size === 0 && !n.command ? 0 : 1 + n.scopes.size + (n.command ? 1 : 0);
}

/** Programs only, when the need is just that (what a rule reports as its `progs`). */
export function progsOnly(n: Need | undefined): ReadonlySet<string> | undefined {
  return n !== undefined && n.scopes.size === 0 && !n.command ? n.progs : undefined;
}

/** What an event has, once per event: the programs it runs and, as bits, its item scopes and command line. */
export interface Present { progs: readonly string[]; mask: number }

export function presentOf(input: DetectionInput): Present {
  let mask = input.event.command !== undefined && input.event.command !== null ? COMMAND_BIT : 0;
  for (const s of ITEM_SCOPES) if (itemsOf(s, input).length > 0) mask |= bitOf(s);
  return { progs: input.facts.commands.map((c) => baseName(c.argv[0] ?? '')), mask };
}

/** Whether an event has what the need asks for. */
export function hasNeed(n: Need, has: Present): boolean {
  if ((n.mask & has.mask) !== 0) return true;
  for (const p of has.progs) if (n.progs.has(p)) return true;
  return false;
}

// Reads one rule file into plain items, remembering the line of every map and list so that any error
// found later (schema, compile) can name file:line. YAML syntax errors spoil only the items they fall in.
import YAML, { LineCounter, isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import { unsliced } from '../../../core/intern.js';

export interface SourceItem {
  file: string;
  line: number;
  value: unknown;
}

export interface SourceError { file: string; line: number; message: string }

export interface ParsedFile {
  items: SourceItem[];
  errors: SourceError[];
  /** Line of any map or list inside the items (for errors found while compiling). */
  lines: WeakMap<object, number>;
}

export function parseRuleFile(file: string, text: string): ParsedFile {
  const lc = new LineCounter();
  let doc: Document;
  // The yaml parser recurses per nesting level: a file nested some thousands deep overflows the stack.
  try { doc = YAML.parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, logLevel: 'error' }); } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return { items: [], errors: [{ file, line: 1, message: 'nested too deep to read' }], lines: new WeakMap() };
  }
  const lines = new WeakMap<object, number>();
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lc.linePos(offset).line);
  // One YAML mistake often cascades into dozens of parser errors: report the first, count the rest.
  const errors: SourceError[] = doc.errors.slice(0, 1).map((e) => ({
    file, line: lineAt(e.pos[0]),
    message: firstLine(e.message) + (doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more YAML errors after it)` : ''),
  }));
  const bad = doc.errors.map((e) => e.pos[0]);
  const items: SourceItem[] = [];
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return { items, errors, lines };
  if (!isSeq(root)) {
    if (errors.length === 0) errors.push({ file, line: lineAt(root.range?.[0]), message: 'a rule file is a YAML list of rule, list and macro items' });
    return { items, errors, lines };
  }
  // An item is spoilt by any syntax error between its start and the next item's start.
  const starts = root.items.map((n) => (n as { range?: number[] }).range?.[0] ?? 0);
  const budget = { values: 0 };
  for (const [i, node] of root.items.entries()) {
    const from = starts[i]!;
    const to = starts[i + 1] ?? Infinity;
    if (bad.some((p) => p >= from && p < to)) continue;
    try { items.push({ file, line: lineAt(from), value: toPlain(node, doc, lc, lines, 0, budget) }); } catch (err) {
      if (!(err instanceof TooManyValues)) throw err;
      errors.push({ file, line: lineAt(from), message: `more than ${MAX_VALUES} values in one file (aliases that expand without end?)` });
      break;
    }
  }
  return { items, errors, lines };
}

// Aliases expand where they are used: ten aliases of ten aliases of … (a "billion laughs" file) would
// expand to 10^9 values and hang the daemon. The built-in pack is a few thousand values a file.
const MAX_VALUES = 50_000;
class TooManyValues extends Error {}

function toPlain(node: unknown, doc: Document, lc: LineCounter, lines: WeakMap<object, number>, depth: number, budget: { values: number }): unknown {
  if (depth > 64) return null;
  if (++budget.values > MAX_VALUES) throw new TooManyValues();
  if (isAlias(node)) return toPlain(node.resolve(doc), doc, lc, lines, depth + 1, budget);
  const line = () => lc.linePos((node as { range?: number[] }).range?.[0] ?? 0).line;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[key] = toPlain(pair.value, doc, lc, lines, depth + 1, budget);
    }
    lines.set(out, line());
    return out;
  }
  if (isSeq(node)) {
    const out = node.items.map((i) => toPlain(i, doc, lc, lines, depth + 1, budget));
    lines.set(out, line());
    return out;
  }
  // Its own copy: a slice of the file's text would keep the whole file alive with the rule (core/intern.ts).
  if (isScalar(node)) return typeof node.value === 'string' ? unsliced(node.value) : node.value;
  return null;
}

const firstLine = (s: string) => s.split('\n')[0]!.trim();

/** The line of the deepest map/list on `path` inside `value` that has one (zod issue paths). */
export function lineOfPath(value: unknown, path: readonly PropertyKey[], lines: WeakMap<object, number>, fallback: number): number {
  let best = fallback;
  let cur: unknown = value;
  for (const k of [undefined, ...path]) {
    if (k !== undefined) cur = cur !== null && typeof cur === 'object' ? (cur as Record<PropertyKey, unknown>)[k] : undefined;
    if (cur !== null && typeof cur === 'object') best = lines.get(cur) ?? best;
    else break;
  }
  return best;
}

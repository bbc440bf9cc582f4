// What a user said was them ("--this-was-me"): items that no longer count as deviations in a scope.
// Item strings: `seq:A B C` (n-gram), `tok:X`, `host:h`, `exe:p`, `class:id`, `mcp:tool`,
// `outside-reads:N` and `rate:N` (counts up to N are fine).
import type { SessionTrace } from './model.js';

export type AckScope = 'session' | 'project' | 'agent';
export const ACK_SCOPES: readonly AckScope[] = ['session', 'project', 'agent'];

export interface Allowance {
  items: ReadonlySet<string>;
  outsideReads: number;
  minuteRate: number;
}

export const EMPTY_ALLOWANCE: Allowance = { items: new Set(), outsideReads: 0, minuteRate: 0 };

/** A new allowance with `items` added; count items raise the allowed maximum. */
export function allowItems(a: Allowance, items: readonly string[]): Allowance {
  const set = new Set(a.items);
  let { outsideReads, minuteRate } = a;
  for (const it of items) {
    const count = /^(outside-reads|rate):(\d+)$/.exec(it);
    if (count?.[1] === 'outside-reads') outsideReads = Math.max(outsideReads, Number(count[2]));
    else if (count?.[1] === 'rate') minuteRate = Math.max(minuteRate, Number(count[2]));
    else set.add(it);
  }
  return { items: set, outsideReads, minuteRate };
}

/** The union of several allowances (this project's and the agent-wide one). */
export function unionAllowance(...as: (Allowance | undefined)[]): Allowance {
  const present = as.filter((a): a is Allowance => a !== undefined);
  if (present.length === 1) return present[0]!;
  return {
    items: new Set(present.flatMap((a) => [...a.items])),
    outsideReads: Math.max(0, ...present.map((a) => a.outsideReads)),
    minuteRate: Math.max(0, ...present.map((a) => a.minuteRate)),
  };
}

/** Everything a session did, as allowance items: what acknowledging it folds in. */
export function itemsOfTrace(t: SessionTrace): string[] {
  const peak = Math.max(t.minuteCount, ...t.minuteCounts);
  return [
    ...t.ngrams.map((n) => `seq:${n}`), ...t.tokens.map((x) => `tok:${x}`), ...t.items,
    `outside-reads:${t.outsidePaths.length}`, `rate:${peak}`,
  ];
}

/**
 * A behaviour-anomaly finding's dedupe key carries its project and items, so acknowledging the
 * stored alert (from the CLI, without the engine's memory) knows what to fold in.
 */
export function encodeAnomalyKey(project: string, items: readonly string[]): string {
  return JSON.stringify({ p: project, i: items });
}

export function decodeAnomalyKey(key: string): { project: string; items: string[] } | undefined {
  try {
    const v = JSON.parse(key) as { p?: unknown; i?: unknown };
    if (typeof v.p !== 'string' || !Array.isArray(v.i)) return undefined;
    return { project: v.p, items: v.i.filter((x): x is string => typeof x === 'string') };
  } catch {
    return undefined;
  }
}

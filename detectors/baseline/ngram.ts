// stide / t-stide over semantic tokens: every window of the last k tokens (k in [min, max]) must
// have been seen, often enough, in the baseline; a burst of unseen windows (K of the last L) is the
// anomaly, not one odd window (Warrender, Forrest & Pearlmutter 1999: locality frame count).
import type { BaselineConfig } from './config.js';
import type { Allowance } from './allowance.js';
import type { BaselineModel } from './model.js';

/** The n-grams ending at the last token of `recent`, shortest first, lengths 2..max. */
export function ngramsEnding(recent: readonly string[], max: number): string[] {
  const out: string[] = [];
  for (let n = 2; n <= Math.min(max, recent.length); n++) out.push(recent.slice(-n).join(' '));
  return out;
}

/** Seen in at least `rarity` of the sessions (and at least once), or acknowledged. */
export function isKnownNgram(key: string, model: BaselineModel, allow: Allowance, rarity: number): boolean {
  if (allow.items.has(`seq:${key}`)) return true;
  const support = model.ngrams[key] ?? 0;
  return support >= Math.max(1, rarity * model.sessions);
}

export interface WindowVerdict {
  /** False when there are fewer than `min` tokens yet: no window to judge. */
  judged: boolean;
  mismatch: boolean;
  /** The shortest unknown n-gram (length ≥ 2) ending here: the one a reason should name. */
  novel?: string;
}

/** Judges the window ending at the last token of `recent`. */
export function judgeWindow(recent: readonly string[], model: BaselineModel, allow: Allowance, cfg: BaselineConfig['ngram']): WindowVerdict {
  if (recent.length < cfg.min) return { judged: false, mismatch: false };
  const keys = ngramsEnding(recent, cfg.max);
  // An acknowledged n-gram vouches for every window that ends with it (the ack may only know the
  // shortest unseen n-gram of each window, from the alert, not the longer ones around it).
  if (keys.some((k) => allow.items.has(`seq:${k}`))) return { judged: true, mismatch: false };
  const unknown = keys.filter((k) => !isKnownNgram(k, model, allow, cfg.rarity));
  const mismatch = unknown.some((k) => k.split(' ').length >= cfg.min);
  return { judged: true, mismatch, novel: mismatch ? unknown[0] : undefined };
}

/** The locality frame after one more window: the last `frame` verdicts. */
export function pushFrame(frame: readonly boolean[], mismatch: boolean, size: number): boolean[] {
  return [...frame, mismatch].slice(-size);
}

export const countMismatches = (frame: readonly boolean[]): number => frame.filter(Boolean).length;

/** 'READ_SECRET EXEC_NET_TOOL' → 'READ_SECRET → EXEC_NET_TOOL', for reasons. */
export const showNgram = (key: string): string => key.split(' ').join(' → ');

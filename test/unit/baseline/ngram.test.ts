// stide / t-stide windows over tokens: seen, rare, acknowledged; and the locality frame.
import { describe, expect, it } from 'vitest';
import { countMismatches, isKnownNgram, judgeWindow, ngramsEnding, pushFrame, showNgram } from '../../../detectors/baseline/ngram.js';
import { newModel } from '../../../detectors/baseline/model.js';
import { EMPTY_ALLOWANCE, allowItems } from '../../../detectors/baseline/allowance.js';
import { defaultBaselineConfig } from '../../../detectors/baseline/config.js';

const cfg = defaultBaselineConfig().ngram;
const model = (ngrams: Record<string, number>, sessions = 10) => ({ ...newModel('claude-code', '/p', '2026-01-01T00:00:00Z'), ngrams, sessions });

describe('n-grams', () => {
  it('lists the n-grams ending at the last token, shortest first, up to max', () => {
    expect(ngramsEnding(['A', 'B', 'C'], 6)).toEqual(['B C', 'A B C']);
    expect(ngramsEnding(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'], 4)).toEqual(['G H', 'F G H', 'E F G H']);
    expect(ngramsEnding(['A'], 6)).toEqual([]);
  });

  it('an n-gram is known when seen in enough sessions (t-stide rarity) or acknowledged', () => {
    const m = model({ 'A B C': 3, 'X Y Z': 1 }, 500);
    expect(isKnownNgram('A B C', m, EMPTY_ALLOWANCE, 0.01)).toBe(false); // 3 of 500 sessions is under 1 %
    expect(isKnownNgram('A B C', m, EMPTY_ALLOWANCE, 0.005)).toBe(true);
    expect(isKnownNgram('A B C', model({ 'A B C': 1 }, 50), EMPTY_ALLOWANCE, 0.01)).toBe(true); // seen once is enough while small
    expect(isKnownNgram('Q R S', m, allowItems(EMPTY_ALLOWANCE, ['seq:Q R S']), 0.01)).toBe(true);
  });

  it('judges a window only once it has min tokens, and names its shortest unseen n-gram', () => {
    const m = model({ 'START EXEC_GIT': 5, 'START EXEC_GIT READ_PROJECT': 5, 'EXEC_GIT READ_PROJECT': 5 });
    expect(judgeWindow(['START', 'EXEC_GIT'], m, EMPTY_ALLOWANCE, cfg)).toEqual({ judged: false, mismatch: false });
    expect(judgeWindow(['START', 'EXEC_GIT', 'READ_PROJECT'], m, EMPTY_ALLOWANCE, cfg)).toEqual({ judged: true, mismatch: false });
    const v = judgeWindow(['START', 'EXEC_GIT', 'READ_SECRET', 'EXEC_NET_TOOL'], { ...m, ngrams: { ...m.ngrams, 'EXEC_GIT READ_SECRET': 1 } }, EMPTY_ALLOWANCE, cfg);
    expect(v).toEqual({ judged: true, mismatch: true, novel: 'READ_SECRET EXEC_NET_TOOL' });
    expect(showNgram(v.novel!)).toBe('READ_SECRET → EXEC_NET_TOOL');
    // Acknowledging the named 2-gram vouches for the longer windows that end with it.
    const acked = allowItems(EMPTY_ALLOWANCE, ['seq:READ_SECRET EXEC_NET_TOOL']);
    expect(judgeWindow(['START', 'EXEC_GIT', 'READ_SECRET', 'EXEC_NET_TOOL'], m, acked, cfg)).toEqual({ judged: true, mismatch: false });
  });

  it('keeps a locality frame of the last L verdicts', () => {
    let frame: boolean[] = [];
    for (const m of [true, false, true, false, false, true]) frame = pushFrame(frame, m, 4);
    expect(frame).toEqual([true, false, false, true]);
    expect(countMismatches(frame)).toBe(2);
  });
});

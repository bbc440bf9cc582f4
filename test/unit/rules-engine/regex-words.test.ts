// The words the prefilter skips command-line rules by (regex-words.ts): what they are for typical patterns,
// and that every string a built-in regex matches holds one of its words (strings generated from each
// pattern, in random case), so a skip never loses a detection.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { regexWords } from '../../../detectors/rules/engine/regex-words.js';
import { loadRuleTexts } from '../../../detectors/rules/engine/load.js';
import { BUILTIN_RULES_DIR } from '../../../detectors/rules/pack.js';
import { runRuleExamples } from '../../../detectors/rules/engine/examples.js';

describe('regexWords', () => {
  it.each([
    ['\\breg(\\.exe)?\\s+(add|import)\\s', ['reg']],
    ['\\b(nc|ncat|sh)\\s', ['nc', 'sh']],
    ['\\b(mshta|regsvr32)(\\.exe)?\\s', ['mshta', 'regsvr32']],
    ['HK(CU|LM)\\b', ['hkcu', 'hklm']],
    ['Set-MpPreference\\s+-Disable\\w*', ['set-mppreference']],
    ['(foo|ba)\\s+longer', ['longer']],
    ['a[bc]d[ef]', ['abde', 'abdf', 'acde', 'acdf']],
    ['x(?=yz)yzw', ['xyzw']],
  ])('%s holds one of %j', (source, words) => {
    expect([...regexWords(source)!].sort()).toEqual([...words].sort());
  });

  it.each([
    ['an optional part only', '(mshta)?\\s+x'],
    ['a repeated class', '[a-z]+\\s+\\d+'],
    ['an alternative without words', 'mshta|\\s+'],
    ['words too short to skip anything', '\\b(n|s)\\b\\s*c?'],
    ['non-ASCII letters, whose case mapping may differ in the line', 'ßä'],
    ['a pattern Node 20 cannot compile', '(?i:abc)'],
  ])('knows no words for %s', (_what, source) => {
    expect(regexWords(source)).toBeUndefined();
  });

  it('keeps the ASCII run before a non-ASCII letter, so an i-regex still runs on its other case', () => {
    const { rules } = loadRuleTexts([{ file: 'cafe.yaml', text: CAFE_RULE }]);
    expect(rules[0]!.need?.words).toEqual(['cafe-bar']);
    // Its examples match through the prefilter too (examples.ts fails an example the prefilter would skip).
    expect(runRuleExamples(rules)).toEqual([]);
  });
});

const CAFE_RULE = `
- rule: cafe
  desc: a test rule
  condition: {event.command: {regex: 'CAFE-BAR\\s+é', nocase: true}}
  severity: low
  tactic: execution
  reason: A test line was run.
  examples:
    match: [{tool: Bash, command: "echo Cafe-BAR É"}]
    nomatch: [{tool: Bash, command: "echo cafe É"}]
`;

describe('every built-in regex', () => {
  const sources = builtinRegexes();

  it('is read, and its words hold in every string it matches (generated, in random case)', () => {
    let matched = 0, withWords = 0;
    const failures: string[] = [];
    for (const source of sources) {
      const words = regexWords(source);
      if (words !== undefined) withWords++;
      for (const flags of ['', 'i']) {
        const re = new RegExp(source, flags);
        const pattern = reader.parsePattern(source, 0, source.length, { unicode: false, unicodeSets: false });
        for (let i = 0; i < 40; i++) {
          const s = `echo x; ${caseOf(sample(pattern), flags)} ;y`;
          if (!re.test(s)) continue;
          matched++;
          const line = s.toLowerCase();
          if (words !== undefined && !words.some((w) => line.includes(w))) failures.push(`${source} /${flags}: ${JSON.stringify(s)} holds none of ${JSON.stringify(words)}`);
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    // Generated strings do match: this checked something, over most of the patterns.
    expect(sources.length).toBeGreaterThan(300);
    expect(matched).toBeGreaterThan(sources.length * 20);
    expect(withWords).toBeGreaterThan(sources.length / 2);
  });
});

const reader = new RegExpParser({ ecmaVersion: 2024 });

/** Every `regex:` value of the built-in pack and every item of its lists (a regex list is used that way). */
function builtinRegexes(): string[] {
  const out = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (typeof node !== 'object' || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'regex' && typeof v === 'string')) out.add(v);
      else if (k === 'items' && Array.isArray(v)) for (const item of v) if (typeof item === 'string') out.add(item);
      else walk(v);
    }
  };
  for (const f of readdirSync(BUILTIN_RULES_DIR).filter((n) => n.endsWith('.yaml'))) walk(parse(readFileSync(join(BUILTIN_RULES_DIR, f), 'utf8')));
  return [...out].filter((s) => { try { new RegExp(s); return true; } catch { return false; } });
}

let seed = 7;
const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const pick = <T>(xs: readonly T[]) => xs[rnd(xs.length)]!;
const POOL = ['a', 'Z', '0', ' ', '/', '.', '-', '_', '\\', '"', "'", '\n', ':', '=', 'é', 'K'];

/** Upper or lower case at random, per character, for an i-regex. */
function caseOf(s: string, flags: string): string {
  return flags === 'i' ? [...s].map((c) => (rnd(2) === 0 ? c.toUpperCase() : c.toLowerCase())).join('') : s;
}

/** A string the pattern may match (assertions and back references are not honoured: the regex judges). */
function sample(node: AST.Node): string {
  switch (node.type) {
    case 'Pattern': case 'Group': case 'CapturingGroup': return sample(pick(node.alternatives));
    case 'Alternative': return node.elements.map(sample).join('');
    case 'Character': return String.fromCodePoint(node.value);
    case 'CharacterClass': return node.negate || node.elements.length === 0 ? pick(POOL) : sample(pick(node.elements));
    case 'CharacterClassRange': return String.fromCodePoint(node.min.value + rnd(node.max.value - node.min.value + 1));
    case 'CharacterSet': {
      if (node.kind === 'digit') return node.negate ? 'a' : String(rnd(10));
      if (node.kind === 'space') return node.negate ? 'a' : pick([' ', '\t', '\n']);
      if (node.kind === 'word') return node.negate ? ' ' : pick(['a', 'Q', '5', '_']);
      return pick(POOL);
    }
    case 'Quantifier': {
      const n = node.min + rnd(Math.min(node.max - node.min, 3) + 1);
      return Array.from({ length: n }, () => sample(node.element)).join('');
    }
    default: return '';
  }
}

// Words every match of a regex contains, found by reading the pattern with regexpp's parser, so the rule
// engine's prefilter can skip a command-line rule on a line that holds none of them without running its
// regexes (prefilter.ts). Only what holds for every match is taken, so a skip never loses a match:
// - folded to lower case, as the line is before it is searched (an `i` regex without `u` matches an ASCII
//   letter only by its two cases; a regex without `i` still matches its own case, which folds the same);
// - ASCII only: a non-ASCII character ends a run (its case mapping may differ inside the line);
// - a run of fixed characters, alternatives of them multiplied out up to a cap, breaks at anything else
//   (a class, `.`, `\s`, an optional or repeated part). Assertions match no text and break nothing.
import { RegExpParser, type AST } from '@eslint-community/regexpp';

/** Lower-case words; a match holds at least one of them. */
export type Words = readonly string[];

/** Node 20's regex syntax: no `(?i:)` modifiers (2025), so a pattern with them is not read. */
const parser = new RegExpParser({ ecmaVersion: 2024 });

/** How many spellings a run may multiply out to (`reg(\.exe)?` is two) before it is cut. */
const MAX_VARIANTS = 32;
/** Shorter words than this (one character) are in nearly every line: the regex then runs on every line. */
const MIN_WORD = 2;

/** The words of a regex source, or undefined when none are known (or too short to help). */
export function regexWords(source: string): Words | undefined {
  let pattern: AST.Pattern;
  try { pattern = parser.parsePattern(source, 0, source.length, { unicode: false, unicodeSets: false }); } catch { return undefined; }
  return usable(ofAlternatives(pattern.alternatives).words);
}

/** The words of literal values a field test compares the whole value with or looks for in it (eq, contains …). */
export function literalWords(values: readonly string[]): Words | undefined {
  return values.every(isAscii) ? usable(values.map((v) => v.toLowerCase())) : undefined;
}

/** One of several word sets holds: their union, known only when each is. */
export function unionWords(sets: readonly (Words | undefined)[]): Words | undefined {
  if (sets.length === 0 || sets.some((s) => s === undefined)) return undefined;
  return minimal(sets.flatMap((s) => s!));
}

/** What a part of a pattern matches: every string it can match when that is a few fixed ones, or words one of which it contains. */
interface Info { exact?: readonly string[]; words?: Words }

function ofAlternatives(alts: readonly AST.Alternative[]): Info {
  const infos = alts.map((a) => ofSequence(a.elements));
  const exact = infos.every((i) => i.exact !== undefined) ? unique(infos.flatMap((i) => i.exact!)) : undefined;
  const words = unionWords(infos.map((i) => i.words ?? wordsOfExact(i.exact)));
  return { exact: exact !== undefined && exact.length <= MAX_VARIANTS ? exact : undefined, words };
}

function ofSequence(elements: readonly AST.Element[]): Info {
  let run: readonly string[] = [''];
  let whole = true; // every element so far was fixed text, so `run` is every string the sequence can match
  const found: (Words | undefined)[] = [];
  const end = () => { found.push(wordsOfExact(run)); run = ['']; };
  for (const el of elements) {
    if (el.type === 'Assertion') continue;
    const info = ofElement(el);
    const next = info.exact !== undefined ? cross(run, info.exact) : undefined;
    if (next !== undefined) { run = next; continue; }
    end();
    whole = false;
    found.push(info.words ?? wordsOfExact(info.exact));
  }
  const exact = whole ? run : undefined;
  end();
  return { exact, words: best(found) };
}

function ofElement(el: Exclude<AST.Element, AST.Assertion> | AST.QuantifiableElement): Info {
  switch (el.type) {
    case 'Character': return ofChar(el.value);
    case 'CharacterClass': {
      if (el.negate || el.elements.length > MAX_VARIANTS || !el.elements.every((c) => c.type === 'Character')) return {};
      const chars = el.elements.map((c) => ofChar((c as AST.Character).value).exact);
      return chars.every((c) => c !== undefined) ? { exact: unique(chars.flat()) } : {};
    }
    case 'Group': case 'CapturingGroup': return ofAlternatives(el.alternatives);
    case 'Quantifier': {
      const inner = ofElement(el.element);
      if (el.min === 0) return el.max === 1 && inner.exact !== undefined ? { exact: unique(['', ...inner.exact]) } : {};
      return { words: inner.words ?? wordsOfExact(inner.exact) };
    }
    default: return {}; // `.`, `\s`, `\w`, back references, lookarounds as atoms
  }
}

function ofChar(code: number): Info {
  return code < 0x80 ? { exact: [String.fromCharCode(code).toLowerCase()] } : {};
}

/** Every string of `a` followed by one of `b`, or undefined past the cap. */
function cross(a: readonly string[], b: readonly string[]): readonly string[] | undefined {
  if (a.length * b.length > MAX_VARIANTS) return undefined;
  return unique(a.flatMap((x) => b.map((y) => x + y)));
}

/** Fixed strings as words: none when one of them is empty (the part may match nothing). */
function wordsOfExact(exact: readonly string[] | undefined): Words | undefined {
  return exact === undefined || exact.some((s) => s === '') ? undefined : minimal(exact);
}

/** Of several word sets that all hold, the one that says most: longest shortest word, then fewest words. */
function best(sets: readonly (Words | undefined)[]): Words | undefined {
  let top: Words | undefined;
  for (const s of sets) {
    if (s === undefined) continue;
    if (top === undefined || shortest(s) > shortest(top) || (shortest(s) === shortest(top) && s.length < top.length)) top = s;
  }
  return top;
}

function usable(words: Words | undefined): Words | undefined {
  return words !== undefined && words.length > 0 && shortest(words) >= MIN_WORD ? minimal(words) : undefined;
}

/** Without words that contain another of the set (a line holding `reg.exe` holds `reg`). */
function minimal(words: readonly string[]): Words {
  const u = unique(words);
  return u.filter((w) => !u.some((o) => o !== w && w.includes(o)));
}

const shortest = (ws: Words) => Math.min(...ws.map((w) => w.length));
const unique = (xs: readonly string[]) => [...new Set(xs)];
const isAscii = (s: string) => s.length > 0 && !/[^\x00-\x7f]/.test(s);

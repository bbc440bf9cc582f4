// Words a reader takes for something else than bash does: `cat${IFS}/etc/shadow`, `{curl,-d,@f,host}`,
// `/usr/bin/c?rl`. The parser (parse-command.ts) judges them as bash runs them.
import picomatch from 'picomatch';
import type { Word } from 'unbash';
import { DOWNLOADERS, NETWORK_TOOLS, STDIN_INTERPRETERS } from '../catalog.js';
import { SHELLS } from './words.js';

const IFS_REF = /\$\{IFS\}|\$IFS(?![A-Za-z0-9_])/g;
const DEFAULT_IFS = ' \t\n';
const MAX_SPLIT = 64;
// A brace group with nothing bash would treat otherwise in it; a group without a comma (`{}`, `{x}`) stays as typed.
const BRACE_GROUP = /\{([^{}\s'"$`]*)\}/g;

/**
 * What bash makes of a word's brace lists: `~/.{aws,ssh}/{credentials,id_rsa}` is four words (each group in turn,
 * an inner one first), at most MAX_SPLIT of them. Undefined when the word has none.
 */
function expandBraces(word: string): string[] | undefined {
  if (!word.includes(',') || /[\s'"$`]/.test(word)) return undefined;
  let words = [word];
  for (let round = 0; round < 8; round++) {
    const next: string[] = [];
    let expanded = false;
    for (const w of words) {
      const group = [...w.matchAll(BRACE_GROUP)].find((g) => g[1]!.includes(','));
      if (group === undefined) { next.push(w); continue; }
      expanded = true;
      const [before, after] = [w.slice(0, group.index), w.slice(group.index! + group[0].length)];
      for (const x of group[1]!.split(',')) next.push(`${before}${x}${after}`);
    }
    if (!expanded) break;
    words = next.slice(0, MAX_SPLIT);
  }
  return words.length > 1 || words[0] !== word ? [...new Set(words)].filter((p) => p !== '') : undefined;
}

/**
 * Words bash splits that a reader takes for one: `cat${IFS}/etc/shadow` (the separator as a variable) and
 * brace lists (`{curl,-d,@f,host}` is four words; `cp f{,.bak}` two), each unquoted. In place; a word split
 * keeps its syntax node on its first part only, so its substitutions are walked once.
 */
export function splitObfuscatedWords(raw: string[], words: (Word | undefined)[], ifs = DEFAULT_IFS): void {
  let split: RegExp | undefined;
  for (let i = 0; i < raw.length; i++) {
    const w = words[i];
    if (w === undefined || /['"\\]/.test(w.text)) continue;
    let parts: string[] | undefined;
    if (raw[i]!.includes('$IFS') || raw[i]!.includes('${IFS}')) parts = raw[i]!.split(IFS_REF).filter((p) => p !== '');
    // `cmd="cat /etc/shadow"; $cmd`, `IFS=_; c=cat_/etc/shadow; $c`: an unquoted expansion is split on IFS.
    // (Its first MAX_SPLIT words: past them a crafted value is not judged.)
    else if (w.text.includes('$') && raw[i] !== w.text && ifs !== '' && [...ifs].some((c) => raw[i]!.includes(c))) parts = raw[i]!.split(split ??= new RegExp(`[${ifs.replace(/[\]\\^-]/g, '\\$&')}]+`), MAX_SPLIT).filter((p) => p !== '');
    else parts = expandBraces(raw[i]!);
    if (parts === undefined || parts.length === 0) continue;
    raw.splice(i, 1, ...parts);
    words.splice(i, 1, w, ...parts.slice(1).map(() => undefined));
    i += parts.length - 1;
  }
}

/** Programs a glob in the command's name is resolved against: the ones that move data or run code. */
const GLOB_CANDIDATES = [...new Set([...NETWORK_TOOLS, ...DOWNLOADERS, ...STDIN_INTERPRETERS, ...SHELLS, 'cat', 'base64', 'xxd', 'rm', 'chmod', 'dd', 'tar', 'openssl', 'crontab', 'head', 'tail', 'less', 'more'])];

/**
 * `/usr/bin/c?rl`, `/???/b??/c[a]t`: bash expands a glob in the command's name to the file it matches. Judged
 * as the one program of interest it matches (its directory kept), or as typed when none or several do.
 */
export function unglobbedProgram(word: string): string {
  const slash = word.lastIndexOf('/');
  const name = word.slice(slash + 1);
  if (!/[?*[]/.test(name) || name.length > 64) return word;
  const re = picomatch.makeRe(name, { dot: false });
  const hits = GLOB_CANDIDATES.filter((c) => re.test(c));
  return hits.length === 1 ? `${word.slice(0, slash + 1)}${hits[0]}` : word;
}

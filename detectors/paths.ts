// Pure path helpers: turn what an agent typed into an absolute path, and match it against the catalog.
import path from 'node:path';
import picomatch from 'picomatch';
import type { PathClass } from './catalog.js';

/**
 * Resolves `~`, `$HOME`, `${HOME}` and relative paths against the session's cwd.
 * Returns undefined for words that are not paths (options, URLs, other variables).
 */
export function resolvePath(word: string, home: string, cwd: string | undefined): string | undefined {
  if (word === '' || word.startsWith('-') || /^[a-z][a-z0-9+.-]*:\/\//i.test(word)) return undefined;
  let p = word;
  if (p === '~' || p.startsWith('~/')) p = home + p.slice(1);
  else if (p.startsWith('$HOME') || p.startsWith('${HOME}')) p = home + p.slice(p.startsWith('$HOME') ? 5 : 7);
  if (p.includes('$')) return undefined;
  if (path.isAbsolute(p)) return path.normalize(p);
  if (cwd === undefined) return undefined;
  return path.resolve(cwd, p);
}

type Matcher = (p: string) => boolean;

/**
 * What `picomatch(glob, opts)` answers, without its per-call result object (the hot path of every rule
 * glob and path class): picomatch matches an empty string never, the glob itself always, else its regex.
 * Holds for the options used here (no ignore, format, capture, matchBase or windows).
 */
export function globMatcher(glob: string, opts: { dot: boolean; nocase?: boolean }): Matcher {
  const re = picomatch.makeRe(glob, opts);
  return (s) => s !== '' && (s === glob || re.test(s));
}
const compiled = new Map<string, Map<string, Matcher>>(); // home → pattern → matcher

function matcherFor(pattern: string, home: string): Matcher {
  let forHome = compiled.get(home);
  if (forHome === undefined) compiled.set(home, (forHome = new Map()));
  let m = forHome.get(pattern);
  if (m === undefined) {
    const expanded = pattern.startsWith('~/') ? home + pattern.slice(1) : pattern;
    // A bare `**/x` must also match absolute paths, so anchor it at the root.
    const anchored = expanded.startsWith('**/') ? `/${expanded}` : expanded;
    m = globMatcher(anchored, { dot: true });
    forHome.set(pattern, m);
  }
  return m;
}

/** The first catalog class whose patterns match the absolute path (and whose exceptions do not). */
export function matchPathClass(absPath: string, classes: readonly PathClass[], home: string): PathClass | undefined {
  for (const c of classes) {
    if (!c.patterns.some((p) => matcherFor(p, home)(absPath))) continue;
    if (c.except?.some((p) => matcherFor(p, home)(absPath))) continue;
    return c;
  }
  return undefined;
}

/** An absolute path path.normalize would leave as it is: no `//`, `.` or `..` segment, no trailing `/`. */
const isClean = (p: string) => p.charCodeAt(0) === 47 && (p.length === 1 || !p.endsWith('/')) && !/\/\/|\/\.\.?(?:\/|$)/.test(p);

/** True when `child` is `parent` or inside it. */
export function isWithin(child: string, parent: string): boolean {
  // Clean absolute paths (nearly every call: resolvePath's output, a session's cwd) by prefix; path.relative
  // for the rest. It runs several times per event, and path.relative builds three strings each time.
  if (isClean(child) && isClean(parent)) return child === parent || child.startsWith(parent === '/' ? '/' : `${parent}/`);
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !path.isAbsolute(rel));
}

/** Shows a path the way a developer thinks of it: `~/.aws/credentials`, not `/home/me/.aws/credentials`. */
export function displayPath(absPath: string, home: string): string {
  return isWithin(absPath, home) && absPath !== home ? `~/${path.relative(home, absPath)}` : absPath;
}

// Pure path helpers: turn what an agent typed into an absolute path, and match it against the catalog.
import path from 'node:path';
import picomatch from 'picomatch';
import type { PathClass } from './catalog.js';

/** An absolute path path.normalize would leave as it is: no `//`, `.` or `..` segment, no trailing `/`. */
const isClean = (p: string) => p.charCodeAt(0) === 47 && (p.length === 1 || !p.endsWith('/')) && !/\/\/|\/\.\.?(?:\/|$)/.test(p);
/** A relative path path.resolve would append to the cwd as it is: no `//`, `.` or `..` segment, no trailing `/`. */
const isPlainRelative = (p: string) => p.charCodeAt(0) !== 47 && !p.endsWith('/') && !/\/\/|(?:^|\/)\.\.?(?:\/|$)/.test(p);

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
  // What path.normalize and path.resolve answer, without their segment walk (and its strings) for the
  // plain paths that are nearly every word: a clean absolute one is itself, a plain relative one under a
  // clean cwd is the two joined. Commands are full of them, and this ran for every word of every one.
  // …and a directory named with a trailing slash is the directory (`rm -rf ~/` is the home, as `rm -rf ~` is).
  if (path.isAbsolute(p)) return isClean(p) ? p : withoutTrailingSlash(path.normalize(p));
  if (cwd === undefined) return undefined;
  if (isPlainRelative(p) && isClean(cwd)) return cwd === '/' ? `/${p}` : `${cwd}/${p}`;
  return path.resolve(cwd, p);
}

const withoutTrailingSlash = (p: string) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);

/** Where a command runs: the event's cwd, or the directory an earlier `cd` of its line went to (SimpleCommand.dir). */
export function commandCwd(dir: string | undefined, home: string, cwd: string | undefined): string | undefined {
  return dir === undefined ? cwd : resolvePath(dir, home, cwd) ?? cwd;
}

type Matcher = (p: string) => boolean;

/**
 * What `picomatch(glob, opts)` answers, without its per-call result object (the hot path of every rule
 * glob and path class): picomatch matches an empty string never, the glob itself always, else its regex.
 * Holds for the options used here (no ignore, format, capture, matchBase or windows).
 */
export function globMatcher(glob: string, opts: { dot: boolean; nocase?: boolean }): Matcher {
  return anyGlobMatcher([glob], opts);
}

/**
 * globMatcher for several globs: their picomatch regexes (each anchored) as one alternation, and the globs
 * themselves. A path class has up to a dozen patterns and every path of every event is matched against
 * two catalogs of them: one regex per class instead of one per pattern.
 */
export function anyGlobMatcher(globs: readonly string[], opts: { dot: boolean; nocase?: boolean }): Matcher {
  if (globs.length === 0) return () => false;
  const res = globs.map((g) => picomatch.makeRe(g, opts));
  const re = new RegExp(res.map((r) => `(?:${r.source})`).join('|'), res[0]!.flags);
  const literal = new Set(globs);
  return (s) => s !== '' && (literal.has(s) || re.test(s));
}

const GLOB_CHARS = /[*?[]/;

/** The part of a glob before its first wildcard. */
const literalHead = (glob: string, nocase: boolean) => { const h = glob.slice(0, glob.search(GLOB_CHARS)); return nocase ? h.toLowerCase() : h; };

const shellGlobs = new Map<string, RegExp | null>();
/** A value glob as the shell expands it (a leading dot matched only when written), compiled once; undefined when it does not compile. */
function shellGlobRegex(glob: string, nocase: boolean): RegExp | undefined {
  const key = `${nocase ? 'i' : ''}:${glob}`;
  let re = shellGlobs.get(key);
  if (re === undefined) {
    if (shellGlobs.size >= 512) shellGlobs.clear();
    // A `**` is find's walk (command/words.ts foundFiles): it goes into hidden directories, as bash's `*` does not.
    try { re = glob.length > 1024 ? null : picomatch.makeRe(glob, { dot: glob.includes('**'), nocase }); } catch { re = null; }
    shellGlobs.set(key, re);
  }
  return re ?? undefined;
}

interface ClassMatcher { match: Matcher; except: Matcher }
const compiled = new Map<string, WeakMap<PathClass, ClassMatcher>>(); // home → class → its matchers

/**
 * A glob as matched against absolute paths, for both the path classes and the rules' `glob` operator:
 * `~` and `~/…` name the home, and a pattern starting with `**` and a slash is anchored at the root, so it also
 * matches absolute paths.
 */
export function expandGlob(pattern: string, home: string): string {
  const expanded = pattern === '~' ? home : pattern.startsWith('~/') ? home + pattern.slice(1) : pattern;
  return expanded.startsWith('**/') ? `/${expanded}` : expanded;
}

const globsOf = (patterns: readonly string[], home: string): string[] => patterns.map((p) => expandGlob(p, home));

function matcherOf(c: PathClass, home: string): ClassMatcher {
  let forHome = compiled.get(home);
  if (forHome === undefined) compiled.set(home, (forHome = new WeakMap()));
  let m = forHome.get(c);
  if (m === undefined) {
    m = { match: anyGlobMatcher(globsOf(c.patterns, home), { dot: true }), except: anyGlobMatcher(globsOf(c.except ?? [], home), { dot: true }) };
    forHome.set(c, m);
  }
  return m;
}

/** The first catalog class whose patterns match the absolute path (and whose exceptions do not). */
export function matchPathClass(absPath: string, classes: readonly PathClass[], home: string): PathClass | undefined {
  for (const c of classes) {
    const m = matcherOf(c, home);
    if (m.match(absPath) && !m.except(absPath)) return c;
  }
  return undefined;
}

// A path under any usual home layout is matched as if that were the home: another account's
// ~/.aws/credentials (root's, read through sudo, or a colleague's on a shared machine) is as much a secret as
// the user's own, and its ~/.bashrc as much a place to persist. One fixed stand-in keeps the per-home
// matcher cache above from growing per user name. Windows' homes count too, as WSL (`/mnt/c/Users/dev`), Git
// Bash and MSYS2 (`/c/Users/dev`) and Cygwin (`/cygdrive/c/Users/dev`) mount them: an agent under WSL that reads
// the Windows side's ~/.aws/credentials reads the same developer's login.
const SOME_HOME = '/__home__';
/** Where Windows' drives are mounted: WSL (`/mnt/c`), Git Bash and MSYS2 (`/c`), Cygwin (`/cygdrive/c`). */
const DRIVE_MOUNTS = ['/mnt/', '/', '/cygdrive/'];
/** Every home directory layout, as globs: Linux, macOS, root's, and Windows' homes as those mount them. */
export const HOME_GLOBS: readonly string[] = ['/home/*', '/Users/*', '/root', '/var/root', ...DRIVE_MOUNTS.flatMap((m) => [`${m}?/Users/*`, `${m}?/users/*`])];
/** The same as a regex for the home a path starts with: `*` one name, `?` one character (a drive letter). */
const HOME_PREFIX = new RegExp(`^(?:${HOME_GLOBS.map((g) => g.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]+').replace(/\?/g, '[^/]')).join('|')})(?=/)`);

/** The home directory a path lies under when it is not `home` (`/root`, `/home/alice`), or undefined. */
export function otherHomeOf(absPath: string, home: string | undefined): string | undefined {
  const m = HOME_PREFIX.exec(absPath);
  return m && (home === undefined || !isWithin(absPath, home)) ? m[0] : undefined;
}

/** Whether `dir` is `/`, this home or another account's home directory itself (not a directory under one). */
export function isHomeOrRoot(dir: string, home: string): boolean {
  return dir === '/' || dir === home || HOME_PREFIX.exec(`${dir}/`)?.[0] === dir;
}

/** matchPathClass, with a path under another account's home matched against that home. */
export function matchPathClassInAnyHome(absPath: string, classes: readonly PathClass[], home: string | undefined): PathClass | undefined {
  const own = matchPathClass(absPath, classes, home ?? SOME_HOME);
  if (own !== undefined) return own;
  const other = otherHomeOf(absPath, home);
  return other === undefined ? undefined : matchPathClass(SOME_HOME + absPath.slice(other.length), classes, SOME_HOME);
}

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

/**
 * Whether a path with shell glob characters (`cat ~/.aws/cred*`, `~/.ssh/i?_rsa`, `/etc/sha*ow`, `./.en?`) would
 * expand to a file one of `patterns` names: one of its fixed files, a file its wildcards name (`~/.ssh/id_*` as
 * `~/.ssh/id_x`), or a name it finds anywhere (`**\/.env`) in the glob's own directory; `accepts` has the last
 * word on each such file. As the shell expands it, `*` does not match a leading dot unless the glob says so. A
 * glob in the first directory (`/*`, `/e*\/x`) could be anything and is not followed.
 */
export function globReaches(globPath: string, patterns: readonly string[], home: string, accepts: (file: string) => boolean, nocase = false): boolean {
  if (!GLOB_CHARS.test(globPath)) return false;
  const head = literalHead(globPath, nocase);
  if (head.lastIndexOf('/') < 1) return false;
  const dir = path.dirname(globPath);
  // A bare `*` names every file, not one of these names: `ls ~/*` is no read of a key that might lie there.
  const named = /[^*?[\]]/.test(path.basename(globPath));
  for (const p of patterns) {
    const name = p.startsWith('**/') ? p.slice(3) : undefined;
    const file = name !== undefined
      ? (!named || GLOB_CHARS.test(dir) || /[*?[{]/.test(name) ? undefined : `${dir}/${name}`)
      : /[[{]/.test(p) ? undefined : expandGlob(p, home).replace(/\*\*|\*|\?/g, 'x');
    if (file === undefined || !(nocase ? file.toLowerCase() : file).startsWith(head)) continue;
    if (shellGlobRegex(globPath, nocase)?.test(file) && accepts(file)) return true;
  }
  return false;
}

/** The catalog class of a file a path with shell glob characters would expand to (globReaches), in any home. */
export function globReachesClass(globPath: string, classes: readonly PathClass[], home: string): PathClass | undefined {
  if (!GLOB_CHARS.test(globPath)) return undefined;
  const ownHome = otherHomeOf(globPath, home) ?? home;
  return classes.find((c) => globReaches(globPath, c.patterns, ownHome, (file) => matchPathClassInAnyHome(file, classes, home) === c));
}

// matchPathClass (detectors/paths.ts) joins a class's globs into one regex: it must name the same class as
// matching each glob on its own would, on paths made from every pattern of the catalogs and on near misses.
import { describe, expect, it } from 'vitest';
import { expandGlob, globMatcher, matchPathClass } from '../../../detectors/paths.js';
import { agentHookFiles, PERSISTENCE_FILES, SECRET_FILES, type PathClass } from '../../../detectors/catalog.js';

const HOME = '/home/dev';

/** The class matching each glob alone would give: the first whose patterns match and exceptions do not. */
function oneByOne(p: string, classes: readonly PathClass[]): PathClass | undefined {
  const glob = (g: string) => { const e = g.startsWith('~/') ? HOME + g.slice(1) : g; return globMatcher(e.startsWith('**/') ? `/${e}` : e, { dot: true }); };
  return classes.find((c) => c.patterns.some((g) => glob(g)(p)) && !(c.except ?? []).some((g) => glob(g)(p)));
}

/** Paths a pattern stands for, and ones just beside it. */
function pathsFrom(pattern: string): string[] {
  const base = pattern.replace(/^~/, HOME).replace(/^\*\*\//, '/srv/app/');
  const filled = base.replace(/\*\*/g, 'a/b').replace(/\*/g, 'x').replace(/\{([^,}]*)[^}]*\}/g, '$1').replace(/\?/g, 'q');
  return [filled, `${filled}.bak`, `${filled}/inner`, filled.replace(/\/([^/]*)$/, '/other-$1'), filled.toUpperCase(), `/tmp${filled}`];
}

describe('matchPathClass', () => {
  const catalogs: [string, readonly PathClass[]][] = [['secret files', SECRET_FILES], ['persistence files', PERSISTENCE_FILES], ['agent hook files', agentHookFiles()]];
  for (const [name, classes] of catalogs) {
    it(`names the class each glob alone would name, for ${name}`, () => {
      const paths = [...new Set(classes.flatMap((c) => [...c.patterns, ...(c.except ?? [])]).flatMap(pathsFrom)), '', '/', HOME, '/etc/hosts'];
      let matched = 0;
      for (const p of paths) {
        const want = oneByOne(p, classes);
        if (want) matched++;
        expect(matchPathClass(p, classes, HOME)?.id, p).toBe(want?.id);
      }
      expect(matched).toBeGreaterThan(classes.length); // the paths reach the classes, not only near misses
    }, 30_000); // every glob compiled alone for every path: 2-6 s for the secret files on a 2-core machine that is busy
  }
});

describe('expandGlob (path classes and the rules\' glob operator)', () => {
  it('names the home for ~ and ~/…, anchors a bare **/ at the root, and leaves other globs alone', () => {
    expect(expandGlob('~', HOME)).toBe(HOME);
    expect(expandGlob('~/.aws/**', HOME)).toBe(`${HOME}/.aws/**`);
    expect(expandGlob('**/.git/hooks/*', HOME)).toBe('/**/.git/hooks/*');
    expect(globMatcher(expandGlob('**/.git/hooks/*', HOME), { dot: true })('/srv/repo/.git/hooks/pre-commit')).toBe(true);
    expect(expandGlob('/etc/cron.d/*', HOME)).toBe('/etc/cron.d/*');
    expect(expandGlob('~user/x', HOME)).toBe('~user/x');
  });
});

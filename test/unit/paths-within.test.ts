// isWithin and resolvePath (detectors/paths.ts): the project, home and monitor checks of many rules and the
// baseline, and the absolute path every word of a command is judged by.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWithin, resolvePath } from '../../detectors/paths.js';

describe('isWithin', () => {
  it('is the path itself or below it, on a path segment boundary', () => {
    expect(isWithin('/w/app', '/w/app')).toBe(true);
    expect(isWithin('/w/app/src/x.ts', '/w/app')).toBe(true);
    expect(isWithin('/w/application', '/w/app')).toBe(false);
    expect(isWithin('/w', '/w/app')).toBe(false);
    expect(isWithin('/etc/passwd', '/')).toBe(true);
    expect(isWithin('/w/app/..hidden', '/w/app')).toBe(true); // a name that starts with two dots is inside
  });

  it('normalises what is not clean before comparing', () => {
    expect(isWithin('/w/app/../secrets', '/w/app')).toBe(false);
    expect(isWithin('/w/app/./src', '/w/app/')).toBe(true);
    expect(isWithin('/w//app/src', '/w/app')).toBe(true);
    expect(isWithin('/w/app', '/w/app/src/..')).toBe(true);
    expect(isWithin('/w/other/../app/x', '/w/app')).toBe(true);
  });

  it('agrees with path.relative on a spread of absolute paths', () => {
    const paths = ['/', '/w', '/w/', '/w/app', '/w/app/', '/w/app/x', '/w/app/../x', '/w/./app', '/w//app', '/w/app/.', '/w/apps', '/x/app'];
    const byRelative = (c: string, p: string) => { const r = path.relative(p, c); return r === '' || (r !== '..' && !r.startsWith('../') && !path.isAbsolute(r)); };
    for (const c of paths) for (const p of paths) expect(isWithin(c, p), `${c} in ${p}`).toBe(byRelative(c, p));
  });
});

describe('resolvePath', () => {
  it('gives what path.normalize gives for an absolute word (without a trailing slash, as path.resolve), path.resolve against the cwd for a relative one: plain words and ones with dots, slashes and odd names', () => {
    const words = ['x', 'src/index.ts', 'a/b/c', '.', '..', './x', '../x', 'a/./b', 'a/../b', 'a//b', 'a/', 'a/b/', '..hidden', 'x..', '.env',
      'a/.git/hooks', 'a/..', 'a/.', '...', 'weird name', 'a\\b', '/etc/passwd', '/', '/a//b', '/a/./b', '/a/../b', '/a/', '/..', '/.x'];
    const cwds = ['/w/app', '/', '/w/app/', '/w//app', '/w/./app', '/w/app/..'];
    for (const cwd of cwds) for (const w of words) expect(resolvePath(w, '/home/me', cwd), `${w} in ${cwd}`).toBe(path.isAbsolute(w) ? path.normalize(w).replace(/(.)\/$/, '$1') : path.resolve(cwd, w));
  });

  it('expands ~ and $HOME, and is nothing for options, URLs, other variables and relative words without a cwd', () => {
    expect(resolvePath('~/.aws/credentials', '/home/me', '/w')).toBe('/home/me/.aws/credentials');
    expect(resolvePath('${HOME}/.ssh/../.ssh/id_rsa', '/home/me', '/w')).toBe('/home/me/.ssh/id_rsa');
    expect(resolvePath('-rf', '/home/me', '/w')).toBeUndefined();
    expect(resolvePath('https://example.com/x', '/home/me', '/w')).toBeUndefined();
    expect(resolvePath('$TOKEN_FILE', '/home/me', '/w')).toBeUndefined();
    expect(resolvePath('src/x', '/home/me', undefined)).toBeUndefined();
    expect(resolvePath('/etc//hosts', '/home/me', undefined)).toBe('/etc/hosts');
    // `rm -rf ~/` deletes the home as `rm -rf ~` does: rules match the directory, not a spelling of it.
    expect(resolvePath('~/', '/home/me', '/w')).toBe('/home/me');
    expect(resolvePath('$HOME//', '/home/me', '/w')).toBe('/home/me');
  });
});

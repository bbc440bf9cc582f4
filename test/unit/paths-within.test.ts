// isWithin (detectors/paths.ts): the project, home and monitor checks of many rules and the baseline.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWithin } from '../../detectors/paths.js';

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

// Which absolute paths are secrets, or directories holding secrets, by the catalog (catalog.ts SECRET_FILES):
// what facts.ts asks of every path an event reads or copies whole, and the exfiltration rule of what it sends.
import { SECRET_FILES } from './catalog.js';
import type { DetectionContext, SecretRead } from './facts.js';
import { displayPath, globReachesClass, isWithin, matchPathClassInAnyHome, otherHomeOf } from './paths.js';

/** Paths written as globs a line may have tried against the catalog: each costs a compiled pattern. */
const GLOBS_PER_EVENT = 32;

/** The secrets (catalog SECRET_FILES) among absolute paths. */
export function secretsAmong(paths: readonly string[], ctx: DetectionContext, eventId: string): SecretRead[] {
  const out: SecretRead[] = [];
  let globs = 0;
  for (const p of paths) {
    const c = matchPathClassInAnyHome(p, SECRET_FILES, ctx.home);
    if (c) { if (!out.some((s) => s.abs === p)) out.push({ path: displayPath(p, ctx.home), abs: p, classId: c.id, label: c.label, eventId }); }
    // `cat ~/.aws/cred*`: a secret when it expands to one (the first GLOBS_PER_EVENT globs of a line).
    else if (globs < GLOBS_PER_EVENT && /[*?[]/.test(p)) {
      globs += 1;
      const k = globReachesClass(p, SECRET_FILES, ctx.home);
      if (k && !out.some((s) => s.abs === p)) out.push({ path: displayPath(p, ctx.home), abs: p, classId: k.id, label: k.label, eventId });
    }
  }
  return out;
}

/**
 * Directories among `paths` that hold credentials (`~/.ssh`, `~/.aws`, the home directory, `/`): a secret
 * file's fixed location lies under them. Sent whole, they send the secret. Patterns that match anywhere
 * (a .env under any directory) do not make every directory one.
 */
export function secretDirsAmong(paths: readonly string[], ctx: DetectionContext, eventId: string): SecretRead[] {
  const out: SecretRead[] = [];
  for (const dir of paths) { // resolved paths: no trailing slash (paths.ts resolvePath)
    const home = otherHomeOf(`${dir}/`, ctx.home) ?? ctx.home; // `/root/.aws` holds root's credentials
    const c = dir === '/' ? SECRET_FILES.find((k) => k.patterns.some((pat) => pat.startsWith('~/') || pat.startsWith('/')))
      : fixedPrefixes(home).find((f) => f.prefix.startsWith(`${dir}/`))?.c
      // Below a pattern's first wildcard: a directory whose every file is a secret (`…/**/Local Storage/**`, `tdata/**`).
      ?? (fixedPrefixes(home).some((f) => dir.startsWith(f.prefix)) ? matchPathClassInAnyHome(`${dir}/x`, SECRET_FILES, ctx.home) : undefined);
    if (c && !out.some((s) => s.abs === dir)) out.push({ path: displayPath(dir, ctx.home), abs: dir, classId: c.id, label: `a directory holding ${c.label}`, eventId });
  }
  return out;
}

/** Each secret class's fixed locations under `home` (up to a pattern's first wildcard), made once per home: a line copying thousands of directories took 0.8 s. */
const prefixesByHome = new Map<string, { prefix: string; c: (typeof SECRET_FILES)[number] }[]>();
function fixedPrefixes(home: string): { prefix: string; c: (typeof SECRET_FILES)[number] }[] {
  let list = prefixesByHome.get(home);
  if (list !== undefined) return list;
  const at = (pat: string) => (pat.startsWith('~/') ? `${home}${pat.slice(1)}` : pat);
  list = SECRET_FILES.flatMap((c) => c.patterns.filter((pat) => (pat.startsWith('~/') || pat.startsWith('/')) && !(c.notWholeDirs ?? []).some((d) => isWithin(at(pat), at(d))))
    .map((pat) => ({ prefix: at(pat).split(/[*?[{]/)[0]!, c })));
  if (prefixesByHome.size >= 16) prefixesByHome.clear();
  prefixesByHome.set(home, list);
  return list;
}

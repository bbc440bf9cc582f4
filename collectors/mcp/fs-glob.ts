// Expands the glob segments of a catalog path (`*`, `{a,b}`) against the disk, one directory level per
// segment: enough for `~/.gemini/extensions/*/gemini-extension.json` without walking whole trees.
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

const GLOB = /[*?[{]/;

/** Every existing path the pattern names, sorted; a pattern without glob characters comes back as is. */
export function expandGlob(pattern: string): string[] {
  if (!GLOB.test(pattern)) return [pattern];
  const parsed = path.parse(pattern);
  const segments = pattern.slice(parsed.root.length).split(/[\\/]+/).filter(Boolean);
  let bases = [parsed.root || '.'];
  for (const seg of segments) {
    if (!GLOB.test(seg)) { bases = bases.map((b) => path.join(b, seg)); continue; }
    const match = picomatch(seg, { dot: false });
    bases = bases.flatMap((b) => {
      let names: string[];
      try { names = fs.readdirSync(b); } catch { return []; }
      return names.filter((n) => match(n)).sort().map((n) => path.join(b, n));
    });
  }
  // Literal segments after a wildcard were only joined, not checked.
  return bases.filter((p) => fs.existsSync(p));
}

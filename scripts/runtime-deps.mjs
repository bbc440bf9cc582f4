// Prints the package directories the daemon needs at run time, one per line, relative to the checkout:
// package.json's `dependencies`, followed through each package's dependencies and optionalDependencies the
// way Node resolves them (nested node_modules first, then up). devDependencies (the agents' CLIs, vitest,
// typescript: ~700 MB) never ship. scripts/build-deb.sh copies exactly this list.
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
// Each package once, by its real directory, listed where Node finds it: a linked package (a `file:`
// dependency such as native/malloc-trim) under node_modules, as the package must hold it.
const seen = new Map();

function resolve(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return undefined;
  }
}

function visit(pkgDir, optional) {
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const deps = { ...(pkg.optionalDependencies ?? {}), ...(pkg.dependencies ?? {}) };
  for (const name of Object.keys(deps)) {
    const dir = resolve(name, pkgDir);
    if (!dir) {
      if (optional || name in (pkg.optionalDependencies ?? {})) continue; // another platform's binary
      throw new Error(`${name} (needed by ${pkg.name}) is not installed; run npm ci`);
    }
    const real = fs.realpathSync(dir);
    if (seen.has(real)) continue;
    seen.set(real, path.relative(root, dir));
    visit(dir, name in (pkg.optionalDependencies ?? {}));
  }
}

visit(root, false);
for (const dir of [...seen.values()].sort()) process.stdout.write(`${dir}\n`);

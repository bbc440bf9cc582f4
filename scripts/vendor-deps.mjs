// Post-build: the dependencies the daemon keeps loaded (zod, unbash, smol-toml, chokidar, regexpp; yaml below) bundled and
// minified each into one file under dist/vendor, and dist's imports of them pointed there. V8 keeps every
// loaded module's source text for the life of the process (lazy functions compile from it), and an ES module
// is never unloaded: as published, zod alone is 95 files and 1.5 MB of the daemon's heap. Minified: a
// quarter of that (bench/footprint.ts). Only ESM packages: their exports are the same bundled; and the
// package itself still ships in node_modules (its license with it). The TypeScript sources, and so the
// tests vitest runs from them, import the packages as published.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const VENDORED = ['zod', 'unbash', 'smol-toml', 'chokidar', '@eslint-community/regexpp'];
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const vendor = path.join(dist, 'vendor');
fs.rmSync(vendor, { recursive: true, force: true });

await build({
  entryPoints: Object.fromEntries(VENDORED.map((name) => [name, name])),
  outdir: vendor, bundle: true, minify: true, format: 'esm', platform: 'node', target: 'node20',
  legalComments: 'eof', logLevel: 'warning',
});

// yaml ships CommonJS for node: bundled from a small ES entry that names its exports, so that `import { parse }
// from 'yaml'` reads as it did. Unminified it was 0.9 MB of the daemon's heap (the rule packs, the agent catalog
// and the config are YAML, so it is always loaded).
const require = createRequire(import.meta.url);
const yamlNames = Object.keys(require('yaml')).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k));
await build({
  stdin: { contents: `import * as Y from 'yaml';\nexport default Y;\nexport const { ${yamlNames.join(', ')} } = Y;\n`, resolveDir: path.dirname(dist), loader: 'js' },
  outfile: path.join(vendor, 'yaml.js'), bundle: true, minify: true, format: 'esm', platform: 'node', target: 'node20',
  legalComments: 'eof', logLevel: 'warning',
  // Its CommonJS asks for `process` with require, which an ES module has to make for itself.
  banner: { js: "import { createRequire as __yamlRequire } from 'node:module'; const require = __yamlRequire(import.meta.url);" },
});
VENDORED.push('yaml');

const specifier = new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(\\s*)(['"])(${VENDORED.join('|')})\\2`, 'g');
const skip = new Set([vendor, path.join(dist, 'console', 'web')]);
let rewritten = 0;
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) { if (!skip.has(file)) walk(file); continue; }
    if (!e.name.endsWith('.js')) continue;
    const text = fs.readFileSync(file, 'utf8');
    const out = text.replace(specifier, (_, before, quote, name) => {
      const rel = path.relative(path.dirname(file), path.join(vendor, `${name}.js`)).split(path.sep).join('/');
      return `${before}${quote}${rel.startsWith('.') ? rel : `./${rel}`}${quote}`;
    });
    if (out !== text) { fs.writeFileSync(file, out); rewritten++; }
  }
};
walk(dist);
if (process.argv.includes('--sizes')) {
  for (const f of fs.readdirSync(vendor)) console.log(`vendor/${f} ${fs.statSync(path.join(vendor, f)).size} bytes`);
  console.log(`${rewritten} files import them`);
}

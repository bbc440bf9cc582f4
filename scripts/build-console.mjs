// Bundles the web console (console/web: preact + htm + uPlot) with esbuild into dist/console/web: one
// app.js, one app.css (uPlot's css inlined) and index.html. No CDN, nothing fetched at run time. The
// daemon serves these files (daemon/console/static-files.ts) and only loads them when a page asks.
import fs from 'node:fs';
import { build } from 'esbuild';

const src = new URL('../console/web/', import.meta.url);
const out = new URL('../dist/console/web/', import.meta.url);
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const common = { bundle: true, minify: true, logLevel: 'warning', legalComments: 'none' };
await build({ ...common, entryPoints: [new URL('app.ts', src).pathname], outfile: new URL('app.js', out).pathname, format: 'esm', target: 'es2020', platform: 'browser' });
await build({ ...common, entryPoints: [new URL('app.css', src).pathname], outfile: new URL('app.css', out).pathname });
fs.copyFileSync(new URL('index.html', src), new URL('index.html', out));
if (process.argv.includes('--sizes')) for (const f of fs.readdirSync(out)) console.log(`${f} ${fs.statSync(new URL(f, out)).size} bytes`);

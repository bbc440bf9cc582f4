// The tree's layering, checked rather than promised: collectors and detectors import only core/ and
// their own layer, only the store prepares SQL, and only collectors/proc reads process information
// from /proc. A change that breaks one of these fails `npm test` with the file and the offending line.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Which top-level folders each layer may import from (packages and node: builtins are always fine). */
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core'],
  collectors: ['core', 'collectors'],
  detectors: ['core', 'detectors'],
  installer: ['core', 'installer'],
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (entry.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Relative imports of `file` (a repo-relative path) that leave the folders its layer may use. */
export function layerViolations(file: string, text: string): string[] {
  const layer = file.split(/[\\/]/)[0]!;
  const allowed = ALLOWED[layer];
  if (!allowed) return [];
  const bad: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = (m[1] ?? m[2])!;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.split(path.sep).join('/')), spec));
    const top = target.split('/')[0]!;
    if (!allowed.includes(top)) bad.push(`${file}: imports ${spec} (${layer}/ may import only ${allowed.join(', ')})`);
  }
  return bad;
}

// A prepared statement, a raw exec or a pragma on a better-sqlite3 handle.
const SQL_CALL = /\.(prepare|pragma)\(|\bdb\.exec\(|\.exec\(\s*[`'"]\s*(CREATE|INSERT|UPDATE|DELETE|SELECT|PRAGMA|BEGIN|DROP|ALTER)/i;
// A /proc path handed to a call (readFileSync(`/proc/${pid}/stat`), readdirSync('/proc'), path.join('/proc', …))
// or kept as a value (`root = '/proc'`); a /proc path only shown in text (a tier label) is not a read.
const PROC_PATH = /\w\(\s*['"`]\/proc\b|=\s*['"`]\/proc\b/;

const LAYERS = ['core', 'daemon', 'collectors', 'detectors', 'installer'];
const files = LAYERS.flatMap(sourceFiles).map((f) => ({ file: f, text: fs.readFileSync(path.join(ROOT, f), 'utf8') }));
const lines = (text: string, re: RegExp) => text.split('\n').flatMap((l, i) => (re.test(l) && !/^\s*(\/\/|\/\*|\*)/.test(l) ? [`${i + 1}: ${l.trim()}`] : []));

describe('layering', () => {
  it('the checker flags a collector that imports daemon internals, and passes one that imports core', () => {
    expect(layerViolations('collectors/agents/x.ts', "import { openDatabase } from '../../daemon/store/database.js';")).toHaveLength(1);
    expect(layerViolations('collectors/agents/x.ts', "import type { Event } from '../../core/event.js';\nimport { y } from './y.js';")).toEqual([]);
    expect(layerViolations('detectors/x.ts', "const m = await import('../daemon/config/schema.js');")).toHaveLength(1);
    expect(layerViolations('core/x.ts', "export { a } from '../detectors/a.js';")).toHaveLength(1);
  });

  it('collectors, detectors, installer and core import only core/ and their own layer', () => {
    expect(files.flatMap(({ file, text }) => layerViolations(file, text))).toEqual([]);
  });

  it('the running daemon loads no installer code at start: outside its CLI commands, daemon/ imports installer/ only lazily', () => {
    // A static value import; `import type` is erased, and `await import(...)` loads it only when used (issue 10: footprint).
    const STATIC_INSTALLER = /^\s*(?:import|export)\s+(?!type\b)[^'"]*from\s*['"][^'"]*\/installer\//;
    const daemon = files.filter(({ file }) => file.startsWith(`daemon${path.sep}`) && !file.startsWith(`daemon${path.sep}cli${path.sep}`));
    expect(daemon.flatMap(({ file, text }) => lines(text, STATIC_INSTALLER).map((l) => `${file}:${l}`))).toEqual([]);
  });

  it('only daemon/store/ prepares SQL', () => {
    const outside = files.filter(({ file }) => !file.startsWith(`daemon${path.sep}store${path.sep}`));
    expect(outside.flatMap(({ file, text }) => lines(text, SQL_CALL).map((l) => `${file}:${l}`))).toEqual([]);
  });

  it('only collectors/proc/ reads process information from /proc', () => {
    const outside = files.filter(({ file }) => !file.startsWith(`collectors${path.sep}proc${path.sep}`));
    expect(outside.flatMap(({ file, text }) => lines(text, PROC_PATH).map((l) => `${file}:${l}`))).toEqual([]);
  });
});

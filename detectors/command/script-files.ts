// The file a command runs as a script: `bash -eo pipefail x.sh`, `python3 -W ignore x.py`, `node -r dotenv/config
// x.js`, and through the runners a project uses (`npx tsx x.ts`, `uv run x.py`, `poetry run python x.py`,
// `deno run -A x.ts`, `bun x.js`). The first word that is not an option, once the options that take a value
// have taken theirs; none when the code is inline (`-c`, `-e`) or a module (`python -m`).
import { baseName, SHELLS, shellScriptIndex } from './words.js';
import { inlineCodeIndexes, languageOf, type Language } from './interpreter-code.js';

// What runs a file named after it: shells, interpreters, TypeScript runners, `source` and `.`.
const RUNS_FILE: ReadonlySet<string> = new Set([
  ...[...SHELLS].filter((s) => s !== 'busybox'), 'php', 'perl', 'ruby', 'node', 'nodejs', 'bun', 'tsx', 'ts-node', 'ts-node-esm', 'esno', 'vite-node', 'zx', 'source', '.',
]);

// Package runners: how many words name the runner (`npx`, `pnpm exec`), and their options that take a value.
const RUNNERS: Record<string, { words: number; sub?: ReadonlySet<string> }> = {
  npx: { words: 1 }, bunx: { words: 1 }, pnpx: { words: 1 },
  pnpm: { words: 2, sub: new Set(['exec', 'dlx']) }, yarn: { words: 2, sub: new Set(['exec', 'dlx']) },
  uv: { words: 2, sub: new Set(['run']) }, poetry: { words: 2, sub: new Set(['run']) }, pipenv: { words: 2, sub: new Set(['run']) },
  pdm: { words: 2, sub: new Set(['run']) }, hatch: { words: 2, sub: new Set(['run']) }, rye: { words: 2, sub: new Set(['run']) },
  deno: { words: 2, sub: new Set(['run']) }, bun: { words: 2, sub: new Set(['run']) },
};

// Options whose next word is their value, by kind of program: a switch taken for one would skip the script (`bash -x
// s.sh`, `python3 -I s.py`), so each kind has its own. A shell's `-o`/`-O` bundles (`-eo pipefail`) are below.
const VALUE_OPTIONS: Record<'shell' | Language | 'runner', ReadonlySet<string>> = {
  shell: new Set(['--rcfile', '--init-file']),
  python: new Set(['-W', '-X', '--check-hash-based-pycs']),
  node: new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--title']),
  perl: new Set(),
  ruby: new Set(['-r', '-I', '-C', '-E']),
  php: new Set(['-c', '-d', '-z']),
  runner: new Set(['-p', '--package', '--with', '--python', '--project', '--directory', '--extra', '--group', '--config', '--import-map', '--cwd', '--env-file']),
};

/** Whether `a` takes the next word as its value for `prog` (a shell, an interpreter, a TypeScript runner). */
export function takesValue(prog: string, a: string): boolean {
  if (SHELLS.has(prog)) return VALUE_OPTIONS.shell.has(a) || /^[-+][A-Za-z]*[oO]$/.test(a);
  return VALUE_OPTIONS[languageOf(prog) ?? 'node'].has(a);
}

/** argv index of the file the command runs as a script, or -1. */
export function scriptFileIndex(argv: readonly string[], from = 0): number {
  const prog = baseName(argv[from] ?? '');
  const runner = RUNNERS[prog];
  if (runner !== undefined && (runner.sub === undefined || runner.sub.has(argv[from + 1] ?? ''))) return afterRunner(argv, from + runner.words);
  // `bun x.ts` and `deno x.ts` without `run`.
  if (prog === 'bun' || prog === 'deno') return afterRunner(argv, from + 1);
  const lang = languageOf(prog);
  if (lang === undefined && !RUNS_FILE.has(prog)) return -1;
  const own = argv.slice(from);
  if (lang !== undefined && inlineCodeIndexes(own, lang).length > 0) return -1;
  if (SHELLS.has(prog) && shellScriptIndex(own) > 0) return -1;
  for (let i = from + 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (lang === 'python' && /^-[A-Za-z]*m/.test(a)) return -1;
    if (takesValue(prog, a)) { i++; continue; }
    if (a.startsWith('-') || (SHELLS.has(prog) && a.startsWith('+'))) continue;
    return i;
  }
  return -1;
}

/** After a runner's own words and options: a program it starts (`npx tsx x.ts`) or a script it runs (`uv run x.py`). */
function afterRunner(argv: readonly string[], at: number): number {
  for (let i = at; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUE_OPTIONS.runner.has(a)) { i++; continue; }
    if (a.startsWith('-')) continue;
    const inner = scriptFileIndex(argv, i);
    return inner >= 0 ? inner : /\.[cm]?[jt]sx?$|\.py$/.test(a) ? i : -1;
  }
  return -1;
}

// Where the code a shell or interpreter runs comes from: a file (`bash -eo pipefail x.sh`, `python3 -W ignore x.py`,
// `node -r dotenv/config x.js`, and through the runners a project uses: `npx tsx x.ts`, `uv run x.py`, `poetry run
// python x.py`, `deno run -A x.ts`, `bun x.js`), its stdin (`curl … | sh -s -- --prefix x`, `bash -s stable`,
// `python3 - --user`, `sh /dev/fd/0`: the words after `-s` or `-` are the script's own arguments), or its own words
// (inline code `-c`/`-e`, a module `python -m`). The first word that is not an option, once the options that take a
// value have taken theirs, is the script.
import { baseName, SHELLS, shellScriptIndex } from './words.js';
import { inlineCodeIndexes, languageOf, type Language } from './interpreter-code.js';

// What runs a file named after it: shells, interpreters, TypeScript runners, `source` and `.`.
const RUNS_FILE: ReadonlySet<string> = new Set([
  ...[...SHELLS].filter((s) => s !== 'busybox'), 'rbash', 'yash', 'posh', 'php', 'perl', 'ruby', 'node', 'nodejs', 'bun', 'tsx', 'ts-node', 'ts-node-esm',
  'esno', 'vite-node', 'zx', 'lua', 'pwsh', 'powershell', 'iex', 'source', '.',
]);

/** The names a script file can have that are the pipe itself. */
const STDIN_PATHS: ReadonlySet<string> = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** A file (its argv index), stdin, or the command's own words (inline code, a module). */
type ScriptSource = number | 'stdin' | 'code';

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
function takesValue(prog: string, a: string): boolean {
  if (SHELLS.has(prog)) return VALUE_OPTIONS.shell.has(a) || /^[-+][A-Za-z]*[oO]$/.test(a);
  return VALUE_OPTIONS[languageOf(prog) ?? 'node'].has(a);
}

/** argv index of the file the command runs as a script, or -1. */
export function scriptFileIndex(argv: readonly string[], from = 0): number {
  const source = scriptSource(argv, from);
  return typeof source === 'number' ? source : -1;
}

/** argv of `sh`, `python3`, `node` … given a pipe on stdin: does it run the piped text as code? */
export function runsStdin(argv: readonly string[]): boolean {
  return scriptSource(argv, 0) === 'stdin';
}

/** Where the program at argv[from] takes its code from; undefined for a program that runs no script. */
function scriptSource(argv: readonly string[], from: number): ScriptSource | undefined {
  const prog = baseName(argv[from] ?? '');
  const runner = RUNNERS[prog];
  if (runner !== undefined && (runner.sub === undefined || runner.sub.has(argv[from + 1] ?? ''))) return afterRunner(argv, from + runner.words);
  // `bun x.ts` and `deno x.ts` without `run`.
  if (prog === 'bun' || prog === 'deno') return afterRunner(argv, from + 1);
  const lang = languageOf(prog);
  if (lang === undefined && !RUNS_FILE.has(prog)) return undefined;
  const shell = SHELLS.has(prog);
  const own = argv.slice(from);
  if ((lang !== undefined && inlineCodeIndexes(own, lang).length > 0) || (shell && shellScriptIndex(own) > 0)) return 'code';
  for (let i = from + 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--' || (shell && a === '-')) return i + 1 >= argv.length || STDIN_PATHS.has(argv[i + 1]!) ? 'stdin' : i + 1;
    if (STDIN_PATHS.has(a)) return 'stdin';
    if (shell && /^-[A-Za-z]+$/.test(a) && a.includes('c')) return 'code';
    if (shell && /^-[A-Za-z]+$/.test(a) && a.includes('s')) return 'stdin';
    // `python3 -m json.tool`, `python -m pip`: a module runs, and a pipe is its input.
    if (lang === 'python' && /^-[A-Za-z]*m/.test(a)) return 'code';
    if (takesValue(prog, a)) { i++; continue; }
    if (a.startsWith('-') || (shell && a.startsWith('+'))) continue;
    return STDIN_PATHS.has(a) ? 'stdin' : i;
  }
  return 'stdin';
}

/** After a runner's own words and options: a program it starts (`npx tsx x.ts`) or a script it runs (`uv run x.py`). */
function afterRunner(argv: readonly string[], at: number): ScriptSource | undefined {
  for (let i = at; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUE_OPTIONS.runner.has(a)) { i++; continue; }
    if (a.startsWith('-')) continue;
    return scriptSource(argv, i) ?? (/\.[cm]?[jt]sx?$|\.py$/.test(a) ? i : undefined);
  }
  return undefined;
}

// Whether a shell or interpreter at the end of a pipe runs what the pipe gives it. Installers that take
// arguments are run as `curl … | sh -s -- --prefix /usr/local`, `bash -s stable`, `python3 - --user`: the
// words after `-s` or `-` are the script's own arguments, not a script file, so "any word that is not an
// option" is not the test. A script file, inline code (`-c`, `-e`, `-r`) or a module (`python -m`) is.
import { baseName, SHELLS } from './words.js';
import { inlineCodeIndexes, languageOf, type Language } from './interpreter-code.js';
import { takesValue } from './script-files.js';

/** The names a script file can have that are the pipe itself. */
const STDIN_PATHS: ReadonlySet<string> = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** argv of `sh`, `python3`, `node` … given a pipe on stdin: does it run the piped text as code? */
export function runsStdin(argv: readonly string[]): boolean {
  const prog = baseName(argv[0] ?? '');
  if (SHELLS.has(prog)) return shellRunsStdin(argv);
  const lang = languageOf(prog);
  if (lang !== undefined) return interpreterRunsStdin(argv, lang);
  // lua, pwsh, source, iex: the first word that is not an option is the script.
  const script = argv.slice(1).find((a) => !a.startsWith('-'));
  return script === undefined || STDIN_PATHS.has(script);
}

function shellRunsStdin(argv: readonly string[]): boolean {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-' || a === '--') return i + 1 >= argv.length || STDIN_PATHS.has(argv[i + 1]!);
    if (/^-[A-Za-z]+$/.test(a) && a.includes('c')) return false;
    if (/^-[A-Za-z]+$/.test(a) && a.includes('s')) return true;
    // `bash -eo pipefail`, `--rcfile f`: the option's value is no script.
    if (takesValue('sh', a)) { i++; continue; }
    if (a.startsWith('-') || a.startsWith('+')) continue;
    return STDIN_PATHS.has(a);
  }
  return true;
}

function interpreterRunsStdin(argv: readonly string[], lang: Language): boolean {
  if (inlineCodeIndexes(argv, lang).length > 0) return false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (STDIN_PATHS.has(a)) return true;
    if (a === '--') return i + 1 >= argv.length || STDIN_PATHS.has(argv[i + 1]!);
    // `python3 -m json.tool`, `python -m pip`: a module runs, and the pipe is its input.
    if (lang === 'python' && /^-[A-Za-z]*m/.test(a)) return false;
    if (takesValue(argv[0] ?? '', a)) { i++; continue; }
    if (a.startsWith('-')) continue;
    return false;
  }
  return true;
}

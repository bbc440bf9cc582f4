// Downloaded text run as code without being saved: `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(wget -O- …)"`
// (the pipe's `curl … | sh` is facts.ts addPipelineFacts with script-files.ts runsStdin).
import { baseName, type SimpleCommand } from './parse-command.js';
import { DOWNLOADERS, STDIN_INTERPRETERS } from '../catalog.js';
import { inlineCodeIndexes, languageOf, scriptArgIndex } from './interpreter-code.js';

/** A downloader that writes what it fetches to stdout (no `-o file`): what it is piped or substituted into gets it. */
export function streamsDownload(argv: readonly string[]): boolean {
  if (!DOWNLOADERS.has(baseName(argv[0] ?? ''))) return false;
  // `-o -` (curl) and `-O -` (wget) write to stdout, which is what gets piped on.
  return !argv.some((a, i) => (a === '-o' || a === '-O' || a === '--output' || a.startsWith('--output=')) && ((a !== '-o' && a !== '-O') || argv[i + 1] !== '-'));
}

/**
 * `bash <(curl …)`, `source <(curl …)`, `bash < <(curl …)`, `python3 -c "$(curl …)"`, and `$(curl …)` as
 * the program itself (what `sh -c "$(curl …)"` and `eval "$(curl …)"` come down to): downloaded text run as code.
 */
export function runsSubstitutedDownload(cmd: SimpleCommand): string | undefined {
  if (cmd.substitutions === undefined) return undefined;
  const prog = baseName(cmd.argv[0] ?? '');
  const lang = languageOf(prog);
  const codeArgs = new Set([0, -1, scriptArgIndex(cmd.argv), ...(lang ? inlineCodeIndexes(cmd.argv, lang) : [])]);
  const runsCode = STDIN_INTERPRETERS.has(prog) || prog === '.' || prog === 'eval';
  for (const sub of cmd.substitutions) {
    if (sub.arg !== 0 && !(runsCode && codeArgs.has(sub.arg))) continue;
    const dl = sub.commands.find((c) => streamsDownload(c.argv));
    if (dl) return dl.argv.join(' ');
  }
  return undefined;
}

/** `bash <(curl …)`, `sh -c "$(curl …)"` in a line the parser could not read whole: a pattern still sees them. */
export function processSubstitutionDownload(line: string): string | undefined {
  const m = /\b(?:ba|z|da)?sh\b[^|;&]*?(?:<\(|\$\()\s*((?:curl|wget)\b[^)]*)\)/.exec(line);
  return m?.[1];
}

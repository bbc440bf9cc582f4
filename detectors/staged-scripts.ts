// A script the session wrote, run later: `Write /tmp/sync.py` (or `cat > sync.sh <<EOF` in one call) and then
// `python3 /tmp/sync.py` in another. Each call alone is plain work; what the file does is in the first and the
// doing in the second. The detector set (detector-set.ts) remembers such files per session and, when a command
// runs one, judges the command with the file's text as if it had been typed there. Pure helpers.
import path from 'node:path';
import type { Event } from '../core/event.js';
import type { EventFacts } from './facts.js';
import { executedOf } from './sequence/steps.js';

/** A file the session wrote whole (or edited after), that a command may run. */
export interface StagedScript { path: string; text: string; eventId: string }

/** Scripts remembered per session, the most recent kept. */
export const MAX_STAGED = 8;
/** Of each, this much text: what comes after is not judged (real scripts an agent writes are a few KB). */
export const STAGED_TEXT = 16 * 1024;

// What each kind of script is run with when it is judged; shell scripts are judged as lines of their own.
// TypeScript is judged as the JavaScript it is with its types (string literals and calls are what the rules read).
const RUNNER: Record<string, string> = { py: 'python3', js: 'node', mjs: 'node', cjs: 'node', ts: 'node', mts: 'node', cts: 'node', rb: 'ruby', pl: 'perl', php: 'php' };
const SHELL_EXT = new Set(['sh', 'bash', 'zsh', 'ksh', 'dash']);
const SHEBANG = /^#!\s*(?:\S*\/env\s+(?:-S\s+)?)?\S*?([a-z]+)[0-9.]*(?:\s|$)/;
const SHEBANG_RUNNER: Record<string, string> = {
  python: 'python3', node: 'node', bun: 'node', deno: 'node', tsx: 'node', zx: 'node', ruby: 'ruby', perl: 'perl', php: 'php', sh: '', bash: '', zsh: '', dash: '', ksh: '',
};

/** The program a script is judged under ('' for a shell script), or undefined for a file no one runs as a program. */
function runnerOf(file: string, text: string): string | undefined {
  // The #! line only, and only its head: a crafted 64 KB first line must not cost the hook path.
  const bang = text.startsWith('#!') ? SHEBANG.exec(text.slice(0, 128))?.[1] : undefined;
  if (bang !== undefined) return SHEBANG_RUNNER[bang];
  const ext = path.extname(file).slice(1).toLowerCase();
  return SHELL_EXT.has(ext) ? '' : RUNNER[ext];
}

/**
 * The scripts after this event: a whole file written adds (or replaces) one; an edit of a remembered one applies;
 * text appended to one (`echo … >> x.sh`) follows what it held.
 */
export function noteScripts(scripts: readonly StagedScript[] | undefined, event: Event, facts: EventFacts): readonly StagedScript[] | undefined {
  // One shape for a tool's writes and a shell's (`>` or `>>`), so each is read alike below.
  const written: { path: string; content?: string; oldContent?: string; append?: boolean }[] = event.kind === 'file.write'
    ? facts.writes
    : (facts.textWritten ?? []).map((t) => ({ path: t.path, content: t.text, append: t.append }));
  if (written.length === 0) return scripts;
  let out = scripts;
  for (const w of written) {
    if (w.content === undefined) continue;
    const known = out?.find((s) => s.path === w.path);
    let text: string | undefined;
    if (w.oldContent !== undefined) text = known && known.text.includes(w.oldContent) ? known.text.replace(w.oldContent, w.content) : undefined;
    else if (w.append === true && known) text = known.text + w.content;
    else if (runnerOf(w.path, w.content) !== undefined) text = w.content;
    if (text === undefined) { if (known && w.oldContent === undefined) out = out!.filter((s) => s !== known); continue; }
    const next = { path: w.path, text: text.slice(0, STAGED_TEXT), eventId: event.id };
    out = [...(out ?? []).filter((s) => s.path !== w.path), next].slice(-MAX_STAGED);
  }
  return out;
}

/** The remembered scripts this event's command runs (`bash x.sh`, `python3 /tmp/s.py`, `./run`). */
export function stagedRuns(scripts: readonly StagedScript[] | undefined, event: Event, facts: EventFacts, home: string): StagedScript[] {
  if (scripts === undefined || scripts.length === 0 || event.command === undefined) return [];
  const ran = new Set(executedOf(event, facts, home));
  return scripts.filter((s) => ran.has(s.path));
}

/** The delimiter of the heredoc a script's text is fed through; one the text holds is made longer. */
function delimiterFor(text: string): string {
  let d = 'AGENTWATCH_STAGED_SCRIPT';
  while (text.includes(d)) d += '_';
  return d;
}

/** The event as judged: its command followed by each script's text, as its interpreter would read it. */
export function withStagedText(event: Event, runs: readonly StagedScript[]): Event {
  const parts = runs.map((s) => {
    const runner = runnerOf(s.path, s.text) ?? '';
    if (runner === '') return s.text;
    const d = delimiterFor(s.text);
    return `${runner} - <<'${d}'\n${s.text}\n${d}`;
  });
  return { ...event, command: [event.command, ...parts].join('\n') };
}

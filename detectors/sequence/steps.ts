// What one event contributes to a session's sequences: downloads, executions, persistence writes,
// untrusted input, data-carrying egress. Pure helpers over (event, facts), shared by the detectors'
// memory updates (which remember them) and the detectors (which also look at the current event, so a one-line
// `curl -o x … && ./x` is caught as well as the same steps spread over several events).
import path from 'node:path';
import type { Event } from '../../core/event.js';
import type { EventFacts } from '../facts.js';
import { baseName, type SimpleCommand } from '../command/parse-command.js';
import { egressOf, isLocalHost, MAILERS } from '../command/egress.js';
import { CLOUD_CLIS } from '../command/cloud-storage.js';
import { uploadSources } from '../command/uploads.js';
import { PERSISTENCE_FILES, type PathClass } from '../catalog.js';
import { matchPathClassInAnyHome } from '../paths.js';
import { addsShellSetup } from '../shell-setup.js';
import { scriptFileIndex } from '../command/script-files.js';

/**
 * The absolute path of a word the agent typed. `~/x` under the home when the caller has it; without it,
 * through the paths factsOf already resolved with the real home, failing that `~/x`, which still
 * compares equal to the same word typed later (so remembered and current steps agree).
 */
export function resolveWord(word: string, cwd: string | undefined, facts: EventFacts, home?: string): string | undefined {
  if (word === '' || word.startsWith('-') || /^[a-z][a-z0-9+.-]*:\/\//i.test(word)) return undefined;
  const tilde = /^(?:~|\$HOME|\$\{HOME\})(\/.*)$/.exec(word);
  if (tilde) {
    const tail = path.normalize(tilde[1]!);
    if (home !== undefined) return `${home}${tail}`;
    const known = [...facts.reads, ...facts.writes.map((w) => w.path), ...facts.deletes.map((d) => d.path)];
    return known.find((p) => p.endsWith(tail) && p.length > tail.length) ?? `~${tail}`;
  }
  if (word.includes('$')) return undefined;
  if (path.isAbsolute(word)) return path.normalize(word);
  return cwd === undefined ? undefined : path.resolve(cwd, word);
}

/** Longest URL or host kept in session memory (hosts are at most 253 characters anyway). */
export const MAX_TEXT = 256;

const progOf = (cmd: SimpleCommand) => baseName(cmd.argv[0] ?? '');
const firstUrl = (argv: string[]) => argv.find((a) => /^[a-z][a-z0-9+.-]*:\/\//i.test(a));

export interface DownloadStep { path: string; url: string; eventId: string }

/** Files a command downloads to: `curl -o x URL`, `curl -O URL`, `curl URL > x`, `wget URL`, `wget -O x URL`. */
export function downloadsOf(event: Event, facts: EventFacts, home?: string): DownloadStep[] {
  const out: DownloadStep[] = [];
  for (const cmd of facts.commands) {
    const prog = progOf(cmd);
    if (prog !== 'curl' && prog !== 'wget') continue;
    const url = firstUrl(cmd.argv) ?? egressOf(cmd.argv).find((e) => e.url !== undefined)?.url; // `curl -o x host/path`
    if (url === undefined) continue;
    const remoteName = baseName(url.replace(/[?#].*$/, '')) || 'index.html';
    const targets: string[] = cmd.writes.filter((w) => w !== '/dev/null');
    let dir = '.';
    const args = cmd.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const next = args[i + 1];
      if (prog === 'curl' && (/^-[a-zA-Z]*o$/.test(a) || a === '--output') && next !== undefined) targets.push(next);
      else if (prog === 'curl' && a.startsWith('--output=')) targets.push(a.slice(9));
      else if (prog === 'curl' && (/^-[a-zA-Z]*O$/.test(a) || a === '--remote-name')) targets.push(remoteName);
      else if (prog === 'wget' && (/^-[a-zA-Z]*O$/.test(a) || a === '--output-document') && next !== undefined) targets.push(next);
      else if (prog === 'wget' && (a.startsWith('--output-document=') || /^-[a-zA-Z]*O.+/.test(a))) targets.push(a.startsWith('--') ? a.slice(18) : a.replace(/^-[a-zA-Z]*O/, ''));
      else if (prog === 'wget' && (a === '-P' || a === '--directory-prefix') && next !== undefined) dir = next;
    }
    if (prog === 'wget' && targets.length === 0) targets.push(path.join(dir, remoteName));
    for (const t of targets) {
      if (t === '-') continue; // stdout: that is intake, not a file
      const p = resolveWord(t, event.cwd, facts, home);
      if (p !== undefined) out.push({ path: p, url: url.slice(0, MAX_TEXT), eventId: event.id });
    }
  }
  return out;
}

const INTERPRETERS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'python', 'python2', 'python3', 'perl', 'ruby', 'node', 'php', 'source', '.']);

/** Files a command runs: `./x`, `/tmp/x`, `bash x`, `sh x`, `python x`, `source x`, `. x`, `bash < x`, `cat x | sh`. */
export function executedOf(event: Event, facts: EventFacts, home?: string): string[] {
  const out: string[] = [];
  for (const cmd of facts.commands) {
    const head = cmd.argv[0] ?? '';
    const prog = baseName(head);
    let target: string | undefined;
    if (head.includes('/') && !INTERPRETERS.has(prog)) target = head;
    else target = cmd.argv[scriptFileIndex(cmd.argv)];
    const p = target === undefined ? undefined : resolveWord(target, event.cwd, facts, home);
    if (p !== undefined) out.push(p);
  }
  if (facts.stdinScripts !== undefined) out.push(...facts.stdinScripts);
  return out;
}

/** Files a command makes executable: `chmod +x x`, `chmod 755 x`, `chmod u+rx x`. */
export function chmodExecOf(event: Event, facts: EventFacts, home?: string): string[] {
  const out: string[] = [];
  for (const cmd of facts.commands) {
    if (progOf(cmd) !== 'chmod') continue;
    const args = cmd.argv.slice(1).filter((a) => !a.startsWith('-') || /^-[rwx]+$/.test(a));
    const mode = args[0] ?? '';
    if (!/x/.test(mode) && !/^[0-7]*[1357][0-7]{0,2}$/.test(mode)) continue;
    for (const a of args.slice(1)) {
      const p = resolveWord(a, event.cwd, facts, home);
      if (p !== undefined) out.push(p);
    }
  }
  return out;
}

/** `setupOnly`: a shell startup file given only a tool's setup lines (shell-setup.ts): nothing planted to run. */
export interface PersistenceStep { path: string; cls: PathClass; eventId: string; setupOnly?: true }

/** Writes to a persistence location (catalog PERSISTENCE_FILES). */
export function persistenceWritesOf(event: Event, facts: EventFacts, home?: string): PersistenceStep[] {
  const out: PersistenceStep[] = [];
  for (const w of facts.writes) {
    // Without the real home (see resolveWord), a path under any usual home layout is matched as one.
    const cls = matchPathClassInAnyHome(w.path, PERSISTENCE_FILES, home);
    if (cls) out.push(cls.id === 'shell-rc' && addsShellSetup(w, facts.textWritten) ? { path: w.path, cls, eventId: event.id, setupOnly: true } : { path: w.path, cls, eventId: event.id });
  }
  return out;
}

export interface Intake { eventId: string; what: string }

const DOWNLOADERS = new Set(['curl', 'wget', 'http', 'https', 'xh']);

/** Untrusted content entering the agent's context: web fetches and searches, MCP tool results, curl to stdout. */
export function intakeOf(event: Event, facts: EventFacts): Intake | undefined {
  const tool = event.tool;
  const input = (tool?.input ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 80) : '');
  if (tool && (event.kind === 'tool.call' || event.kind === 'tool.result')) {
    if (tool.name === 'WebFetch') return { eventId: event.id, what: `a WebFetch of ${text(input.url) || 'a web page'}` };
    if (tool.name === 'WebSearch') return { eventId: event.id, what: `a WebSearch for "${text(input.query)}"` };
    if (event.kind === 'tool.result' && tool.name.startsWith('mcp__')) return { eventId: event.id, what: `the result of MCP tool ${tool.name}` };
  }
  for (const cmd of facts.commands) {
    const prog = progOf(cmd);
    if (!DOWNLOADERS.has(prog) || cmd.writes.some((w) => w !== '/dev/null')) continue;
    if (downloadsOf(event, { ...facts, commands: [cmd] }).length > 0) continue;
    const remote = egressOf(cmd.argv).find((e) => !isLocalHost(e.host));
    if (remote) return { eventId: event.id, what: `${prog} output from ${remote.host}` };
  }
  return undefined;
}

export interface DataCall {
  host: string;
  tool: string;
  /** Its data is text typed on the line (`-d '{"text":"deploy done"}'`): no file, stdin, variable or substitution. */
  literal?: true;
}

const CURL_DATA = /^(?:-d|-F|-T|--data|--data-binary|--data-raw|--data-urlencode|--data-ascii|--json|--form|--form-string|--upload-file|--expand-data)(?:=|$)/;
const WGET_DATA = /^--(?:post|body)-(?:data|file)(?:=|$)/;
const SOCKET_TOOLS = new Set(['nc', 'ncat', 'netcat', 'telnet', 'socat']);

/** Remote egress that carries data out: curl -d/-F/-T, wget --post-data, nc fed by `<` or a pipe, /dev/tcp, uploads (cloud storage, scp, rsync). */
export function dataCallsOf(event: Event, facts: EventFacts): DataCall[] {
  const out: DataCall[] = [];
  const piped = (prog: string) => new RegExp(`\\|\\s*(?:\\S*/)?${prog}\\b`).test(event.command ?? '');
  for (const cmd of facts.commands) {
    const prog = progOf(cmd);
    const carries = prog === 'curl' ? cmd.argv.some((a) => CURL_DATA.test(a))
      : prog === 'wget' ? cmd.argv.some((a) => WGET_DATA.test(a))
        : SOCKET_TOOLS.has(prog) ? cmd.reads.length > 0 || piped(prog)
          // A mail of a file (`< f`, `-a f`), not a piped one-line notice (`echo done | mail …`).
          : MAILERS.has(prog) ? cmd.reads.length > 0 || uploadSources(cmd.argv, cmd.env, cmd.heredoc).length > 0
            // A cloud CLI's egress is its uploads only (egressOf below parses it once): nothing to check here.
            : CLOUD_CLIS.has(prog) || uploadSources(cmd.argv, cmd.env, cmd.heredoc).length > 0;
    if (!carries) continue;
    const literal = literalData(prog, cmd.argv);
    for (const e of egressOf(cmd.argv, cmd.env, cmd.heredoc)) if (!isLocalHost(e.host)) out.push({ host: e.host.toLowerCase().slice(0, MAX_TEXT), tool: prog, ...(literal ? { literal } : {}) });
  }
  // `/dev/tcp` redirects, and `git push` (the repository goes): their egress is the line's, not one command's.
  for (const e of facts.egress) if ((e.tool.startsWith('/dev/') || e.tool === 'git push') && !isLocalHost(e.host)) out.push({ host: e.host.toLowerCase().slice(0, MAX_TEXT), tool: e.tool });
  return out;
}

/** Options whose value is the data itself, a file only when it starts with `@` (curl) — never a file (`--data-raw`, `--form-string`). */
const CURL_TEXT = /^(?:-d|--data|--data-binary|--data-urlencode|--data-ascii|--json|-F|--form|--expand-data)$/;
const CURL_RAW_TEXT = /^(?:--data-raw|--form-string)$/;

/**
 * Whether every piece of data a curl or wget sends is typed on the line: no `@file`, `<file` or stdin, no upload,
 * no `$VAR`, `$(…)` or backquotes, no secret (masked by redaction). Such a body carries a secret only if the agent
 * typed one into it that redaction does not know, which the session's secret tokens look for.
 */
function literalData(prog: string, argv: readonly string[]): true | undefined {
  if (prog !== 'curl' && prog !== 'wget') return undefined;
  let any = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    // A short data option glued to its value (`-d@.env`, `-Ffile=@k`) is read as it is by curl: not judged here, not literal.
    if (prog === 'curl' && /^-[dFT]./.test(a)) return undefined;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const [opt, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const text = prog === 'curl' ? CURL_TEXT.test(opt) || CURL_RAW_TEXT.test(opt) : opt === '--post-data' || opt === '--body-data';
    const file = prog === 'curl' ? opt === '-T' || opt === '--upload-file' : opt === '--post-file' || opt === '--body-file';
    if (file) return undefined;
    if (!text) continue;
    const value = inline ?? argv[++i] ?? '';
    // A secret typed into it was redacted before detection: the mask says one was there.
    if (/[$`]|\[REDACTED/.test(value) || (!CURL_RAW_TEXT.test(opt) && prog === 'curl' && /^@|=[@<]/.test(value))) return undefined;
    // `--data-urlencode name@file` reads the file; `--expand-data '{{var}}'` a variable `--variable x@file` filled.
    if ((opt === '--data-urlencode' && /^[^=]*@/.test(value)) || (opt === '--expand-data' && value.includes('{{'))) return undefined;
    any = true;
  }
  return any ? true : undefined;
}

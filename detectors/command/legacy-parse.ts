// The previous command parser, kept as the fallback for lines the shell parser cannot read: built on
// shell-quote's tokenizer, with newlines, heredocs, `$(…)`, backticks and fd numbers handled by a
// quote-aware pre-pass. Nested `sh -c '…'`, `$( … )`, `<( … )` and wrappers are unwrapped here too.
import { parse, type ParseEntry } from 'shell-quote';
import { baseName, MAX_DEPTH, mergeInto, shellScriptIndex, unwrapArgv, type ParsedCommand, type SimpleCommand } from './words.js';

const SEPARATORS = new Set([';', '&&', '||', '&', '(', ')', '<(', '>(', '$(', ';;', '\n']);

const MARK = '__AW_SUBST__';
const SUBST = ` ${MARK} ( `;

/**
 * What shell-quote does not do, done quote-aware before it runs: an unquoted newline separates
 * commands, a heredoc body is data, `$(…)` and backticks (outside single quotes) become a marked
 * substitution, and the fd number of `2>file` / `2>&1` is dropped so it does not end up in argv.
 */
function prepare(line: string): string {
  let out = '';
  let quote: '"' | "'" | undefined;
  let backtick = false;
  const heredocs: string[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") { out += c; if (c === "'") quote = undefined; continue; }
    if (c === '\\' && line[i + 1] === '\n') { i++; continue; }
    if (c === '\\' && i + 1 < line.length) { out += c + line[i + 1]; i++; continue; }
    if (c === '$' && line[i + 1] === '(') { out += SUBST; i++; continue; }
    if (c === '`') { out += backtick ? ' ) ' : SUBST; backtick = !backtick; continue; }
    if (quote === '"') { out += c; if (c === '"') quote = undefined; continue; }
    if (c === "'" || c === '"') { quote = c; out += c; continue; }
    if (c === '<' && line.startsWith('<<<', i)) { out += '<<<'; i += 2; continue; }
    const heredoc = c === '<' ? /^<<-?\s*\\?(['"]?)([A-Za-z_][A-Za-z0-9_.-]*)\1/.exec(line.slice(i)) : null;
    if (heredoc) { heredocs.push(heredoc[2]!); out += heredoc[0]; i += heredoc[0].length - 1; continue; }
    const fd = /[0-9]/.test(c) && /(^|[\s;&|()])$/.test(out) ? /^[0-9]+(?=[<>])/.exec(line.slice(i)) : null;
    if (fd) { i += fd[0].length - 1; continue; }
    if (c === '\n') {
      out += ' ; ';
      // Skip each pending heredoc's body, up to and including its delimiter line.
      let j = i + 1;
      for (const delim of heredocs.splice(0)) {
        while (j <= line.length) {
          const nl = line.indexOf('\n', j);
          const end = nl < 0 ? line.length : nl;
          const text = line.slice(j, end);
          j = end + 1;
          if (text.replace(/^\t+/, '') === delim) break;
        }
      }
      i = j - 1;
      continue;
    }
    out += c;
  }
  return out;
}

function tokenize(line: string): ParseEntry[] {
  // Keep $VARS literal (paths like $HOME/.aws are resolved later); `$(` becomes its own operator.
  const marked = prepare(line);
  try {
    return parse(marked, (key) => `$${key}`).map((t) => (t === MARK ? { op: '$(' } as unknown as ParseEntry : t));
  } catch {
    return line.split(/\s+/).filter(Boolean);
  }
}

/** The scripts of `$(…)` substitutions inside one (double-quoted) word. */
function substitutions(word: string): string[] {
  const out: string[] = [];
  for (let at = word.indexOf(SUBST); at >= 0; at = word.indexOf(SUBST, at)) {
    let depth = 1;
    let j = at + SUBST.length;
    for (; j < word.length && depth > 0; j++) {
      if (word[j] === '(') depth++;
      else if (word[j] === ')') depth--;
    }
    out.push(word.slice(at + SUBST.length, depth === 0 ? j - 1 : j));
    at = j;
  }
  return out;
}

const restore = (word: string) => word.split(SUBST).join('$(');

export function parseLegacy(line: string, depth = 0): ParsedCommand {
  const out: ParsedCommand = { commands: [], pipelines: [] };
  let pipeline: SimpleCommand[] = [];
  let current: SimpleCommand = { argv: [], writes: [], reads: [] };
  let pendingRedirect: 'in' | 'out' | 'heredoc' | undefined;

  const endCommand = () => {
    if (current.argv.length > 0 || current.writes.length > 0 || current.reads.length > 0) {
      current.argv = unwrapArgv(current.argv);
      const nested = nestedScript(current.argv);
      // `$(…)` inside a quoted word (`curl -d "$(cat key)" …`) runs too.
      const inner = [...current.argv, ...current.reads, ...current.writes].filter((w) => w !== nested).flatMap(substitutions);
      current.argv = current.argv.map(restore);
      current.reads = current.reads.map(restore);
      current.writes = current.writes.map(restore);
      pipeline.push(current);
      out.commands.push(current);
      if (depth < MAX_DEPTH) for (const script of nested === undefined ? inner : [nested, ...inner]) mergeInto(out, parseLegacy(script, depth + 1));
    }
    current = { argv: [], writes: [], reads: [] };
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.length > 0) out.pipelines.push(pipeline);
    pipeline = [];
  };

  for (const tok of tokenize(line)) {
    if (typeof tok === 'string') {
      if (pendingRedirect === 'out') current.writes.push(tok);
      else if (pendingRedirect === 'in') current.reads.push(tok);
      else if (pendingRedirect !== 'heredoc') current.argv.push(tok);
      pendingRedirect = undefined;
      continue;
    }
    if ('comment' in tok) continue;
    if ('pattern' in tok) { current.argv.push(tok.pattern); continue; }
    const op = tok.op;
    if (op === '|' || op === '|&') { endCommand(); continue; }
    if (SEPARATORS.has(op)) { endPipeline(); continue; }
    if (op === '>' || op === '>>' || op === '&>' || op === '>|' || op === '&>>') pendingRedirect = 'out';
    else if (op === '<') pendingRedirect = 'in';
    else if (op === '<<' || op === '<<<') pendingRedirect = 'heredoc';
    else if (op === '>&' || op === '<&') pendingRedirect = 'heredoc'; // fd duplication: target is an fd, not a file
  }
  endPipeline();
  return out;
}

/** The script of `sh -c '…'`, `bash -lc '…'`, `eval '…'`, if this command runs one. */
function nestedScript(argv: string[]): string | undefined {
  if (baseName(argv[0] ?? '') === 'eval') return argv.slice(1).join(' ');
  const i = shellScriptIndex(argv);
  return i < 0 ? undefined : argv[i];
}

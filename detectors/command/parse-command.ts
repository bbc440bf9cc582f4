// Turns a shell command line into simple commands (argv + the files they read and write), grouped in
// pipelines. Built on unbash, a synchronous, dependency-free bash parser, so quoting, heredocs, `$(…)`,
// backticks, `<(…)`, subshells, `if`/`for`/`while` and functions come out as bash itself sees them.
// Variables set to a literal earlier in the line (`f=/etc/shadow; cat "$f"`, `local url=$1` in a
// function called with arguments) are substituted, so a script names the same files as its one-liner.
// Whatever really runs is followed: `sh -c '…'`, `eval`, wrappers (env, sudo, xargs …), a heredoc
// fed to `bash`, `echo … | sh`, the shell commands inside `python -c` / `node -e` one-liners, and PowerShell's.
import { forEachChild, parse, type AndOr, type CompoundList, type Command, type CommandNode, type PipelineNode, type Redirection, type Script, type Statement, type SyntaxNode, type Word } from 'unbash';
import { analyseCode, awkShellCommands, inlineCodeIndexes, languageOf, scriptArgIndex } from './interpreter-code.js';
import { escapesDecoded, filtered, sourceText } from './printed-text.js';
import { passPrinted, printedBy, PRINTS, substituteOutputs } from './printed-outputs.js';
import { splitObfuscatedWords, unglobbedProgram } from './obfuscated-words.js';
import { launchedLines } from './launchers.js';
import { powershellAsShell } from './powershell.js';
import { baseName, changeDirectory, containerCommand, findExecs, foundFiles, nestingDepth, LIMITS, readsFileList, xargsReplaceString, MAX_DEPTH, SHELLS, shellScriptIndex, singleQuoted as quote, unwrapArgv, type ParsedCommand, type SimpleCommand, type Substitution } from './words.js';

export { baseName, LIMITS, unwrapArgv, type ParsedCommand, type SimpleCommand, type Substitution };
// unbash resolves each `$(…)` level by rescanning its text, which is quadratic in the nesting depth
// (20 000 nested `$(` take over a second); no real command nests more than a handful of levels.
const MAX_NESTING = 64;

export function parseCommand(line: string): ParsedCommand {
  const out: ParsedCommand = { commands: [], pipelines: [] };
  // Deeper than any real command: what such a line runs is not worth a second of the hook's time.
  if (nestingDepth(line) > MAX_NESTING) return { ...out, fallback: true };
  try {
    const scope = newScope();
    if (!parseInto(out, headOf(line, out), 0, scope)) out.fallback = true;
    if (scope.files.size > 0) out.files = scope.files;
    if (scope.appended.size > 0) out.appended = scope.appended;
  } catch {
    return { commands: [], pipelines: [], fallback: true };
  }
  return out;
}

/** A line longer than the parser's limit: its head, cut after the last line break within it. */
function headOf(line: string, out: ParsedCommand): string {
  if (line.length <= LIMITS.text) return line;
  out.overLimit = 'text';
  const cut = line.lastIndexOf('\n', LIMITS.text);
  return line.slice(0, cut > 0 ? cut : LIMITS.text);
}

/** Parses `script` and adds its commands to `out`; false when the parser reported errors. */
function parseInto(out: ParsedCommand, script: string, depth: number, scope: Scope): boolean {
  if (scope.parsed + script.length > LIMITS.text) { out.overLimit ??= 'text'; return true; }
  scope.parsed += script.length;
  const ast = parse(script);
  new Walker(out, depth, scope).list(ast.commands);
  return (ast.errors?.length ?? 0) === 0;
}

const DUP_TARGET = /^(\d+-?|-)$/;
const DECLARE = new Set(['local', 'declare', 'typeset', 'readonly', 'export']);
const VAR_REF = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*|[0-9])\}|([A-Za-z_][A-Za-z0-9_]*|[0-9]))/g;
const NAME_EQ = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** What the walkers of one line share: variables with a literal value, functions by name, calls under way, text parsed, the directory stack. */
interface Scope { vars: Map<string, string>; exported: Set<string>; functions: Map<string, CommandNode | CompoundList>; calling: Set<string>; parsed: number; dirs: (string | undefined)[]; expanded: number; files: Map<string, string>; appended: Set<string> }
const newScope = (): Scope => ({ vars: new Map(), exported: new Set(), functions: new Map(), calling: new Set(), parsed: 0, dirs: [undefined], expanded: 0, files: new Map(), appended: new Set() });
/** The targets a command redirects to with `>>` (or `&>>`). */
const APPENDS = new WeakMap<SimpleCommand, Set<string>>();
/** A file the line wrote, by one name: `./x.sh` and `x.sh` are one. */
const fileKey = (word: string) => word.replace(/^(?:\.\/)+/, '');

class Walker {
  constructor(private readonly out: ParsedCommand, private readonly depth: number, private readonly scope: Scope) {}

  /** `$name` / `${name}` replaced by the literal value the line gave it; other references stay as typed. */
  expand(word: string): string {
    if (!word.includes('$') || this.scope.vars.size === 0) return word;
    // What expansions add to a line counts against the parser's text limit: `v="<30 KB>"; cat $v $v …` made 90 MB.
    const take = (m: string, v: string | undefined) => (v === undefined || (this.scope.expanded += v.length) > LIMITS.text ? m : v);
    return word.replace(VAR_REF, (m, braced: string | undefined, bare: string | undefined) => take(m, this.scope.vars.get((braced ?? bare)!)));
  }

  /**
   * `x=$(echo lruc | rev)`: the value is what the substitution prints, when the line says what that is
   * (printed text, decoded or not), so `$x -T ~/.netrc …` is judged as the curl it is. Trailing newlines go, as in bash.
   */
  assignOutput(name: string, raw: string, subs: readonly Substitution[]): void {
    if (subs.length !== 1 || !/^(\$\([\s\S]*\)|`[\s\S]*`)$/.test(raw)) return;
    const printed = printedBy(subs[0]!);
    if (printed !== undefined) this.scope.vars.set(name, printed);
  }

  /** `x=1`, `local x=$1`: remembered when the value is literal once expanded, forgotten otherwise. */
  assign(name: string, raw: string): void {
    const v = this.expand(raw);
    // `h=$HOME`: paths resolve $HOME themselves (`cat $h/.aws/credentials`); any other unknown is forgotten.
    if (/[$`]/.test(v.replace(/\$(?:HOME\b|\{HOME\})/g, ''))) this.scope.vars.delete(name); else this.scope.vars.set(name, v);
  }

  /** Whether the line reached its limit of simple commands (and says so): nothing more is walked. */
  full(): boolean {
    if (this.out.commands.length < LIMITS.commands) return false;
    this.out.overLimit ??= 'commands';
    return true;
  }

  list(statements: readonly Statement[]): SimpleCommand[] {
    const cmds: SimpleCommand[] = [];
    for (const s of statements) {
      if (this.full()) break;
      cmds.push(...this.node(s.command));
    }
    return cmds;
  }

  /** Walks one node; returns the simple commands in it, for the pipeline it may be a stage of. */
  node(node: PipelineNode | AndOr): SimpleCommand[] {
    switch (node.type) {
      case 'AndOr': return node.commands.flatMap((c) => this.node(c));
      case 'Pipeline': {
        const stages = node.commands.map((c) => this.stage(c));
        passPrinted(stages);
        this.feedStdin(stages);
        const flat = stages.flat();
        this.globUnfed(flat);
        if (flat.length > 0) this.out.pipelines.push(flat);
        return flat;
      }
      default: {
        const cmds = this.stage(node);
        this.globUnfed(cmds);
        if (node.type === 'Command' && cmds.length > 0) this.out.pipelines.push(cmds);
        return cmds;
      }
    }
  }

  stage(node: CommandNode): SimpleCommand[] {
    switch (node.type) {
      case 'Command': { const c = this.command(node); return c ? [c] : []; }
      // A subshell's `cd` ends with it: `(cd build && make); cat notes` reads ./notes.
      case 'Subshell': { const dirs = [...this.scope.dirs]; try { return this.list(node.body.commands); } finally { this.scope.dirs = dirs; } }
      case 'BraceGroup': return this.list(node.body.commands);
      case 'If': return [node.clause, node.then, ...node.elif.flatMap((e) => [e.clause, e.then]), ...(node.else ? [node.else] : [])].flatMap((l) => this.list(l.commands));
      case 'While': return [...this.list(node.clause.commands), ...this.list(node.body.commands)];
      case 'For': case 'Select': for (const w of node.wordlist ?? []) this.scriptsIn(w, -2); return this.list(node.body.commands);
      case 'ArithmeticFor': return this.list(node.body.commands);
      case 'Case': this.scriptsIn(node.word, -2); return node.items.flatMap((i) => this.list(i.body.commands));
      // A function's body is what runs when it is called, and it is usually called right after.
      case 'Function':
        this.scope.functions.set(value(node.name), node.body);
        return this.functionBody(node.body);
      case 'Coproc': return node.body.type === 'CompoundList' ? this.list(node.body.commands) : this.stage(node.body);
      case 'Redirected': {
        const inner = this.stage(node.command);
        const files: SimpleCommand = { argv: [], writes: [], reads: [] };
        for (const r of node.redirects) this.redirect(files, r);
        for (const c of inner) { c.writes.push(...files.writes); c.reads.push(...files.reads); }
        if (inner.length === 0 && (files.writes.length > 0 || files.reads.length > 0) && !this.full()) { this.out.commands.push(files); return [files]; }
        return inner;
      }
      default: this.scriptsIn(node, -2); return []; // [[ … ]] and (( … )): only their substitutions run
    }
  }

  functionBody(body: CommandNode | CompoundList): SimpleCommand[] {
    return body.type === 'CompoundList' ? this.list(body.commands) : this.stage(body);
  }

  /** A call of a function defined earlier in the line, with arguments: its body again, `$1`… bound to them. */
  call(argv: string[]): void {
    const name = argv[0]!;
    const body = this.scope.functions.get(name);
    if (body === undefined || argv.length < 2 || this.scope.calling.has(name) || this.scope.calling.size >= 4) return;
    const saved = new Map(this.scope.vars);
    argv.slice(1, 10).forEach((a, i) => { if (/[$`]/.test(a)) this.scope.vars.delete(String(i + 1)); else this.scope.vars.set(String(i + 1), a); });
    this.scope.calling.add(name);
    try { this.functionBody(body); } finally { this.scope.calling.delete(name); this.scope.vars.clear(); for (const [k, v] of saved) this.scope.vars.set(k, v); }
  }

  command(node: Command): SimpleCommand | undefined {
    if (this.full()) return undefined;
    const raw: string[] = [];
    const rawWords: (Word | undefined)[] = [];
    const cmd: SimpleCommand = { argv: [], writes: [], reads: [] };
    const subs: Substitution[] = [];
    if (node.name) { raw.push(this.expand(value(node.name))); rawWords.push(node.name); }
    for (const s of node.suffix) {
      if (s.type === 'Word') { raw.push(this.expand(value(s))); rawWords.push(s); } else if (s.type === 'Assignment') { raw.push(s.text); rawWords.push(undefined); }
    }
    splitObfuscatedWords(raw, rawWords, this.scope.vars.get('IFS'));
    if (!node.name) for (const p of node.prefix) if (p.type === 'Assignment' && p.value.type === 'Word') this.assign(p.name, value(p.value));
    if (node.name && DECLARE.has(raw[0]!)) {
      for (const s of node.suffix) {
        if (s.type === 'Assignment' && s.value.type === 'Word') this.assign(s.name, value(s.value));
        else if (s.type === 'Word') { const m = NAME_EQ.exec(value(s)); if (m) this.assign(m[1]!, m[2]!); }
        if (raw[0] === 'export') { const name = s.type === 'Assignment' ? s.name : s.type === 'Word' ? NAME_EQ.exec(value(s))?.[1] : undefined; if (name) this.scope.exported.add(name); }
      }
    }
    cmd.argv = unwrapArgv(raw);
    if (cmd.argv[0] !== undefined && /[?*[]/.test(cmd.argv[0])) cmd.argv[0] = unglobbedProgram(cmd.argv[0]);
    const offset = raw.length - cmd.argv.length;
    const xargs = raw.slice(0, offset).findIndex((w) => baseName(w) === 'xargs');
    // `xargs -a file` takes its words from the file, not stdin.
    if (xargs >= 0 && !raw.slice(xargs + 1, offset).some((o) => /^(-a|--arg-file)/.test(o))) XARGS.set(cmd, xargsReplaceString(raw.slice(xargs + 1, offset)));
    const dir = this.scope.dirs[this.scope.dirs.length - 1];
    if (dir !== undefined) cmd.dir = dir;
    changeDirectory(cmd.argv, this.scope.dirs);
    const env = this.environment(node, raw.slice(0, offset));
    if (env.length > 0) cmd.env = env;
    for (const r of node.redirects) this.redirect(cmd, r);
    // `xargs cat <<< ~/.aws/credentials`: the here-string (or heredoc) is xargs' input.
    if (XARGS.has(cmd) && cmd.heredoc !== undefined) this.xargs(cmd, cmd.heredoc);
    if (cmd.argv.length === 0 && cmd.writes.length === 0 && cmd.reads.length === 0 && cmd.heredoc === undefined) {
      for (const p of node.prefix) {
        const subs = this.scriptsIn(p, -2);
        if (p.type === 'Assignment') this.assignOutput(p.name, p.value.type === 'Word' ? value(p.value) : '', subs);
      }
      return undefined;
    }
    this.out.commands.push(cmd);
    const typed = sourceText(cmd.argv, cmd.heredoc);
    const printed = typed ?? filtered(cmd.argv, cmd.heredoc);
    // printf's `\x62` and octal escapes hide the text as well as base64 does.
    if (printed !== undefined) PRINTS.set(cmd, { text: printed, decoded: typed === undefined || escapesDecoded(cmd.argv) });
    // echo ends its text with a newline (not with -n): lines echoed one after another into a file stay lines.
    if (typeof printed === 'string') this.wrote(cmd, baseName(cmd.argv[0] ?? '') === 'echo' && !/^-[eE]*n/.test(cmd.argv[1] ?? '') ? `${printed}\n` : printed);
    // Words that are themselves a script (`sh -c "$(…)"`, `eval "$(…)"`) are parsed whole below, not twice.
    const prog = baseName(cmd.argv[0] ?? '');
    const scriptAt = shellScriptIndex(cmd.argv);
    const isScript = (i: number) => (prog === 'eval' && i > 0) || i === scriptAt;
    for (const p of node.prefix) if (p.type === 'Assignment') subs.push(...this.scriptsIn(p, -2));
    // `local x=$(curl …)`: the value's substitution runs too.
    if (DECLARE.has(prog)) for (const s of node.suffix) if (s.type === 'Assignment') subs.push(...this.scriptsIn(s, -2));
    rawWords.forEach((w, i) => { if (w && !isScript(i - offset)) subs.push(...this.scriptsIn(w, i - offset >= 0 ? i - offset : -2)); });
    for (const r of node.redirects) subs.push(...this.scriptsIn(r, r.type === 'Redirect' && r.operator !== '<' ? -2 : -1));
    if (subs.length > 0) { cmd.substitutions = subs; substituteOutputs(cmd.argv, subs); }
    // `$(echo … | base64 -d)` as the command itself (what `sh -c "$(…)"` and `eval "$(…)"` come down to): its output runs.
    const runsOutput = rawWords[offset] !== undefined && /^(\$\(|`)/.test(raw[offset]!) ? subs.find((x) => x.arg === 0)?.commands.at(-1) : undefined;
    if (runsOutput !== undefined) this.run(runsOutput);
    if (prog === 'eval') this.nested(cmd.argv.slice(1).join(' '));
    else if (scriptAt >= 0) this.nested(cmd.argv[scriptAt]!);
    else if (SHELLS.has(prog) && scriptArgIndex(cmd.argv) < 0 && cmd.heredoc !== undefined) this.nested(cmd.heredoc);
    else this.interpreter(cmd, cmd.heredoc);
    const inner = containerCommand(cmd.argv);
    if (inner !== undefined) this.nested(inner.map(quote).join(' '));
    for (const line of launchedLines(cmd.argv, cmd.heredoc)) this.nested(line);
    if (prog === 'find') { const found = foundFiles(cmd.argv); for (const argv of findExecs(cmd.argv)) this.nested(argv.map((a) => quote(a.split('{}').join(found))).join(' ')); }
    if (this.scope.functions.size > 0) this.call(cmd.argv);
    return cmd;
  }

  /** `NAME=value` set for this command by the line: its prefix (`X=1 cmd`), `env X=1 cmd`, and earlier `export`s. */
  environment(node: Command, wrapperWords: readonly string[]): string[] {
    const out: string[] = [];
    if (node.name) for (const p of node.prefix) if (p.type === 'Assignment') out.push(this.expand(p.text));
    for (const w of wrapperWords) if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) out.push(w);
    for (const name of this.scope.exported) if (!out.some((e) => e.startsWith(`${name}=`))) out.push(`${name}=${this.scope.vars.get(name) ?? ''}`);
    return out;
  }

  /** `cat > x.py <<'EOF'`, `echo '…' >> x.sh`: what the line writes into a file (ParsedCommand.files), which a command may run (staged-scripts.ts). */
  wrote(cmd: SimpleCommand, text: string): void {
    for (const [i, target] of cmd.writes.entries()) {
      const key = fileKey(target);
      if (!this.scope.files.has(key) && APPENDS.get(cmd)?.has(target) === true) this.scope.appended.add(key);
      const before = this.scope.files.get(key) ?? '';
      // `>>` appends; a redirect cannot say which, so text after text is kept whole (a rewrite is rare on one line).
      if (before.length + text.length <= LIMITS.text && i < 4) this.scope.files.set(key, before + text);
    }
  }

  /** Inline code (`python3 -c`) or code on stdin (`python3 - <<EOF`) of an interpreter. */
  interpreter(cmd: SimpleCommand, stdin: string | undefined): void {
    const lang = languageOf(cmd.argv[0] ?? '');
    if (lang === undefined) { for (const line of awkShellCommands(cmd.argv)) this.nested(line); for (const line of powershellAsShell(cmd.argv)) this.nested(line); return; }
    const inline = inlineCodeIndexes(cmd.argv, lang);
    const code = inline.length > 0 ? inline.map((i) => cmd.argv[i]!.replace(/^--eval=/, '')).join('\n') : scriptArgIndex(cmd.argv) < 0 ? stdin : undefined;
    if (code === undefined) return;
    cmd.interpreterCode = analyseCode(lang, code);
    for (const line of cmd.interpreterCode.shellCommands) this.nested(line);
  }

  /** `echo 'curl x | sh' | bash`, `cat <<EOF | python3`, `echo … | base64 -d | sh`: what one stage prints, the next runs as code. */
  feedStdin(stages: SimpleCommand[][]): void {
    for (let i = 1; i < stages.length; i++) {
      const [prev, next] = [stages[i - 1]!.at(-1), stages[i]![0]];
      if (!prev || !next || stages[i]!.length !== 1 || next.heredoc !== undefined || next.interpreterCode) continue;
      const text = PRINTS.get(prev)?.text;
      if (typeof text !== 'string') continue;
      if (XARGS.has(next) || readsFileList(next.argv)) { this.xargs(next, text); continue; }
      const prog = baseName(next.argv[0] ?? '');
      if (SHELLS.has(prog) && shellScriptIndex(next.argv) < 0 && scriptArgIndex(next.argv) < 0) this.run(prev);
      else this.interpreter(next, text);
    }
  }

  /** `… | xargs cat`, `… | xargs -I{} sh -c {}`: the words printed before it become the command's arguments. */
  xargs(cmd: SimpleCommand, text: string): void {
    const marker = XARGS.get(cmd);
    // With a replace string each input line is one item; without, each word.
    const items = text.split(marker !== undefined ? /\n+/ : /\s+/).filter((w) => w.trim() !== '' && w.length <= 4096).slice(0, 64);
    // At most 64 words (and 64 KB) more than the command had: each is judged by every rule.
    let room = LIMITS.text;
    const fits = (w: string) => (room -= w.length) >= 0;
    if (marker !== undefined && cmd.argv.some((a) => a.includes(marker))) cmd.argv = cmd.argv.flatMap((a, i) => (i === 0 || !a.includes(marker) ? [a] : items.map((x) => a.split(marker).join(x)).filter(fits))).slice(0, cmd.argv.length + 64);
    else cmd.argv.push(...items.filter(fits));
    const scriptAt = shellScriptIndex(cmd.argv);
    if (scriptAt >= 0) this.nested(cmd.argv[scriptAt]!);
    else if (baseName(cmd.argv[0] ?? '') === 'eval') this.nested(cmd.argv.slice(1).join(' '));
  }

  /**
   * `ls ~/.ssh | xargs -I{} cat ~/.ssh/{}`: input the line does not say is any name there, as a glob (a bare
   * `{}` says nowhere); a script run per item (`xargs -I{} sh -c 'cat ~/.ssh/{}'`) is walked again so.
   */
  globUnfed(cmds: readonly SimpleCommand[]): void {
    for (const cmd of cmds) {
      const marker = XARGS.get(cmd);
      if (marker === undefined || !cmd.argv.some((a, i) => i > 0 && a !== marker && a.includes(marker))) continue;
      cmd.argv = cmd.argv.map((a, i) => (i > 0 && a !== marker ? a.split(marker).join('*') : a));
      const scriptAt = shellScriptIndex(cmd.argv);
      if (scriptAt >= 0) this.nested(cmd.argv[scriptAt]!);
    }
  }

  /** Runs what `source` prints as a script; decoded text is also kept whole, for the rules that read the line. */
  run(source: SimpleCommand): void {
    const printed = PRINTS.get(source);
    if (printed === undefined || typeof printed.text !== 'string') return;
    if (printed.decoded) (this.out.revealed ??= []).push(printed.text);
    this.nested(printed.text);
  }

  nested(script: string): void {
    if (this.depth >= MAX_DEPTH || script.trim() === '') return;
    if (!parseInto(this.out, script, this.depth + 1, this.scope)) this.out.fallback = true;
  }

  redirect(cmd: SimpleCommand, r: Redirection): void {
    if (r.type === 'HereDoc') { cmd.heredoc = (cmd.heredoc ?? '') + r.body.text; return; }
    const target = r.target ? this.expand(value(r.target)) : undefined;
    if (target === undefined) return;
    if (r.type === 'HereString') { cmd.heredoc = (cmd.heredoc ?? '') + target + '\n'; return; }
    switch (r.operator) {
      case '>>': case '&>>': APPENDS.set(cmd, (APPENDS.get(cmd) ?? new Set()).add(target)); cmd.writes.push(target); break;
      case '>': case '>|': case '&>': cmd.writes.push(target); break;
      case '<': cmd.reads.push(target); break;
      case '<>': cmd.reads.push(target); cmd.writes.push(target); break;
      // `2>&1`, `>&2`, `<&3`, `>&-` duplicate or close descriptors; `>&file` is bash for `&>file`.
      case '>&': if (!DUP_TARGET.test(target)) cmd.writes.push(target); break;
      case '<&': break;
    }
  }

  /** Walks the `$(…)`, backticks and `<(…)` anywhere under `node`; each runs as commands of its own. */
  scriptsIn(node: SyntaxNode, arg: number): Substitution[] {
    if ('text' in node && typeof node.text === 'string' && !/[$`<>]/.test(node.text)) return [];
    if (node.type === 'HereDoc' && node.delimiter?.quoted) return [];
    const found: Substitution[] = [];
    const visit = (n: SyntaxNode): void => {
      if (n.type === 'Script') {
        const before = this.out.commands.length;
        new Walker(this.out, this.depth, this.scope).list((n as Script).commands);
        found.push({ arg, commands: this.out.commands.slice(before) });
        return;
      }
      // A quoted heredoc delimiter (<<'EOF') makes the body literal text: nothing in it runs.
      if (n.type === 'HereDoc' && n.delimiter?.quoted) return;
      forEachChild(n, visit);
    };
    forEachChild(node, visit);
    return found;
  }
}

/** A word as bash passes it on: quotes removed, `$VAR` and `$(…)` kept as typed. */
function value(w: Word): string {
  return w.value ?? w.text;
}

/** Commands run by `xargs`, with the string its `-I` replaces (undefined: the words are appended). */
const XARGS = new WeakMap<SimpleCommand, string | undefined>();

// PowerShell one-liners (`pwsh -c '…'`, `powershell -Command …`, `-EncodedCommand …`) read as the shell
// line that does the same to files, hosts and processes, which the shell parser then judges with all it
// knows of those programs: `Get-Content ~/.aws/credentials` as `cat`, `Invoke-RestMethod -Method Post
// -InFile f` as `curl -T f`, `Remove-Item -Recurse` as `rm -r`, a WebClient's UploadFile as `curl -T`.
// Not a PowerShell interpreter: the cmdlets (and aliases) that touch a file, a host or a process are in
// a table; other cmdlets keep their name and words, so what is path-like in them is still a path.
import { lexPowerShell, type Token } from './powershell-lexer.js';
import { baseName } from './words.js';
import { CMDLETS, cmdletOf, hashPairs, shellWord as quote, type Params } from './powershell-cmdlets.js';

const POWERSHELLS: ReadonlySet<string> = new Set(['pwsh', 'powershell', 'pwsh.exe', 'powershell.exe']);

/** Groups nested deeper than this are not read: no real one-liner nests more, and each level is lexed again. */
const MAX_GROUP_DEPTH = 8;

/** The script a pwsh/powershell command line runs: -Command's words, -EncodedCommand decoded; undefined for a script file. */
function powershellScript(argv: readonly string[]): string | undefined {
  const s = scriptAt(argv);
  if (s === undefined) return undefined;
  const text = s.inline ?? argv.slice(s.at, s.encoded ? s.at + 1 : argv.length).join(' ');
  return s.encoded ? decodeUtf16Base64(text) : text === '-' ? undefined : text;
}

/** The argv indexes of a pwsh command line's script: code, not files it names (facts.ts). */
export function powershellCodeIndexes(argv: readonly string[]): number[] {
  const s = scriptAt(argv);
  if (s === undefined) return [];
  const last = s.encoded || s.inline !== undefined ? s.at : argv.length - 1;
  return Array.from({ length: last - s.at + 1 }, (_, k) => s.at + k);
}

/** Where the script starts: -Command's value (then every word after it), -EncodedCommand's, or Windows PowerShell's first bare word. */
function scriptAt(argv: readonly string[]): { at: number; encoded: boolean; inline?: string } | undefined {
  const shell = baseName(argv[0] ?? '').toLowerCase();
  if (!POWERSHELLS.has(shell)) return undefined;
  const windowsPowerShell = shell.startsWith('powershell');
  for (let i = 1; i < argv.length; i++) {
    const m = /^[-/]([A-Za-z]+)(?::(.*))?$/s.exec(argv[i]!);
    // Windows PowerShell runs bare words as a command; pwsh 7 takes the first as a script file.
    if (m === null) return windowsPowerShell ? { at: i, encoded: false } : undefined;
    const name = m[1]!.toLowerCase();
    const at = m[2] === undefined ? i + 1 : i;
    const encoded = name === 'e' || name === 'ec' || (name.length >= 3 && 'encodedcommand'.startsWith(name));
    if (encoded || name === 'c' || (name.length >= 3 && 'command'.startsWith(name))) return at < argv.length ? { at, encoded, ...(m[2] !== undefined ? { inline: m[2] } : {}) } : undefined;
    if (name === 'f' || (name.length >= 2 && 'file'.startsWith(name))) return undefined;
    if (VALUE_OPTION.test(name) && m[2] === undefined) i++;
  }
  return undefined;
}

// pwsh options that take a value (any prefix PowerShell accepts): -ExecutionPolicy, -WindowStyle, -WorkingDirectory, -Version …
const VALUE_OPTION = /^(ex|ep|exe[a-z]*|w|wi[a-z]*|wd|wo[a-z]*|v|ver[a-z]*|if|inp[a-z]*|of|o|out[a-z]*|conf[a-z]*|set[a-z]*|ps[a-z]*|cus[a-z]*)$/;

function decodeUtf16Base64(b64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  const text = Buffer.from(b64, 'base64').toString('utf16le');
  return /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(text) ? text : undefined;
}

/** What a pwsh/powershell command line runs, as a shell script ([] when it is no such line or runs a script file). */
export function powershellAsShell(argv: readonly string[]): string[] {
  const script = powershellScript(argv);
  return script === undefined ? [] : [scriptAsShell(script, 0)];
}

/** A PowerShell script as shell lines, one statement a line. */
function scriptAsShell(script: string, depth: number): string {
  const out: string[] = [];
  for (const statement of lexPowerShell(script)) out.push(...statementAsShell(statement, depth));
  out.push(...dotNetCalls(script, depth));
  return out.join('\n');
}

/** One statement: its pipeline as shell, then the script blocks and groups inside it that ran along. */
function statementAsShell(tokens: Token[], depth: number): string[] {
  const extra: string[] = [];
  const stages: string[] = [];
  let line = '';
  let start = 0;
  const flush = (endAt: number) => {
    const stage = stageAsShell(tokens.slice(start, endAt), stages.length > 0, depth, extra);
    if (stage !== undefined) stages.push(stage);
    start = endAt + 1;
  };
  for (let i = 0; i <= tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined || (t.type === 'op' && (t.text === '|' || t.text === '&&' || t.text === '||'))) {
      flush(i);
      // `a && b`, `a || b` (pwsh 7): either may run, so both are judged, joined as `&&`.
      if (t !== undefined && t.text !== '|') { line += (line ? ' && ' : '') + stages.join(' | '); stages.length = 0; }
    }
  }
  if (stages.length > 0) line += (line ? ' && ' : '') + stages.join(' | ');
  return line ? [line, ...extra] : extra;
}

/** One pipeline stage; `piped` when an earlier stage feeds it. Blocks and nested groups go to `extra`. */
function stageAsShell(tokens: Token[], piped: boolean, depth: number, extra: string[]): string | undefined {
  // `$x = <pipeline>` (`$a = $b = …` too: a loop, not a call a level): the pipeline runs, its output named.
  let at = 0;
  let name: string | undefined;
  while (tokens[at]?.type === 'word' && tokens[at]!.text.startsWith('$') && tokens[at + 1]?.type === 'op' && tokens[at + 1]!.text === '=') {
    name = tokens[at]!.text.slice(1).replace(/^env:/i, '').replace(/[^A-Za-z0-9_]/g, '_') || '_';
    at += 2;
  }
  if (name !== undefined) {
    const rest = tokens.slice(at);
    if (rest.length === 1 && (rest[0]!.type === 'str' || rest[0]!.type === 'xstr')) return `${name}=${quote(valueOf(rest[0]!, depth, extra))}`;
    const inner = stageAsShell(rest, false, depth, extra);
    return inner === undefined ? undefined : `${name}="$(${inner})"`;
  }
  const words: Token[] = [];
  const redirects: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // A script block's commands run along; a hashtable's values are expressions (`@{a = (gc f)}`), its keys are not.
    if (t.type === 'block' && depth < MAX_GROUP_DEPTH) extra.push(scriptAsShell(t.text, depth + 1));
    if (t.type === 'hash' && depth < MAX_GROUP_DEPTH) for (const [, , typed] of hashPairs(t.text)) extra.push(scriptAsShell(typed, depth + 1));
    if (t.type === 'block') continue;
    if (t.type === 'op' && /^[0-9*]?>>?$/.test(t.text) && tokens[i + 1] !== undefined) { redirects.push(`${t.text.replace(/^\*/, '&')} ${quote(pathWord(valueOf(tokens[++i]!, depth, extra)))}`); continue; }
    if (t.type === 'op' && /&[0-9]$/.test(t.text)) continue;
    words.push(t);
  }
  const first = words[0];
  const called = first?.type === 'op' && (first.text === '&' || first.text === '.');
  if (called) words.shift();
  if (words.length === 0) return redirects.length > 0 ? `: ${redirects.join(' ')}` : undefined;
  const head = words[0]!;
  if (head.type === 'group') {
    // `(New-Object Net.WebClient).DownloadString(…)`, `(gc x) | …`: the group runs; dotNetCalls reads the calls.
    return depth < MAX_GROUP_DEPTH ? asOneCommand(scriptAsShell(head.text, depth + 1)) : undefined;
  }
  // An expression, not a command: a string or a variable is output (`'/etc/passwd'`, `$x.Length`), unless `&` calls it.
  if (!called && (head.type !== 'word' || !/^[A-Za-z_.\\/~][\w.\\/~:+-]*$/.test(head.text))) {
    return head.type === 'str' || head.type === 'xstr' ? ['echo', quote(valueOf(head, depth, extra)), ...redirects].join(' ') : undefined;
  }
  const argv = commandArgv(valueOf(head, depth, extra), params(words.slice(1), depth, extra), piped, depth);
  if (argv === undefined) return redirects.length > 0 ? `: ${redirects.join(' ')}` : undefined;
  return [...argv.map(quote), ...redirects].join(' ');
}

/** The shell argv of one command: a cmdlet's reading, or a native program's own words. */
function commandArgv(name: string, args: Params, piped: boolean, depth: number): string[] | undefined {
  const cmdlet = cmdletOf(name);
  if (cmdlet === 'invoke-expression') {
    const code = args.named.get('command')?.[0] ?? args.positional[0];
    // `iex (iwr …)`: what the group prints runs; `iex 'gc x'`: the string is PowerShell.
    if (code === undefined || depth >= MAX_GROUP_DEPTH) return undefined;
    return ['eval', /^\$\([\s\S]*\)$/.test(code) ? code : scriptAsShell(code, depth + 1)];
  }
  if (cmdlet !== undefined) return CMDLETS[cmdlet]!(args, piped);
  const program = baseName(name).replace(/\.exe$/i, '');
  if (/^[A-Za-z]+-[A-Za-z]+$/.test(program)) return [program.toLowerCase(), ...args.all];
  return [name.replace(/\.exe$/i, ''), ...args.raw];
}

/** A group's shell lines as one command substitution's worth: `$(…)` runs them all. */
function asOneCommand(lines: string): string | undefined {
  return lines.trim() === '' ? undefined : `echo "$(${lines.replace(/\n/g, '; ')})"`;
}

/** Named parameters (by lower-case name, `-Name:value` too), positional values, and the words as typed. */
function params(tokens: Token[], depth: number, extra: string[]): Params {
  const out: Params = { named: new Map(), switches: new Set(), positional: [], all: [], raw: [] };
  let pending: string | undefined;
  let list: string[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'op' && t.text === ',') continue; // `'a','b'`: the next value joins the last list
    const joins = i > 0 && tokens[i - 1]!.type === 'op' && tokens[i - 1]!.text === ',' && list !== undefined;
    const m = t.type === 'word' ? /^-([A-Za-z][A-Za-z0-9_]*)(?::(.*))?$/s.exec(t.text) : null;
    if (m !== null && !joins) {
      if (pending !== undefined) out.switches.add(pending);
      const key = m[1]!.toLowerCase();
      out.raw.push(t.text);
      pending = undefined;
      if (m[2] !== undefined) { out.named.set(key, (list = [pathWord(m[2])])); out.all.push(list[0]!); } else if (isSwitch(key)) out.switches.add(key); else pending = key;
      continue;
    }
    const v = pathWord(valueOf(t, depth, extra));
    out.raw.push(v);
    out.all.push(v);
    if (joins) { list!.push(v); continue; }
    if (pending !== undefined) { out.named.set(pending, (list = [v])); pending = undefined; continue; }
    out.positional.push(v);
    list = undefined;
  }
  if (pending !== undefined) out.switches.add(pending);
  return out;
}

/** Switch parameters of the cmdlets read here (and common ones), which take no value: `-Recurse -Force ~/` deletes ~/. */
const SWITCHES = ['recurse', 'force', 'raw', 'append', 'nonewline', 'noclobber', 'passthru', 'usebasicparsing', 'skipcertificatecheck', 'skiphttperrorcheck',
  'wait', 'confirm', 'whatif', 'container', 'asbytestream', 'simplematch', 'casesensitive', 'list', 'quiet', 'hidden', 'directory', 'file', 'name',
  'nonewwindow', 'resume', 'usedefaultcredentials', 'disablekeepalive', 'allowunencryptedauthentication', 'asjob', 'notmatch', 'allmatches', 'readonly', 'system'];
// `-r` and `-fo` as typed for -Recurse and -Force (`rm -r -fo`): the other prefixes that short are ambiguous to PowerShell too.
const isSwitch = (key: string) => key === 'r' || key === 'fo' || SWITCHES.some((s) => s === key || (key.length >= 3 && s.startsWith(key)));

/** A token's value: a string's text, a variable's shell spelling, a group's output as `$(…)`. */
function valueOf(t: Token, depth: number, extra: string[]): string {
  switch (t.type) {
    case 'str': return t.text;
    case 'xstr': case 'word': return variables(t.text);
    case 'group': {
      if (depth >= MAX_GROUP_DEPTH) return '';
      const inner = scriptAsShell(t.text, depth + 1);
      return inner.trim() === '' ? '' : `$(${inner.replace(/\n/g, '; ')})`;
    }
    case 'hash': return t.text;
    default: return t.text;
  }
}

/** `$HOME`, `$env:USERPROFILE`, `$PROFILE` as the paths they are; other `$name`/`$env:NAME` as a shell reference. */
function variables(text: string): string {
  if (!text.includes('$')) return text;
  return text
    .replace(/\$(?:\{?env:(?:HOME|USERPROFILE)\}?|HOME\b)/gi, '~')
    .replace(/\$\{?env:(?:TEMP|TMP)\}?/gi, '/tmp')
    .replace(/\$PROFILE(?:\.CurrentUserAllHosts)\b/gi, '~/.config/powershell/profile.ps1')
    .replace(/\$PROFILE(?:\.CurrentUserCurrentHost)?\b/gi, '~/.config/powershell/Microsoft.PowerShell_profile.ps1')
    .replace(/\$\{?env:([A-Za-z_][A-Za-z0-9_]*)\}?/gi, '${$1}')
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, '${$1}');
}

/** Home-relative and `\`-separated paths in the shell's spelling: `~\.aws\credentials` is ~/.aws/credentials. */
function pathWord(v: string): string {
  if (/^(~|\.{1,2}|\$\{\w+\})?\\/.test(v) || /^~[\\/]/.test(v)) return v.replace(/\\/g, '/');
  return v;
}

/**
 * .NET calls that read, write or send: `[IO.File]::ReadAllText('p')`, `(New-Object Net.WebClient).UploadFile('url', 'p')`,
 * `[Net.Sockets.TcpClient]::new('h', 4444)`. Their literal arguments only; each becomes the shell command that does it.
 */
function dotNetCalls(script: string, depth: number): string[] {
  const out: string[] = [];
  // An argument may be a group of its own: `.UploadString(url, 'POST', (Get-Content f))`.
  for (const m of script.matchAll(/(?:\[(?:System\.)?IO\.(File|Directory)\]::|\.)(\w+?)(?:Async)?\s*\(((?:[^()]|\([^()]*\)){0,1000})\)/gi)) {
    const args = callArguments(m[3]!, depth);
    const argv = dotNetArgv(m[1]?.toLowerCase(), m[2]!.toLowerCase(), args);
    if (argv !== undefined) out.push(argv.map(quote).join(' '));
    if (out.length >= 64) break;
  }
  // A script that also evaluates text (what it reads from the socket, in the well-known one-liners) is a shell on it.
  const evaluates = /\b(?:iex|Invoke-Expression)\b|\[scriptblock\]::Create/i.test(script);
  for (const m of script.matchAll(/Net\.Sockets\.TcpClient\W{0,16}(?:new\W{0,4})?(?:-ArgumentList\s*)?['"]([^'"]{1,255})['"]\s*,\s*(\d{1,5})/gi)) out.push(`nc ${evaluates ? '-e powershell ' : ''}${quote(m[1]!)} ${m[2]}`);
  return out;
}

function dotNetArgv(type: string | undefined, method: string, a: string[]): string[] | undefined {
  const [x, y, z] = a;
  if (x === undefined) return method === 'getenvironmentvariables' ? ['env'] : undefined;
  if (type === 'file' || type === 'directory') {
    if (/^(readall(text|bytes|lines)|readlines|openread|opentext)$/.test(method)) return ['cat', x];
    if (/^(writeall(text|bytes|lines)|appendall(text|lines)|create|createtext|appendtext)$/.test(method)) return ['tee', x];
    if (method === 'copy' && y !== undefined) return ['cp', x, y];
    if (method === 'move' && y !== undefined) return ['mv', x, y];
    if (method === 'delete') return type === 'directory' ? ['rm', '-r', x] : ['rm', x];
    return undefined;
  }
  if (method === 'getenvironmentvariable') return ['printenv', x];
  if (method === 'downloadstring' || method === 'downloaddata' || method === 'openread') return /^\w+:\/\//.test(x) ? ['curl', '-s', x] : undefined;
  if (method === 'downloadfile' && y !== undefined) return ['curl', '-s', '-o', y, x];
  // UploadFile(url, [method,] file), UploadString(url, [method,] data)
  const last = z ?? y;
  if (method === 'uploadfile' && last !== undefined) return ['curl', '-s', '-T', last, x];
  if ((method === 'uploadstring' || method === 'uploaddata' || method === 'uploadvalues') && last !== undefined) return ['curl', '-s', '-d', last, x];
  return undefined;
}

/** A call's arguments: strings, variables (as paths), and groups as the output of what they run. */
function callArguments(list: string, depth: number): string[] {
  const out: string[] = [];
  for (const m of list.matchAll(/'([^']*)'|"([^"]*)"|(\$[\w:{}]+)|\(([^()]*)\)/g)) {
    if (m[4] !== undefined) { if (depth < MAX_GROUP_DEPTH) out.push(`$(${scriptAsShell(m[4], depth + 1).replace(/\n/g, '; ')})`); continue; }
    out.push(pathWord(variables(m[1] ?? m[2] ?? m[3]!)));
  }
  return out;
}

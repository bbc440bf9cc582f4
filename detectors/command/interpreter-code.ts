// What a one-liner in another language does: `python3 -c '…'`, `node -e '…'`, `perl -e`, `ruby -e`,
// `php -r`, or the same code fed on stdin by a heredoc. Not a parser for five languages: string
// literals and a few call shapes are enough to see the files a snippet opens, the hosts it talks to,
// and the shell commands it hands to os.system / child_process, which is what the rules need.
import { baseName, singleQuoted } from './words.js';

export type Language = 'python' | 'node' | 'perl' | 'ruby' | 'php';

export interface Destination { host: string; port?: number; url?: string }

export interface InterpreterCode {
  language: Language;
  code: string;
  /** String literals that look like file paths (read unless opened for writing). */
  reads: string[];
  writes: string[];
  deletes: { path: string; recursive: boolean }[];
  /** URLs and host/port pairs the code contacts (only when it uses a network API). */
  destinations: Destination[];
  /** os.system, subprocess, child_process, system(), backticks … */
  spawnsShell: boolean;
  /** Shell command lines the code runs; the parser parses them as commands of their own. */
  shellCommands: string[];
  /** Code fetched from a URL is eval'd/exec'd in-process. */
  runsDownload: boolean;
}

export function languageOf(prog: string): Language | undefined {
  const p = baseName(prog);
  if (/^(python[0-9.]*|pypy[0-9.]*)$/.test(p)) return 'python';
  if (p === 'node' || p === 'nodejs' || p === 'bun' || p === 'deno') return 'node';
  if (/^perl[0-9.]*$/.test(p)) return 'perl';
  if (p === 'ruby' || p === 'php') return p;
  return undefined;
}

// Per language: the option that takes inline code (perl/ruby allow bundles like `-lne`).
const INLINE: Record<Language, RegExp> = {
  python: /^-[A-Za-z]*c$/, node: /^(-e|--eval|-p|--print)$/, perl: /^-[A-Za-z]*[eE]$/, ruby: /^-[A-Za-z]*e$/, php: /^-r$/,
};
// Options whose next word is a value, not the script (so `python -W ignore x.py` finds x.py).
const TAKES_VALUE = /^(-W|-X|-m|-r|-I|-M|--require|--import|--loader|-d|-C|-x)$/;

/** argv index of each inline code argument (perl takes several -e), or [] when there is none. */
export function inlineCodeIndexes(argv: readonly string[], lang: Language): number[] {
  if (lang === 'node' && baseName(argv[0] ?? '') === 'deno') return denoEvalIndex(argv);
  const out: number[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (INLINE[lang].test(a) && i + 1 < argv.length) { out.push(i + 1); i++; if (lang === 'python') break; continue; }
    if (lang === 'node' && a.startsWith('--eval=')) { out.push(i); continue; }
    if (!a.startsWith('-') || a === '-' || a === '--') break;
    if (TAKES_VALUE.test(a)) i++;
  }
  return out;
}

/** `deno eval [options] CODE`: Deno takes inline code as a subcommand, not an option. */
function denoEvalIndex(argv: readonly string[]): number[] {
  if (argv[1] !== 'eval') return [];
  for (let i = 2; i < argv.length; i++) if (!argv[i]!.startsWith('-')) return [i];
  return [];
}

/** argv index of the script file (`python3 x.py`, `bash <(curl …)`), or -1 when code comes from stdin. */
export function scriptArgIndex(argv: readonly string[]): number {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-' || a === '--' || a === '-s') return -1;
    if (!a.startsWith('-')) return i;
    if (TAKES_VALUE.test(a) || a === '-o' || a === '-O') i++;
  }
  return -1;
}

export const LIT = String.raw`(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\x60(?:[^\x60\\]|\\.)*\x60)`;
const HOME = String.raw`(?:os\.homedir\(\)|require\(['"](?:node:)?os['"]\)\.homedir\(\)|process\.env\.HOME|process\.env\[['"]HOME['"]\]|os\.environ\[['"]HOME['"]\]|os\.environ\.get\(['"]HOME['"]\)|os\.getenv\(['"]HOME['"]\)|(?:pathlib\.)?Path\.home\(\)|os\.path\.expanduser\(['"]~['"]\)|\$ENV\{HOME\}|ENV\[['"]HOME['"]\]|Dir\.home|getenv\(['"]HOME['"]\)|\$_SERVER\[['"]HOME['"]\])`;

/**
 * The string literals LIT matches, in the order `matchAll(LIT)` finds them, in linear time: from every quote
 * of a kind inside a literal that could not close (no closing quote before the line or the text ends), the
 * scan takes the same path and fails too, so it is not tried again. `matchAll` tried each: 1.6 s for 64 KB of
 * `\"` in a one-liner. `text` is the literal with its quotes, `index` where it starts.
 */
export function stringLiterals(code: string): { text: string; index: number }[] {
  const out: { text: string; index: number }[] = [];
  const failedUntil: Record<string, number> = { "'": -1, '"': -1, '`': -1 };
  for (let i = 0; i < code.length; i++) {
    const q = code[i]!;
    if ((q !== "'" && q !== '"' && q !== '`') || i < failedUntil[q]!) continue;
    let j = i + 1;
    let closed = false;
    while (j < code.length) {
      const c = code[j]!;
      if (c === q) { closed = true; break; }
      if (c === '\\') { if (j + 1 >= code.length || LINE_END.test(code[j + 1]!)) break; j += 2; continue; }
      if (c === '\n' && q !== '`') break;
      j += 1;
    }
    if (closed) { out.push({ text: code.slice(i, j + 1), index: i }); i = j; } else failedUntil[q] = j;
  }
  return out;
}
const LINE_END = /[\n\r\u2028\u2029]/;

/** Rewrites the usual spellings of "home directory + literal" into one `~/…` literal. */
function normaliseHome(code: string): string {
  const lit = (s: string) => s.slice(1, -1);
  return code
    .replace(new RegExp(String.raw`(?:\b\w{1,16}\.){0,3}\bjoin\(\s*${HOME}\s*((?:,\s*${LIT}\s*)+)\)`, 'g'),
      (_m, rest: string) => `'~/${[...rest.matchAll(new RegExp(LIT, 'g'))].map((m) => lit(m[0])).join('/')}'`)
    .replace(new RegExp(String.raw`${HOME}((?:\s*/\s*${LIT})+)`, 'g'),
      (_m, rest: string) => `'~/${[...rest.matchAll(new RegExp(LIT, 'g'))].map((m) => lit(m[0])).join('/')}'`)
    .replace(new RegExp(String.raw`${HOME}\s*[+.]\s*(['"\x60])`, 'g'), '$1~')
    // Interpolation inside a string: f"{Path.home()}/x", `${os.homedir()}/x`, "#{Dir.home}/x", "$ENV{HOME}/x".
    .replace(new RegExp(String.raw`[$#]?\{\s*${HOME}\s*\}`, 'g'), '~')
    .replace(/\$ENV\{HOME\}/g, '~')
    // The home itself as an argument: `shutil.rmtree(Path.home())`, `fs.rmSync(os.homedir(), …)`, `FileUtils.rm_rf(Dir.home)`.
    .replace(new RegExp(String.raw`${HOME}(?=\s*[,)])`, 'g'), "'~/'")
    // os.path.expanduser('~/.bashrc') and Path('~/.bashrc').expanduser() are the literal they expand (after the
    // rules above, which read `os.path.expanduser('~')` as the home).
    .replace(new RegExp(String.raw`\bos\.path\.expanduser\(\s*(${LIT})\s*\)`, 'g'), '$1')
    .replace(new RegExp(String.raw`\b((?:pathlib\.)?Path\(\s*${LIT}\s*\))\.expanduser\(\)`, 'g'), '$1');
}

const NETWORK_API: Record<Language, RegExp> = {
  python: /\b(requests|urllib|urlopen|http\.client|httpx|aiohttp|socket|ftplib|smtplib|paramiko|websocket|boto3|google\.cloud|azure\.storage|minio)\b/,
  node: /\b(fetch|https?\.(request|get)|axios|got|XMLHttpRequest|net\.(connect|createConnection|Socket)|tls\.connect|dgram|WebSocket|undici|Deno\.connect(Tls)?)\b|['"](node:)?(https?|http2|net|tls|dgram)['"]|['"](@aws-sdk\/client-s3|aws-sdk|@google-cloud\/storage|@azure\/storage-blob)['"]/,
  perl: /\b(LWP|HTTP::Tiny|IO::Socket|Net::|Socket|WWW::Mechanize|getstore|get\()/,
  ruby: /\b(Net::HTTP|open-uri|URI\.open|TCPSocket|UDPSocket|Socket|HTTParty|Faraday|RestClient|Aws::S3)\b/,
  php: /\b(curl_|file_get_contents|fsockopen|stream_socket_client|fopen|socket_connect|get_headers)/,
};
const SHELL_CALL: Record<Language, RegExp> = {
  python: /\b(os\.(system|popen|exec[lv]p?e?|spawn[lv]p?e?)|subprocess\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|pty\.spawn|commands\.getoutput)\s*\(/g,
  // Deno's subprocess API and the `$\`…\`` shell of zx and Bun besides child_process.
  node: /\b(execSync|exec|execFileSync|execFile|spawnSync|spawn|fork|Deno\.Command|Deno\.run)\s*\(|\$\x60/g,
  perl: /\b(system|exec|qx)\s*\(?|\x60/g,
  ruby: /\b(system|exec|spawn|IO\.popen|Open3\.\w+)\s*[({]?|%x[({]|\x60/g,
  php: /\b(system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec)\s*\(|\x60/g,
};
const EVALUATES: Record<Language, RegExp> = {
  python: /(?<![\w.])(exec|eval)\s*\(/, node: /\b(eval\s*\(|new\s+Function\b|vm\.run\w*|runInNewContext)/,
  perl: /\beval\b/, ruby: /\b(eval|instance_eval)\b/, php: /\beval\s*\(/,
};
const WRITE_CALL = /(write_text|write_bytes|writeFileSync|appendFileSync|writeFile|appendFile|createWriteStream|file_put_contents|File\.write|IO\.write|copyfile|copyFileSync|symlinkSync)\s*\(\s*$/;
const OPEN_CALL = /\b(open|fopen|File\.open|Path)\s*\(\s*$/;
const WRITE_MODE = /^\s*(?:\)\s*\.\s*(?:write_text|write_bytes|open\s*\(\s*['"][wax])|,\s*(?:mode\s*=\s*)?['"](?:[wax]|r\+))/;
const DELETE_CALL = /(rmtree|rmSync|rmdirSync|unlinkSync|rm_rf|rm_r|remove|unlink|rmdir|File\.delete|FileUtils\.rm\w*)\s*\(\s*$/;
// `p = `, `const p = `, `my $p = `, `$p = ` right before a string literal.
const ASSIGNED = /(?:^|[\s;({,])\$?([A-Za-z_]\w{0,63})\s*=\s*$/;

/** How code uses a variable holding a path: written (`open(p, 'w')`, `fs.writeFileSync(p, …)`, `Path(p).write_text`, perl's `">>$p"`), deleted, or neither. */
function useOfName(code: string, name: string): 'write' | 'delete' | undefined {
  const v = String.raw`\$?${name}\b`;
  const write = new RegExp(String.raw`\b(?:open|fopen|File\.open|Path)\s*\(\s*${v}\s*(?:\)\s*\.\s*(?:write_text|write_bytes|open\s*\(\s*['"][wax])|,\s*(?:mode\s*=\s*)?['"](?:[wax]|r\+))|(?:write_text|write_bytes|writeFileSync|appendFileSync|writeFile|appendFile|createWriteStream|file_put_contents|File\.write|IO\.write|copyfile|copyFileSync|symlinkSync)\s*\(\s*${v}|\$?\b${name}\s*\.\s*(?:write_text|write_bytes)\s*\(|['"]\+?>>?\s*(?:['"]\s*,\s*)?\$${name}\b`);
  if (write.test(code)) return 'write';
  return new RegExp(String.raw`(?:rmtree|rmSync|unlinkSync|rm_rf|rm_r|remove|unlink|File\.delete|FileUtils\.rm\w*)\s*\(\s*${v}`).test(code) ? 'delete' : undefined;
}

const URL_RE = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]*@)?(\[[^\]]+\]|[^:/?#\s'"]+)(?::(\d+))?/i;
const PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21, ws: 80, wss: 443 };
const looksLikePath = (s: string) => s.length > 1 && !/\s|:\/\//.test(s) && /^(~\/|\.{1,2}\/|\/|\$HOME\/|\$\{HOME\}\/|\.[A-Za-z][\w.-]*$)/.test(s);
/** A relative file name (`docs/notes.txt`, `out.json`): a path only where the code writes to it, where no other string goes. */
const RELATIVE_FILE = /^[\w.-][\w.-]{0,200}(?:\/[\w.-]{1,200}){0,32}$/;
const unquote = (s: string) => s.slice(1, -1).replace(/\\(.)/g, '$1');

export function analyseCode(language: Language, source: string): InterpreterCode {
  const code = normaliseHome(source);
  const out: InterpreterCode = { language, code: source, reads: [], writes: [], deletes: [], destinations: [], spawnsShell: false, shellCommands: [], runsDownload: false };
  const network = NETWORK_API[language].test(code);
  let named = 0;
  for (const m of stringLiterals(code)) {
    const before = code.slice(Math.max(0, m.index - 40), m.index);
    const after = code.slice(m.index + m.text.length, m.index + m.text.length + 40);
    let text = unquote(m.text);
    // Perl's two-argument open: open(F, ">>$ENV{HOME}/.bashrc"); three-argument: open(F, '>', path).
    const perlWrite = language === 'perl' && (/^\+?>>?\s*/.test(text) || /['"]\+?>>?['"]\s*,\s*$/.test(before));
    if (language === 'perl') text = text.replace(/^\+?[<>]{1,2}\s*/, '');
    if (network && URL_RE.test(text)) {
      const u = URL_RE.exec(text)!;
      out.destinations.push({ host: u[2]!.replace(/^\[|\]$/g, ''), port: u[3] ? Number(u[3]) : PORTS[u[1]!.toLowerCase()], url: text });
      continue;
    }
    const writesHere = perlWrite || WRITE_CALL.test(before) || (OPEN_CALL.test(before) && WRITE_MODE.test(after));
    if (!looksLikePath(text) && !(writesHere && RELATIVE_FILE.test(text) && /[./]/.test(text))) continue;
    // `p = '~/.bashrc'; open(p, 'a')`: a path given a name, then written or deleted through it (the first few names).
    const name = named < 16 ? ASSIGNED.exec(before)?.[1] : undefined;
    if (name !== undefined) named++;
    const use = name === undefined ? undefined : useOfName(code, name);
    if (DELETE_CALL.test(before) || use === 'delete') out.deletes.push({ path: text, recursive: /rmtree|rm_rf|rm_r|recursive|rmSync/.test(before + after + (use ? code : '')) });
    else if (writesHere || use === 'write') out.writes.push(text);
    else out.reads.push(text);
  }
  if (network) out.destinations.push(...socketPeers(code), ...cloudUploads(code));
  // In JavaScript `exec(` is as often RegExp#exec: only child_process (Bun.spawn, Deno.Command, zx's `$`) starts processes.
  const canSpawn = language !== 'node' || /child_process|Bun\.spawn|Deno\.(Command|run)\b|\$\x60/.test(code);
  out.shellCommands = canSpawn ? shellCommands(language, code) : [];
  out.spawnsShell = canSpawn && (out.shellCommands.length > 0 || new RegExp(SHELL_CALL[language].source).test(code) || language === 'node');
  out.runsDownload = out.destinations.length > 0 && EVALUATES[language].test(code);
  return out;
}

/** socket.connect(("1.2.3.4", 4444)), net.connect(4444, "h"), TCPSocket.new("h", 1), fsockopen("h", 1), PeerAddr => "h:1". */
function socketPeers(code: string): Destination[] {
  const out: Destination[] = [];
  const host = String.raw`['"]([A-Za-z0-9.:-]+|\[[0-9a-fA-F:]+\])['"]`;
  const shapes = [
    new RegExp(String.raw`(?:connect(?:_ex)?|create_connection|TCPSocket\.(?:new|open)|fsockopen|stream_socket_client|Socket\.tcp)\s*\(\s*\(?\s*${host}\s*,\s*(\d+)`, 'g'),
    new RegExp(String.raw`(?:connect|createConnection)\s*\(\s*(\d+)\s*,\s*${host}`, 'g'),
    new RegExp(String.raw`PeerAddr\s*=>\s*['"]([A-Za-z0-9.-]+)(?::(\d+))?['"]`, 'g'),
    // Constructors that take a host name alone: http.client, smtplib, ftplib; IO::Socket->new("h:p"), Minio("h:p").
    new RegExp(String.raw`\b(?:HTTPS?Connection|SMTP(?:_SSL)?|FTP(?:_TLS)?)\s*\(\s*${host}(?:\s*,\s*(\d+))?`, 'g'),
    new RegExp(String.raw`(?:IO::Socket::\w+->new|\bMinio)\(\s*['"]([A-Za-z0-9.-]+)(?::(\d+))?['"]`, 'g'),
    new RegExp(String.raw`\bhost(?:name)?\s*[:=]\s*${host}(?:[^)}]*?\bport\s*[:=]\s*(\d+))?`, 'g'),
  ];
  for (const [i, re] of shapes.entries()) {
    for (const m of code.matchAll(re)) {
      const [h, p] = i === 1 ? [m[2]!, m[1]] : [m[1]!, m[2]];
      const port = p ?? /PeerPort\s*=>\s*['"]?(\d+)/.exec(code)?.[1];
      out.push({ host: h.replace(/^\[|\]$/g, ''), port: port ? Number(port) : undefined });
    }
  }
  return out;
}

// Cloud storage SDKs upload to the provider's endpoint, named by no URL in the code: the bucket's host, as
// cloud-storage.ts gives it for the same upload through the CLI, so one allowlist entry covers both.
const SDK_UPLOADS: { sdk: RegExp; upload: RegExp; host: (bucket: string | undefined) => string }[] = [
  { sdk: /\bboto3\b|@aws-sdk\/client-s3|aws-sdk|Aws::S3/, upload: /\b(upload_file(obj)?|put_object|PutObjectCommand|putObject|upload_fileobj|Upload)\b/,
    host: (b) => (b ? `${b}.s3.amazonaws.com` : 's3.amazonaws.com') },
  { sdk: /google\.cloud|@google-cloud\/storage/, upload: /\b(upload_from_(filename|file|string)|upload)\b/,
    host: (b) => (b ? `${b}.storage.googleapis.com` : 'storage.googleapis.com') },
  { sdk: /azure\.storage|@azure\/storage-blob/, upload: /\b(upload_blob|uploadFile|uploadData|upload)\b/, host: () => 'blob.core.windows.net' },
];

/** The storage endpoint of an SDK upload (`boto3 … upload_file(src, 'bucket', key)`, `Bucket='b'`, `.bucket('b')`). */
function cloudUploads(code: string): Destination[] {
  const sdk = SDK_UPLOADS.find((u) => u.sdk.test(code) && u.upload.test(code));
  if (!sdk) return [];
  const bucket = new RegExp(String.raw`(?:\bBucket\s*[=:]\s*|\.bucket\(\s*|upload_file\(\s*${LIT}\s*,\s*)['"]([a-z0-9][a-z0-9.-]{1,62})['"]`).exec(code)?.[1];
  return [{ host: sdk.host(bucket), port: 443 }];
}

/** The command lines handed to a shell: a string argument, or an argv list (quoted back into one line). */
const DENO_ARGS = new RegExp(String.raw`^(\s*(?:${LIT}\s*,\s*)?)\{\s*(?:args|cmd)\s*:\s*`);

function shellCommands(language: Language, code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(SHELL_CALL[language])) {
    const rest = code.slice(m.index + m[0].length);
    if (m[0].endsWith('`') || m[0].startsWith('%x')) {
      const end = m[0].endsWith('`') ? rest.indexOf('`') : rest.search(/[)}]/);
      if (end > 0) out.push(rest.slice(0, end));
      continue;
    }
    // `new Deno.Command('sh', { args: ['-c', '…'] })`, `Deno.run({ cmd: […] })`: the words, as spawn's.
    const words0 = language === 'node' ? rest.replace(DENO_ARGS, '$1') : rest;
    const list = new RegExp(String.raw`^\s*\[?\s*(${LIT}(?:\s*,\s*\[?\s*${LIT})*)`).exec(words0);
    if (!list) continue;
    const words = [...list[1]!.matchAll(new RegExp(LIT, 'g'))].map((w) => unquote(w[0]));
    out.push(words.length === 1 ? words[0]! : words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' '));
  }
  return out;
}

const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk']);
// awk runs a shell for `system("…")`, `"…" | getline` and `print … | "…"`.
const BEFORE_SYSTEM = /\bsystem\s*\(\s*$/;
const BEFORE_PIPE = /\|\s*$/;
const AFTER_GETLINE = /^\s*\|\s*getline\b/;

/** argv index of an awk program given on the command line (not `-f file`), or -1. */
export function awkProgramIndex(argv: readonly string[]): number {
  if (!AWKS.has(baseName(argv[0] ?? ''))) return -1;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-f' || a.startsWith('--file')) return -1; // the program is in a file
    if (!a.startsWith('-') || a === '-') return i;
    if (/^-[Fv]$/.test(a)) i++;
  }
  return -1;
}

/** The shell command lines an awk program on the command line runs (`awk 'BEGIN{system("curl … | sh")}'`). */
export function awkShellCommands(argv: readonly string[]): string[] {
  if (baseName(argv[0] ?? '') === 'osascript') return appleScriptShellCommands(argv);
  const program = argv[awkProgramIndex(argv)];
  if (program === undefined) return [];
  // What surrounds each string, looked at over a few dozen characters only.
  // awk's strings are double-quoted; a shell command is one with `system(` or `|` before it, or `| getline` after it.
  const runs = stringLiterals(program).filter((x) => x.text.startsWith('"') && (
    BEFORE_SYSTEM.test(program.slice(Math.max(0, x.index - 40), x.index)) || BEFORE_PIPE.test(program.slice(Math.max(0, x.index - 40), x.index))
    || AFTER_GETLINE.test(program.slice(x.index + x.text.length, x.index + x.text.length + 40))));
  return runs.map((x) => x.text.slice(1, -1).replace(/\\(["\\])/g, '$1')).filter((c) => c.trim() !== '').slice(0, 16);
}

/**
 * What `osascript -e …` hands the shell: AppleScript's `do shell script "…"`, Terminal's `do script "…"`, JXA's
 * `doShellScript('…')`; and files it reads itself, as a `cat` of them: `read POSIX file "…"`, Finder's
 * `duplicate`/`move` of one (an infostealer's way to a keychain).
 */
function appleScriptShellCommands(argv: readonly string[]): string[] {
  const script = argv.filter((_a, i) => argv[i - 1] === '-e').join('\n');
  const out: string[] = [];
  for (const x of stringLiterals(script)) {
    const before = script.slice(Math.max(0, x.index - 60), x.index);
    const text = x.text.slice(1, -1).replace(/\\(["'\\])/g, '$1');
    if (text.trim() === '' || x.text.startsWith('`')) continue;
    if ((x.text.startsWith('"') && /\bdo\s+(?:shell\s+)?script\s*$/.test(before)) || /\bdoShellScript\s*\(\s*$/.test(before)) out.push(text);
    else if (/\b(?:read|duplicate|move|copy)\b[^"]{0,40}POSIX\s+file\s*$/i.test(before)) out.push(`cat ${singleQuoted(text)}`);
    if (out.length >= 16) break;
  }
  return out;
}

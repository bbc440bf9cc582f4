// The shapes a parsed command line comes out in, and the argv helpers of the shell parser
// (parse-command.ts) and its callers.
import type { InterpreterCode } from './interpreter-code.js';

export interface Substitution {
  /** argv index of the word it sits in; -1 when it feeds stdin (heredoc, here-string, `< <(…)`); -2 elsewhere. */
  arg: number;
  /** Every simple command inside it, nested ones included. */
  commands: SimpleCommand[];
}

export interface SimpleCommand {
  /** argv with wrappers (env, sudo, VAR=x, nohup, time, xargs …) stripped: argv[0] is what runs. */
  argv: string[];
  /**
   * The directory an earlier `cd`/`pushd` of the line moved to, as typed (`~/.aws`, or relative to the event's
   * cwd): `cd ~/.aws && cat credentials` reads ~/.aws/credentials. Unset: the event's cwd.
   */
  dir?: string;
  /** `NAME=value` pairs the line puts in this command's environment (prefix, `env NAME=value`, an earlier `export`). */
  env?: string[];
  /** Targets of `>`, `>>`, `&>`, `>|`, `<>`, `>&file`. */
  writes: string[];
  /** Sources of `<`, `<>`. */
  reads: string[];
  /** Text fed to stdin by a heredoc or here-string: data, unless the program runs it (then it is parsed too). */
  heredoc?: string;
  /** `$(…)`, backticks and `<(…)` in this command's words: their output becomes part of this command. */
  substitutions?: Substitution[];
  /** What the inline code of `python3 -c`, `node -e` … (or code on stdin) opens, contacts and runs. */
  interpreterCode?: InterpreterCode;
}

export interface ParsedCommand {
  /** Every simple command, nested ones included, in order. */
  commands: SimpleCommand[];
  /** Each pipeline as the list of its stages (a lone command is a pipeline of one). */
  pipelines: SimpleCommand[][];
  /** Set when the shell parser reported errors and recovered (or gave up on a line nested beyond reason). */
  fallback?: boolean;
  /** Scripts the line decodes and runs (`echo … | base64 -d | sh`): hidden from a reader, so judged as if typed. */
  revealed?: string[];
  /** Text the line writes into files (`cat > x.sh <<'EOF'`, `echo … > f`), by the name it wrote them under. */
  files?: Map<string, string>;
  /** Those of `files` the line appended to (its first write of the file a `>>`): their text follows what was there. */
  appended?: Set<string>;
  /** The line is larger than the parser follows (words.ts LIMITS): what is past the limit is not judged. */
  overLimit?: 'commands' | 'text';
}

/** Programs whose arguments are text they print, not files: `echo ~/.aws/credentials` reads nothing. */
export const PRINTS_ARGUMENTS = new Set(['echo', 'printf']);

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'busybox', 'ash', 'mksh', 'csh', 'tcsh']);
// busybox and toybox run the applet named next (`busybox wget …`, `busybox sh -c …`).
const WRAPPERS = new Set(['sudo', 'doas', 'env', 'nohup', 'time', 'nice', 'ionice', 'timeout', 'stdbuf', 'exec', 'command', 'builtin', 'xargs', 'setsid', 'chroot', 'busybox', 'toybox', 'sshpass']);
/** Wrappers' options that take a value (`sudo -u root`, `nice -n 5`), and sshpass's own: the password (`-p`), a file, a descriptor, the prompt. */
const VALUE_OPT = /^-(u|g|n|I|d|L|s|P|a|C|D|o)$/;
const WRAPPER_VALUE_OPT: Readonly<Record<string, RegExp>> = { sshpass: /^-[pfdP]$/ };
/** How many `sh -c` / interpreter levels deep the parsers follow. */
export const MAX_DEPTH = 4;

/**
 * What one line may make the parser do. Real agents' lines hold at most a few dozen simple commands
 * (19 in the benign corpus); without a limit, a function called 1,000 times turned a 14 KB line into a
 * million commands (3 s), three nested such calls exhausted the heap, and every command costs the rules
 * time on the daemon's one thread. Past a limit the rest is not followed, and the line says so (overLimit).
 */
export const LIMITS = {
  /** Simple commands, nested and called ones included. */
  commands: 1_000,
  /**
   * Characters given to the shell parser: the line, and every script it runs again (`sh -c`, a decoded payload).
   * The rules that read the whole line read this much of it (rules/engine/fields.ts). The longest line of the
   * benign corpus is 10 KB; a file written through a heredoc larger than this is flagged.
   */
  text: 64 * 1024,
};

export function baseName(word: string): string {
  // A file name is at most 255 bytes, so only the word's tail is searched: without a slash in it the word is
  // no path to a program. Searched whole, a 60 KB word (`${ ${ …`) cost 60 µs a call, and the rules ask often.
  if (word.length > 256) {
    for (let i = word.length - 1; i >= word.length - 257; i--) if (word.charCodeAt(i) === 47 /* / */) return word.slice(i + 1);
    return word;
  }
  const i = word.lastIndexOf('/');
  return i >= 0 ? word.slice(i + 1) : word;
}

/** Drops wrappers and their options so argv[0] is the program that actually runs. Only ever drops a prefix. */
export function unwrapArgv(argv: string[]): string[] {
  let rest = argv;
  // A wrapper with nothing to run is the program: `env -0` prints the environment, `sudo -l` lists rights.
  let wrapper: string[] | undefined;
  for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
    while (rest.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0]!)) rest = rest.slice(1);
    const head = rest[0];
    if (head === undefined || !WRAPPERS.has(baseName(head))) break;
    // `env -S 'cmd …'` runs words it splits out of a string: launchers.ts reads that, so env stays the program.
    // Its own options only, before the command (`env X=1 curl -sS …` is curl's -S).
    if (baseName(head) === 'env' && splitsString(rest)) break;
    wrapper = rest;
    rest = rest.slice(1);
    // Skip the wrapper's own options (and a numeric duration for `timeout`, a user for `sudo -u`).
    while (rest.length > 0) {
      const w = rest[0]!;
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || /^\d+[smhd]?$/.test(w)) { rest = rest.slice(1); continue; }
      if (!w.startsWith('-')) break;
      rest = rest.slice((WRAPPER_VALUE_OPT[baseName(head)] ?? VALUE_OPT).test(w) && rest.length > 1 ? 2 : 1);
    }
  }
  return rest.length === 0 && wrapper !== undefined ? wrapper : rest;
}

/** env's options that take a value (`-u NAME`, `-C DIR`, BSD's `-P PATH`): skipped here and by launchers.ts's env. */
export const ENV_VALUE_OPTIONS = { short: 'uCP', long: ['unset', 'chdir'] } as const;

/** Whether `env …` (argv) has -S/--split-string among its own options, before the command it runs. */
function splitsString(argv: readonly string[]): boolean {
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (/^(-[a-zA-Z]*S|--split-string)/.test(w)) return true;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) continue;
    if (!w.startsWith('-') || w === '--') return false;
    if (/^-[a-zA-Z]$/.test(w) ? ENV_VALUE_OPTIONS.short.includes(w[1]!) : (ENV_VALUE_OPTIONS.long as readonly string[]).includes(w.slice(2))) i++;
  }
  return false;
}

/** argv index of the script of `sh -c '…'` / `bash -lc "…"`, or -1. `eval` is handled by the callers. */
export function shellScriptIndex(argv: readonly string[]): number {
  if (!SHELLS.has(baseName(argv[0] ?? ''))) return -1;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^-[a-z]*c[a-z]*$/.test(a)) return i + 1 < argv.length ? i + 1 : -1;
    if (!a.startsWith('-')) return -1;
  }
  return -1;
}

/** A path the line spells out: no substitution, and no variable but a leading $HOME (which paths.ts resolves). */
const spelledOut = (word: string) => !word.includes('`') && !word.replace(/^\$(?:HOME|\{HOME\})(?=\/|$)/, '').includes('$');

/**
 * The directory stack after `cd`, `pushd` or `popd` (argv) from `dirs` (its last entry is where the line is;
 * undefined: the event's cwd). A target the line does not spell out (`cd "$d"`, `cd -`) leaves it as it was.
 */
export function changeDirectory(argv: readonly string[], dirs: (string | undefined)[]): void {
  const prog = argv[0];
  if (prog === 'popd') { if (dirs.length > 1) dirs.pop(); return; }
  if (prog !== 'cd' && prog !== 'pushd') return;
  const target = argv.slice(1).find((a) => !a.startsWith('-') || a === '-') ?? (prog === 'cd' ? '~' : undefined);
  if (target === undefined || target === '-' || /[*?[]/.test(target) || !spelledOut(target)) return;
  const from = dirs[dirs.length - 1];
  const to = /^(?:\/|~(?:\/|$)|\$)/.test(target) || from === undefined ? target : `${from}/${target}`;
  if (prog === 'pushd') dirs.push(to); else dirs[dirs.length - 1] = to;
}

/** `… | cpio -o`, `cpio -p dir`, `zip -@ out.zip`, `tar -T - -czf …`: file names read from stdin, each file read. */
export function readsFileList(argv: readonly string[]): boolean {
  const prog = baseName(argv[0] ?? '');
  if (prog === 'cpio') return argv.some((a) => /^-[a-zA-Z]*[op]|^--(create|pass-through)$/.test(a));
  if (prog === 'zip') return argv.includes('-@');
  return (prog === 'tar' || prog === 'bsdtar' || prog === 'rsync') && argv.some((a, i) => a === '--files-from=-' || ((a === '-T' || a === '--files-from') && argv[i + 1] === '-'));
}

/** xargs' `-I R` / `-IR` / `-i` / `--replace[=R]` among its options: the string replaced by each input word. */
export function xargsReplaceString(options: readonly string[]): string | undefined {
  for (let i = 0; i < options.length; i++) {
    const o = options[i]!;
    if (o === '-I') return options[i + 1];
    if (/^-I./.test(o)) return o.slice(2);
    if (o === '-i' || o === '--replace') return '{}';
    if (o.startsWith('--replace=') || o.startsWith('-i')) return o.slice(o.startsWith('-i') ? 2 : 10) || '{}';
  }
  return undefined;
}

/**
 * The files `find DIR -name PAT` hands to its `-exec … {}`, as one glob (`DIR/**\/PAT`, `DIR/PAT` with -maxdepth 1):
 * `find ~ -name 'id_*' -exec cat {} \;` reads ~/.ssh/id_rsa. `{}` itself when the line does not say where it looks.
 */
export function foundFiles(argv: readonly string[]): string {
  const first = argv.findIndex((a, i) => i > 0 && /^[-(!]/.test(a) && !/^-[HLP]$/.test(a)); // -H -L -P come before the directories
  const dir = argv.slice(1, first < 0 ? argv.length : first).find((a) => !/^-[HLP]$/.test(a) && spelledOut(a));
  if (dir === undefined) return '{}';
  const at = argv.findIndex((a) => a === '-name' || a === '-iname');
  const name = at > 0 && argv[at + 1] !== undefined && !argv[at + 1]!.includes('/') ? argv[at + 1]! : '*';
  const shallow = argv.some((a, i) => a === '-maxdepth' && argv[i + 1] === '1');
  return `${dir.replace(/\/+$/, '')}/${shallow ? '' : '**/'}${name}`;
}

/** The commands of `find … -exec rm -rf {} \\;` / `-execdir … +` / `-ok`: find runs them, not a shell. */
export function findExecs(argv: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 1; i < argv.length; i++) {
    if (!/^-(exec|execdir|ok|okdir)$/.test(argv[i]!)) continue;
    const end = argv.findIndex((a, j) => j > i && (a === ';' || a === '+'));
    out.push(argv.slice(i + 1, end < 0 ? argv.length : end));
    i = end < 0 ? argv.length : end;
  }
  return out.filter((a) => a.length > 0);
}

/** The deepest parenthesis nesting, ignoring quotes: a cheap upper bound on substitution depth. */
export function nestingDepth(line: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 40 /* ( */) { if (++depth > max) max = depth; } else if (c === 41 /* ) */ && depth > 0) depth--;
  }
  return max;
}

export const CONTAINER_CLIS: ReadonlySet<string> = new Set(['docker', 'podman', 'nerdctl']);
/** Runners that fetch a package and run its program (`npx -y http-server`, `bunx x`). */
export const PACKAGE_RUNNERS: ReadonlySet<string> = new Set(['npx', 'bunx', 'pnpx']);
/** npm's registry clients (`npm i x`, `pnpm add x`) and Python's package installers (`pip install x`, `uv add x`). */
export const NPM_CLIENTS: ReadonlySet<string> = new Set(['npm', 'pnpm', 'yarn', 'bun', 'cnpm']);
export const PYTHON_INSTALLERS: ReadonlySet<string> = new Set(['pip', 'pip3', 'pipx', 'poetry', 'pdm', 'uv', 'uvx', 'rye', 'hatch', 'pipenv']);
// `docker exec`'s options that take a value (the rest are flags): `-u`, `-w`, `-e`, `--env-file` …
const EXEC_VALUE_OPT = /^(-[uwe]|--(user|workdir|env|env-file|detach-keys|privileged=.*|index))$/;

/**
 * The command a container runs for the line: `docker exec [opts] C cmd…`, `docker compose exec [opts] svc cmd…`,
 * `kubectl exec POD [opts] -- cmd…`. It runs with what the container holds (its secrets, its network), so it is judged too.
 */
export function containerCommand(argv: readonly string[]): string[] | undefined {
  const prog = baseName(argv[0] ?? '');
  if (prog === 'kubectl' || prog === 'oc') {
    const dash = argv.indexOf('--');
    const exec = argv.indexOf('exec'); // after global options: `kubectl -n prod exec …`
    return exec > 0 && dash > exec && dash < argv.length - 1 ? argv.slice(dash + 1) : undefined;
  }
  if (!CONTAINER_CLIS.has(prog)) return undefined;
  const at = argv[1] === 'compose' || argv[1] === 'container' ? 2 : 1;
  if (argv[at] !== 'exec') return undefined;
  let i = at + 1;
  while (i < argv.length && argv[i]!.startsWith('-')) i += EXEC_VALUE_OPT.test(argv[i]!) ? 2 : 1;
  return i + 1 < argv.length ? argv.slice(i + 1) : undefined;
}

// ssh's (and scp's) options that take a value: `ssh -D 1080 host` goes to host, not to 1080.
export const SSH_VALUE_OPT = /^-[bcDEeFIiJLlmOopQRSWwBP]$/;

/**
 * `ssh [opts] host cmd…`: the host and the command it runs there (ssh joins the words with spaces for the
 * remote shell). What that command reads is read on the host, and printed here.
 */
export function sshRemoteCommand(argv: readonly string[]): { host: string; line: string; at: number } | undefined {
  const prog = baseName(argv[0] ?? '');
  if (prog !== 'ssh' && prog !== 'autossh') return undefined;
  let i = 1;
  while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '--') i += SSH_VALUE_OPT.test(argv[i]!) || (prog === 'autossh' && argv[i] === '-M') ? 2 : 1;
  if (argv[i] === '--') i++;
  const dest = argv[i];
  if (dest === undefined || i + 1 >= argv.length) return undefined;
  return { host: dest.replace(/^[^@]*@/, ''), line: argv.slice(i + 1).join(' '), at: i + 1 };
}

/** The values of an option given as `-o x`, `--output x` or `--output=x`, except `-` (stdout). */
export function optionValues(args: readonly string[], option: RegExp): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    const eq = a.indexOf('=');
    if (eq > 0 && option.test(a.slice(0, eq))) out.push(a.slice(eq + 1));
    else if (option.test(a) && i + 1 < args.length) out.push(args[i + 1]!);
  });
  return out.filter((v) => v !== '-' && v !== '');
}

/** Words that are neither options nor an option's value (`valueOpts`); `-` (stdin) is a word. */
export function operands(args: readonly string[], valueOpts: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-') { out.push(a); continue; }
    if (a.startsWith('-')) { if (valueOpts.has(a)) i++; continue; }
    out.push(a);
  }
  return out;
}

/** The first value of any of `names`, given as `--name x` or `--name=x`. */
export function optionValue(args: readonly string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

/** A word single-quoted for a shell line the parser reads again. */
export const singleQuoted = (w: string): string => `'${w.replace(/'/g, `'\\''`)}'`;

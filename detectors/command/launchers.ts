// Programs that run a command they are handed: GTFOBins' "shell" entries and everyday launchers alike —
// `tmux new -d 'cmd'`, `screen -dm cmd`, `strace -f cmd`, `flock /tmp/l -c cmd`, `tar --checkpoint-action=exec=cmd`,
// `git -c core.pager=cmd log`, `sqlite3 db '.shell cmd'`, `vim -c '!cmd'`. parse-command.ts parses what they run as
// if it were typed, so a download piped to a shell is one whichever program starts it.
import { baseName, ENV_VALUE_OPTIONS, singleQuoted as quote } from './words.js';

/** How a launcher's options read: which take a value, which value is a shell line, what the words after them are. */
interface Options {
  /** Short options that take a value (`-o file`, `-ofile`, or last in a cluster: `-dmS name`). */
  short?: string;
  /** Long options that take a value when written without `=`. */
  long?: readonly string[];
  /** Short options whose value is a shell line it runs (`flock -c`, `su -c`, `script -qc`). */
  lineShort?: string;
  /** Long options whose value is a shell line it runs. */
  lineLong?: readonly string[];
  /** Words before the command that are not it: flock's lock file, taskset's mask, chrt's priority. */
  positionals?: number;
  /** What the words after the options are: a command's argv, a shell line (joined with spaces), or not a command. */
  rest?: 'argv' | 'line';
}

interface Scan { lines: string[]; rest: string[]; words: string[]; values: Map<string, string[]> }

/** Reads argv[1…] as `o` says: the shell lines its options carry, the words after them, every option's values. */
function scan(argv: readonly string[], o: Options): Scan {
  const lines: string[] = [];
  const values = new Map<string, string[]>();
  const note = (name: string, v: string | undefined) => {
    if (v === undefined) return;
    // In place: a copy per value made 12,000 options (`env -env -env …`) take a second.
    const list = values.get(name);
    if (list === undefined) values.set(name, [v]); else list.push(v);
    if ((name.length === 1 && o.lineShort?.includes(name)) || o.lineLong?.includes(name)) lines.push(v);
  };
  let positionals = o.positionals ?? 0;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { i++; break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const takes = o.long?.includes(name) === true || o.lineLong?.includes(name) === true;
      note(name, eq >= 0 ? a.slice(eq + 1) : takes ? argv[++i] : '');
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        if (!(o.short?.includes(ch) || o.lineShort?.includes(ch))) { note(ch, ''); continue; }
        note(ch, j + 1 < a.length ? a.slice(j + 1) : argv[++i]);
        break;
      }
      continue;
    }
    if (positionals > 0) { positionals--; continue; }
    if (o.rest !== undefined) break;
  }
  const words = o.rest === undefined ? [] : argv.slice(i);
  const rest = words.length === 0 ? [] : o.rest === 'line' ? [words.join(' ')] : [words.map(quote).join(' ')];
  return { lines, rest, words, values };
}

const commandOf = (argv: readonly string[], o: Options): string[] => { const s = scan(argv, o); return [...s.lines, ...s.rest]; };

const PREFIX_LAUNCHERS: Record<string, Options> = {
  screen: { short: 'SceEhpstTX', rest: 'argv' },
  strace: { short: 'oepsaEIuXbPU', rest: 'argv' },
  ltrace: { short: 'oepsaEnulLxA', rest: 'argv' },
  unbuffer: { rest: 'argv' },
  taskset: { positionals: 1, rest: 'argv' },
  chrt: { short: 'TPD', positionals: 1, rest: 'argv' },
  flock: { short: 'wE', long: ['timeout', 'conflict-exit-code'], lineShort: 'c', lineLong: ['command'], positionals: 1, rest: 'argv' },
  su: { short: 'sgGw', long: ['shell', 'group', 'supp-group', 'whitelist-environment'], lineShort: 'c', lineLong: ['command', 'session-command'] },
  sg: { lineShort: 'c', positionals: 1, rest: 'line' },
  script: {
    short: 'ETIOBt', long: ['echo', 'log-in', 'log-out', 'log-io', 'log-timing', 'output-limit', 'logging-format'],
    lineShort: 'c', lineLong: ['command'],
  },
  pkexec: { long: ['user'], rest: 'argv' },
  'systemd-run': {
    short: 'pEMHu',
    long: [
      'unit', 'property', 'description', 'slice', 'uid', 'gid', 'nice', 'working-directory', 'setenv', 'service-type', 'machine', 'host',
      'on-active', 'on-boot', 'on-startup', 'on-unit-active', 'on-unit-inactive', 'on-calendar', 'timer-property', 'path-property', 'socket-property',
    ],
    rest: 'argv',
  },
  watch: { short: 'n', long: ['interval'], rest: 'line' },
  nodemon: { lineShort: 'x', lineLong: ['exec'] },
  proxychains: { short: 'f', rest: 'argv' },
  proxychains4: { short: 'f', rest: 'argv' },
  torsocks: { short: 'uapP', rest: 'argv' },
  'xvfb-run': { short: 'nsfpe', long: ['server-num', 'server-args', 'auth-file', 'xauth-protocol', 'error-file'], rest: 'argv' },
  'dbus-run-session': { long: ['config-file', 'dbus-daemon'], rest: 'argv' },
  faketime: { short: 'm', positionals: 1, rest: 'argv' },
  rsync: { short: 'fBTM', lineShort: 'e', lineLong: ['rsh'] },
  npx: { lineShort: 'c', lineLong: ['call'] },
};

/** Terminal emulators: `xterm -e cmd args`, `gnome-terminal -- cmd args`. */
const TERMINALS = new Set([
  'xterm', 'uxterm', 'x-terminal-emulator', 'konsole', 'alacritty', 'terminator', 'xfce4-terminal', 'gnome-terminal', 'kitty', 'wezterm',
  'foot', 'st', 'urxvt', 'rxvt',
]);

/** tmux commands whose last words are a shell command, and the options of theirs that take a value. */
const TMUX_RUNS = new Set([
  'new-session', 'new', 'new-window', 'neww', 'split-window', 'splitw', 'respawn-pane', 'respawnp', 'respawn-window', 'respawnw',
  'run-shell', 'run', 'send-keys', 'send',
]);
const TMUX_VALUE = 'cefFlnpstxyN';
/** Keys `tmux send-keys` presses that are not text typed (the command is typed, then Enter). */
const TMUX_KEYS = /^(?:Enter|KPEnter|C-[a-zA-Z]|M-[a-zA-Z]|Escape|Tab|Space|BSpace)$/;

function tmux(argv: readonly string[]): string[] {
  const out: string[] = [];
  // Global options first (`-L sock`, `-S path`, `-f conf`); `-c cmd` runs a shell command like `sh -c`.
  let i = 1;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    if (argv[i] === '-c') out.push(argv[++i] ?? '');
    else if (/^-[LSfT]$/.test(argv[i]!)) i++;
  }
  // `tmux new -d 'a' \; split-window 'b'`: each command in turn.
  while (i < argv.length) {
    const end = argv.indexOf(';', i);
    const cmd = argv.slice(i, end < 0 ? argv.length : end);
    i = end < 0 ? argv.length : end + 1;
    if (!TMUX_RUNS.has(cmd[0] ?? '')) continue;
    const { words } = scan(cmd, { short: TMUX_VALUE, rest: 'argv' });
    out.push((cmd[0] === 'send-keys' || cmd[0] === 'send' ? words.filter((w) => !TMUX_KEYS.test(w)) : words).join(' '));
  }
  return out;
}

// Values of `git -c key=value` that git runs as a shell command (alias and credential helper only when `!`-prefixed).
const GIT_COMMAND_KEY =
  /^(?:core\.(?:sshcommand|pager|editor|fsmonitor)|sequence\.editor|diff\.external|pager\.[\w.-]+|gpg\.(?:[\w-]+\.)?program|uploadpack\.packobjectshook)$/i;
const GIT_BANG_KEY = /^(?:alias\.[\w.-]+|credential(?:\..+)?\.helper)$/i;

function git(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const setting = a === '-c' ? argv[++i] : a.startsWith('-c') && a.length > 2 ? a.slice(2) : undefined;
    if (setting !== undefined) {
      const eq = setting.indexOf('=');
      const [key, value] = eq < 0 ? [setting, ''] : [setting.slice(0, eq), setting.slice(eq + 1)];
      if (GIT_COMMAND_KEY.test(key)) out.push(value);
      else if (GIT_BANG_KEY.test(key) && value.startsWith('!')) out.push(value.slice(1));
      continue;
    }
    // `git ls-remote --upload-pack='cmd' .`, `git push --receive-pack=cmd`, `clone -u cmd`: run in place of git's own.
    const pack = /^--(?:upload|receive)-pack(?:=(.*))?$/.exec(a);
    if (pack) out.push(pack[1] ?? argv[++i] ?? '');
    else if (a === '-u' && (argv.includes('clone') || argv.includes('ls-remote'))) out.push(argv[++i] ?? '');
  }
  return out;
}

/** `vim -c '!cmd'`, `vim +'silent !cmd'`, `gdb -ex 'shell cmd'`: an editor's or debugger's command that shells out. */
function shellEscapes(commands: readonly string[], escape: RegExp): string[] {
  return commands.flatMap((c) => { const m = escape.exec(c); return m ? [m[1]!] : []; });
}
const VIM_ESCAPE = /^[\s:]*(?:silent!?\s*)?!(.+)$/s;
const GDB_ESCAPE = /^\s*(?:shell|!|pipe\s[^|]*\|)\s*(.+)$/s;
const SQLITE_ESCAPE = /^\s*\.(?:shell|system)\s+(.+)$/s;
const ED_ESCAPE = /^!(.+)$/;

function vim(argv: readonly string[], stdin: string | undefined): string[] {
  const commands: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-c' || a === '--cmd') commands.push(argv[++i] ?? '');
    else if (a.startsWith('+') && a.length > 1) commands.push(a.slice(1));
  }
  // `vim -es < script`, `ex <<< '!cmd'`: commands read from stdin.
  if (stdin !== undefined && argv.some((a) => /^-[a-zA-Z]*[es]/.test(a) || baseName(argv[0]!) === 'ex')) commands.push(...stdin.split('\n'));
  return shellEscapes(commands, VIM_ESCAPE);
}

function gdb(argv: readonly string[]): string[] {
  const commands: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-ex' || a === '-iex' || a === '--ex' || a === '--eval-command' || a === '-eval-command') commands.push(argv[++i] ?? '');
    else if (/^--?eval-command=/.test(a)) commands.push(a.slice(a.indexOf('=') + 1));
  }
  return shellEscapes(commands, GDB_ESCAPE);
}

function sqlite(argv: readonly string[], stdin: string | undefined): string[] {
  const commands = argv.slice(1).filter((a, i, rest) => !a.startsWith('-') || rest[i - 1] === '-cmd');
  return shellEscapes([...commands, ...(stdin?.split('\n') ?? [])], SQLITE_ESCAPE);
}

function tar(argv: readonly string[]): string[] {
  const { lines, values } = scan(argv, {
    short: 'fCTXbgKLNVH',
    lineShort: 'IF',
    long: ['checkpoint-action', 'file', 'directory', 'files-from', 'exclude-from'],
    lineLong: ['to-command', 'use-compress-program', 'rsh-command', 'info-script', 'new-volume-script'],
  });
  const actions = (values.get('checkpoint-action') ?? []).flatMap((v) => { const m = /^exec=(.+)$/s.exec(v); return m ? [m[1]!] : []; });
  return [...lines, ...actions];
}

function zip(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '-TT' || argv[i] === '--unzip-command') out.push(argv[++i] ?? '');
    else if (argv[i]!.startsWith('--unzip-command=')) out.push(argv[i]!.slice('--unzip-command='.length));
  }
  return out;
}

/** `make --eval=$'x:\n\tcmd'`: the recipe lines of a makefile given on the command line. */
function make(argv: readonly string[]): string[] {
  const evals = argv.flatMap((a, i) => (a.startsWith('--eval=') ? [a.slice(7)] : a === '--eval' ? [argv[i + 1] ?? ''] : []));
  return evals.flatMap((e) => e.split('\n').filter((l) => l.startsWith('\t')).map((l) => l.slice(1).replace(/^[@+-]+/, '')));
}

/** `expect -c 'spawn sh -c "…"; interact'`: what it spawns (its Tcl words read as shell words). */
function expect(argv: readonly string[]): string[] {
  const scripts = argv.flatMap((a, i) => (a === '-c' ? [argv[i + 1] ?? ''] : []));
  return scripts.flatMap((s) => s.split(/[;\n{}]/).map((p) => p.trim()).filter((p) => p.startsWith('spawn ')).map((p) => p.slice(6)));
}

/** `parallel ::: 'cmd1' 'cmd2'`: with no command before `:::`, each argument is one. */
function parallel(argv: readonly string[]): string[] {
  const sep = argv.indexOf(':::');
  return sep > 0 && argv.slice(1, sep).every((a) => a.startsWith('-')) ? argv.slice(sep + 1, sep + 9) : [];
}

/** `entr -s 'make && ./test'` runs its first argument with the shell; without -s, its arguments are the command. */
function entr(argv: readonly string[]): string[] {
  const s = scan(argv, { rest: 'argv' });
  return s.values.has('s') ? s.words.slice(0, 1) : s.rest;
}

// ssh's own options that run a local command (`-o ProxyCommand=…`, `-oLocalCommand …`); the same in scp and sftp.
const SSH_COMMAND_OPTION = /^(?:ProxyCommand|LocalCommand|KnownHostsCommand)(?:\s*=\s*|\s+)(.+)$/is;

function ssh(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const value = argv[i] === '-o' ? argv[++i] : argv[i]!.startsWith('-o') ? argv[i]!.slice(2) : undefined;
    const m = value === undefined ? null : SSH_COMMAND_OPTION.exec(value);
    if (m) out.push(m[1]!.replace(/%[hpnrC%]/g, 'host'));
  }
  return out;
}

const RUNUSER_ARGV: Options = { short: 'ugG', long: ['user', 'group', 'supp-group'], rest: 'argv' };

/**
 * `env -S 'bash -c "…"' more`: env splits the string into the first words of what it runs (as a `#!/usr/bin/env -S`
 * line does) and appends the words after it. words.ts leaves env in place when it has -S, so that it arrives here.
 */
function env(argv: readonly string[]): string[] {
  const s = scan(argv, { ...ENV_VALUE_OPTIONS, lineShort: 'S', lineLong: ['split-string'], rest: 'argv' });
  return s.lines.length === 0 ? [] : [[s.lines.join(' '), ...s.words.filter((w) => !/^[A-Za-z_]\w*=/.test(w)).map(quote)].join(' ')];
}

const SPECIAL: Record<string, (argv: readonly string[], stdin: string | undefined) => string[]> = {
  env, tmux, git, gdb, tar, zip, make, expect, parallel, entr, ssh, scp: ssh, sftp: ssh,
  vim: vim, vi: vim, nvim: vim, view: vim, rvim: vim, vimdiff: vim, ex: vim,
  sqlite3: sqlite,
  ed: (_argv, stdin) => shellEscapes(stdin?.split('\n') ?? [], ED_ESCAPE),
  // `runuser -u user -- cmd args` runs an argv; `runuser user -c 'cmd'` a line, as su.
  runuser: (argv) => commandOf(argv, argv.includes('-u') || argv.includes('--user') ? RUNUSER_ARGV : PREFIX_LAUNCHERS.su!),
  npm: (argv) => (argv[1] === 'exec' || argv[1] === 'x' ? commandOf(argv.slice(1), PREFIX_LAUNCHERS.npx!) : []),
};

/**
 * The shell lines `argv` (wrappers stripped) has another program run, and `stdin` (its heredoc) where the program
 * reads commands from it. Empty for any program that is not a launcher.
 */
export function launchedLines(argv: readonly string[], stdin: string | undefined): string[] {
  const prog = baseName(argv[0] ?? '');
  const special = SPECIAL[prog];
  if (special) return special(argv, stdin).filter((l) => l.trim() !== '');
  if (TERMINALS.has(prog)) {
    const at = argv.findIndex((a, i) => i > 0 && (a === '-e' || a === '-x' || a === '--' || a === '--command'));
    return at > 0 && at + 1 < argv.length ? [argv.slice(at + 1).map(quote).join(' ')] : [];
  }
  const options = PREFIX_LAUNCHERS[prog];
  return options === undefined ? [] : commandOf(argv, options).filter((l) => l.trim() !== '');
}

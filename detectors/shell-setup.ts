// What a tool's installer or a developer adds to a shell startup file to set up a tool: its directory on PATH,
// its home variable, its init (`eval "$(pyenv init -)"`), its env script sourced, an alias, a completion. Agents
// do this while installing toolchains. A startup file is still where persistence goes, so every line must be
// of these shapes, with nothing that runs a download, backgrounds a program, loads a library into every
// process, hooks the prompt, captures a password (an alias of sudo), or puts a temp or relative directory on
// PATH ahead of the system's. Anything else is not setup and stays judged as persistence.
import type { EventFacts, WriteFact } from './facts.js';

/** Variables whose value is a tool's directory or a plain setting, not code (LD_PRELOAD, NODE_OPTIONS, PROMPT_COMMAND are not). */
const SETUP_VARIABLES = new Set([
  'PATH', 'MANPATH', 'INFOPATH', 'GOPATH', 'GOROOT', 'GOBIN', 'CARGO_HOME', 'RUSTUP_HOME', 'NVM_DIR', 'PNPM_HOME', 'BUN_INSTALL',
  'DENO_INSTALL', 'VOLTA_HOME', 'PYENV_ROOT', 'RBENV_ROOT', 'NODENV_ROOT', 'GOENV_ROOT', 'SDKMAN_DIR', 'JAVA_HOME', 'ANDROID_HOME',
  'ANDROID_SDK_ROOT', 'DOTNET_ROOT', 'FLUTTER_HOME', 'GEM_HOME', 'PIPX_HOME', 'PIPX_BIN_DIR', 'POETRY_HOME', 'ZSH', 'ZSH_THEME',
  'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'NODE_ENV', 'GPG_TTY', 'DOCKER_BUILDKIT', 'COMPOSE_DOCKER_CLI_BUILD', 'CLICOLOR',
  'HOMEBREW_NO_ANALYTICS', 'HOMEBREW_NO_AUTO_UPDATE', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'EDITOR', 'VISUAL',
]);
/** Editors by name (`EDITOR=/tmp/x` runs that on every `git commit`). */
const EDITORS = /^(vim?|nvim|nano|emacs(client)?|micro|hx|helix|code( --wait| -w)?|subl( -w)?|zed( --wait)?)$/;
/** Tools whose shell init is evaluated (`eval "$(pyenv init -)"`, `eval "$(brew shellenv)"`), by their verb. */
const INIT_TOOLS = new Set(['pyenv', 'rbenv', 'nodenv', 'goenv', 'jenv', 'direnv', 'zoxide', 'starship', 'fnm', 'mise', 'rtx', 'brew', 'conda', 'atuin', 'fzf', 'pixi', 'uv', 'thefuck', 'frum', 'rbw']);
const INIT_VERBS = /^(init|hook|activate|shellenv|env|shell\.(bash|zsh|fish)|--alias|--(bash|zsh|fish)|generate-shell-completion|completions?)$/;
/** Env scripts tools ship to be sourced, where they put them (rustup's, nvm's, SDKMAN's, gcloud's, oh-my-zsh's …). */
const HOME_PREFIX = String.raw`(\$HOME|\$\{HOME\}|~)`;
const SOURCED = new RegExp([
  String.raw`${HOME_PREFIX}/\.cargo/env`, String.raw`(\$NVM_DIR|${HOME_PREFIX}/\.nvm)/(nvm\.sh|bash_completion)`,
  String.raw`(\$SDKMAN_DIR|${HOME_PREFIX}/\.sdkman)/bin/sdkman-init\.sh`, String.raw`${HOME_PREFIX}/\.ghcup/env`,
  String.raw`(${HOME_PREFIX}|/usr/(local/)?(share|lib)|/opt(/homebrew)?(/share)?)/google-cloud-sdk/(path|completion)\.(bash|zsh)\.inc`,
  String.raw`\$ZSH/oh-my-zsh\.sh`, String.raw`${HOME_PREFIX}/\.fzf\.(bash|zsh)`, String.raw`/usr/share/bash-completion/bash_completion`,
  String.raw`/etc/bash_completion`, String.raw`${HOME_PREFIX}/\.bun/_bun`, String.raw`${HOME_PREFIX}/\.asdf/asdf\.sh`,
  String.raw`(/opt/homebrew|/usr/local)/opt/asdf/libexec/asdf\.sh`, String.raw`${HOME_PREFIX}/(mini|ana)conda3/etc/profile\.d/conda\.sh`,
].map((p) => `^${p}$`).join('|'));
/** Where nothing of a setup lives: world-writable scratch. */
const SCRATCH = /^(\/tmp|\/var\/tmp|\/dev\/shm)(\/|$)/;
/** Programs an alias must not stand in for: a prompt for their password is how one is captured. */
const GUARDED = new Set(['sudo', 'su', 'doas', 'pkexec', 'ssh', 'scp', 'sftp', 'passwd', 'gpg', 'ssh-add', 'git']);
/** Common commands an alias may stand in for, and the tools developers put in their place. */
const REPLACEMENTS: Record<string, string[]> = {
  ls: ['eza', 'exa', 'lsd'], ll: ['ls', 'eza', 'exa', 'lsd'], la: ['ls', 'eza', 'exa', 'lsd'], cat: ['bat', 'batcat'], vi: ['vim', 'nvim'], vim: ['nvim'],
  python: ['python3'], pip: ['pip3'], find: ['fd', 'fdfind'], grep: ['rg', 'grep'], top: ['htop', 'btop'], docker: ['podman'],
  diff: ['delta', 'colordiff'], cd: ['z'], rm: ['trash'], cp: [], mv: [], ps: ['procs'], du: ['dust', 'ncdu'], df: ['duf'],
  node: [], npm: ['pnpm'], make: [], curl: [], wget: [], kubectl: ['kubecolor'], man: ['tldr'], less: ['bat'], apt: [], 'apt-get': [],
  yum: [], dnf: [], brew: [], chmod: [], chown: [], mount: [], tar: [], pip3: [], python3: [], go: [], cargo: [], java: [], gcc: [], cc: [],
};

/** What an alias must not run: the network, or an interpreter given code (`python3 -c …`). */
const ALIAS_NEVER = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ssh', 'scp', 'eval', 'exec', 'source', 'nohup', 'setsid',
  // …or destroy, or change who may do what, under another command's name (RedCode's `alias apt-get="rm -rf /usr"`).
  'rm', 'rmdir', 'dd', 'shred', 'wipefs', 'truncate', 'chmod', 'chown', 'chgrp', 'kill', 'pkill', 'killall', 'shutdown', 'reboot', 'halt',
  'poweroff', 'sudo', 'su', 'doas', 'crontab', 'systemctl', 'iptables', 'ufw', 'userdel', 'usermod', 'passwd', 'find', 'xargs', 'mkfs']);
const INTERPRETERS = /^(sh|bash|zsh|dash|ksh|fish|python[\d.]*|node|deno|bun|perl|ruby|php|lua|osascript|pwsh|vim?|nvim|emacs)$/;
const PLAIN_NAME = /^[A-Za-z0-9_.+-]{1,40}$/;

const unquote = (s: string) => s.replace(/^(["'])(.*)\1$/s, '$2');

/** A tool's own answer to where it lives (`$(go env GOPATH)`, `$(brew --prefix)`), or the terminal (`$(tty)`). */
const TOOL_QUERY = /\$\((tty|go env GO(PATH|ROOT|BIN)|brew --prefix( [\w@.-]{1,30})?|pyenv root|rbenv root|npm (config )?get prefix|yarn global bin|\/usr\/libexec\/java_home( -v [\d.]{1,6})?)\)/;
const FROM_TOOL_QUERY = new RegExp(`^${TOOL_QUERY.source}(/|$)`);
const TOOL_QUERIES = new RegExp(TOOL_QUERY.source, 'g');

/** A directory of PATH-like value: absolute (not scratch), under the home, or a setup variable's; never `.` or relative. */
function isSetupDir(dir: string): boolean {
  if (dir === '$PATH' || dir === '${PATH}' || dir === '$MANPATH' || dir === '$INFOPATH') return true;
  if (/^(\$HOME|\$\{HOME\}|~)(\/|$)/.test(dir) || FROM_TOOL_QUERY.test(dir)) return !dir.includes('..');
  const v = /^\$\{?([A-Z_]{1,30})\}?(\/|$)/.exec(dir);
  if (v) return SETUP_VARIABLES.has(v[1]!) && v[1] !== 'PATH' && !dir.includes('..');
  return dir.startsWith('/') && !SCRATCH.test(dir) && !dir.includes('..');
}

/** A value with no code in it: no command substitution but `$(tty)` and a tool's own location queries. */
function isPlainValue(value: string): boolean {
  const rest = value.replace(TOOL_QUERIES, '');
  return !/[`;&|<>]|\$\(/.test(rest);
}

function isAssignment(name: string, raw: string): boolean {
  if (!SETUP_VARIABLES.has(name)) return false;
  const value = unquote(raw);
  if (!isPlainValue(value)) return false;
  if (name === 'EDITOR' || name === 'VISUAL') return EDITORS.test(value);
  if (/PATH$/.test(name)) return value.split(':').every(isSetupDir);
  return !SCRATCH.test(value) && !/\s/.test(value.replace(/\$\(tty\)/, ''));
}

function isSourced(file: string): boolean {
  const f = unquote(file);
  return SOURCED.test(f);
}

/** One line of setup (its own shape, no other command on it). */
function isSetupLine(line: string): boolean {
  if (line === '' || line.startsWith('#')) return true;
  let m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]{0,40})=(\S+|"[^"]*"|'[^']*')$/.exec(line);
  if (m) return isAssignment(m[1]!, m[2]!);
  m = /^set\s+-gx\s+([A-Z_]{1,40})\s+(.+)$/.exec(line); // fish
  if (m) return m[1] === 'PATH' ? m[2]!.split(/\s+/).every((d) => isSetupDir(unquote(d))) : isAssignment(m[1]!, m[2]!);
  m = /^fish_add_path\s+(?:-\w+\s+)*(\S+)$/.exec(line);
  if (m) return isSetupDir(unquote(m[1]!));
  // `source ~/.cargo/env`, `. "$NVM_DIR/nvm.sh"`, nvm's `[ -s "$NVM_DIR/nvm.sh" ] && \. "$NVM_DIR/nvm.sh"`.
  m = /^(?:\[\[?\s+-[sfer]\s+(\S+)\s+\]\]?\s+&&\s+)?(?:source|\\?\.)\s+(\S+)$/.exec(line);
  if (m) return isSourced(m[2]!) && (m[1] === undefined || unquote(m[1]) === unquote(m[2]!));
  // `eval "$(pyenv init -)"`, `eval "$(/opt/homebrew/bin/brew shellenv)"`, `source <(kubectl completion bash)`.
  m = /^(?:eval\s+"\$\(|source\s+<\()([^()"`;&|<>$]{1,120})\)"?$/.exec(line);
  if (m) {
    const [tool = '', verb = ''] = m[1]!.trim().split(/\s+/);
    const name = tool.split('/').pop()!;
    if (SCRATCH.test(tool) || !PLAIN_NAME.test(name)) return false;
    return (INIT_TOOLS.has(name) && INIT_VERBS.test(verb)) || /^completions?$/.test(verb);
  }
  // `alias ll='ls -alF'`, `alias k=kubectl`, `alias sudo='sudo '`: a command and plain options, nothing chained,
  // quoted, fetched or evaluated, and no stand-in for a program whose password prompt could be captured.
  m = /^alias\s+([A-Za-z0-9_.-]{1,40})=(\S+|"[^"]*"|'[^']*')$/.exec(line);
  if (m) {
    const words = unquote(m[2]!).trim().split(/\s+/);
    const first = words[0] ?? '';
    if (!words.every((w) => /^[A-Za-z0-9_.=:,/+@%~-]*$/.test(w) && !SCRATCH.test(w.replace(/^[^/]*=/, ''))) || !PLAIN_NAME.test(first)) return false;
    // Its own program with options (`alias rm='rm -i'`, `alias grep='grep --color=auto'`) is a preference.
    if (first !== m[1] && (ALIAS_NEVER.has(first) || /^mkfs/.test(first))) return false;
    if (INTERPRETERS.test(first) && words.length > 1) return false; // `alias node='node -r ~/.cache/x.js'` loads code into every run
    const name = m[1]!;
    if (GUARDED.has(name)) return first === name && words.length === 1; // `alias sudo='sudo '` (expand aliases after it), no options
    // A common command stands in only for itself or its well-known replacement (`alias ls=x` runs whatever x is).
    return !(name in REPLACEMENTS) || first === name || REPLACEMENTS[name]!.includes(first);
  }
  // terraform's and vault's `-install-autocomplete`: `complete -C /usr/local/bin/terraform terraform`.
  m = /^complete\s+(?:-o\s+\w+\s+)?-C\s+(\S+)\s+([A-Za-z0-9_.-]{1,40})$/.exec(line);
  if (m) return m[1]!.split('/').pop() === m[2] && !SCRATCH.test(m[1]!);
  return /^(shopt\s+-s\s+\w+|setopt\s+\w+|set\s+-o\s+(vi|emacs)|bindkey\s+-[ev]|autoload\s+-Uz?\s+compinit(\s+&&\s+compinit)?|compinit|plugins=\([\w\s-]*\))$/.test(line);
}

/** Whether every line `text` adds (those not already in `old`, an Edit's replaced text) is setup. */
export function isShellSetup(text: string, old?: string): boolean {
  const before = new Set((old ?? '').split('\n').map((l) => l.trim()));
  const added = text.split('\n').map((l) => l.trim()).filter((l) => !before.has(l));
  return added.some((l) => l !== '' && !l.startsWith('#')) && added.every(isSetupLine);
}

/** An Edit's added lines, or what a shell appended (`>>`, `tee -a`), are setup only; a whole file written is not judged so. */
export function addsShellSetup(w: WriteFact, written: EventFacts['textWritten']): boolean {
  if (w.oldContent !== undefined) return w.content !== undefined && isShellSetup(w.content, w.oldContent);
  const appended = written?.find((t) => t.path === w.path);
  return w.content === undefined && appended?.append === true && isShellSetup(appended.text);
}

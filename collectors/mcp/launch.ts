// What a stdio server's command line launches: the package a runner fetches (npx, bunx, pnpm dlx, uvx,
// pipx run, docker run …) and its version pin, and the script a shell wrapper hides. Pure; used by the
// static findings and by the allowlist.
import path from 'node:path';
import semver from 'semver';
import { parse as shellParse } from 'shell-quote';

export type Ecosystem = 'npm' | 'pypi' | 'docker' | 'git';

export interface PackageRef {
  ecosystem: Ecosystem;
  /** Package or image name without version (`@scope/pkg`, `mcp-server-fetch`, `ghcr.io/github/github-mcp-server`). */
  name: string;
  /** Version, tag or digest as written; undefined when none. */
  version?: string;
  /** The whole spec as written (`@scope/pkg@1.2.3`, `mcp-server-fetch==0.6.2`, `image@sha256:…`). */
  spec: string;
  /** The runner that fetches it: npx, uvx, docker … */
  runner: string;
  /** Exact version (npm/PyPI), an image digest, or a git commit: what ran yesterday is what runs today. */
  pinned: boolean;
}

/** `/usr/bin/npx.cmd` → `npx`. */
export const baseCommand = (command: string) => path.win32.basename(path.posix.basename(command)).replace(/\.(exe|cmd|bat|ps1)$/i, '').toLowerCase();

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'cmd', 'powershell', 'pwsh']);
const SCRIPT_FLAGS = new Set(['-c', '/c', '/k', '-command', '-encodedcommand', '-e', '-ec']);

/** The script a shell wrapper runs (`sh -c "…"`, `cmd /c …`, `powershell -Command …`), or undefined. */
export function shellScript(command: string, args: string[]): { shell: string; script: string } | undefined {
  const shell = baseCommand(command);
  if (!SHELLS.has(shell)) return undefined;
  const i = args.findIndex((a) => SCRIPT_FLAGS.has(a.toLowerCase()) || /^-[a-z]*c$/i.test(a));
  if (i < 0) return undefined;
  return { shell, script: args.slice(i + 1).join(' ') };
}

/** The argv a shell script starts with (the first simple command), best effort. */
function scriptArgv(script: string): string[] {
  const words: string[] = [];
  for (const t of shellParse(script)) {
    if (typeof t !== 'string') break;
    words.push(t);
  }
  return words;
}

/** The package the command line fetches and runs, looking through one shell wrapper. */
export function launchPackage(command: string | undefined, args: string[] = []): PackageRef | undefined {
  if (!command) return undefined;
  const wrapped = shellScript(command, args);
  if (wrapped) {
    const [c, ...rest] = scriptArgv(wrapped.script);
    return c && !SHELLS.has(baseCommand(c)) ? launchPackage(c, rest) : undefined;
  }
  let runner = baseCommand(command);
  let rest = args;
  if (runner === 'sudo' || runner === 'doas') return launchPackage(args[0], args.slice(1));
  if ((runner === 'pnpm' || runner === 'yarn') && args[0] === 'dlx') { runner = `${runner} dlx`; rest = args.slice(1); }
  else if (runner === 'npm' && (args[0] === 'exec' || args[0] === 'x')) { runner = 'npm exec'; rest = args.slice(1); }
  else if (runner === 'bun' && args[0] === 'x') { runner = 'bunx'; rest = args.slice(1); }
  else if (runner === 'uv' && args[0] === 'tool' && args[1] === 'run') { runner = 'uvx'; rest = args.slice(2); }
  else if (runner === 'pipx' && args[0] === 'run') { runner = 'pipx run'; rest = args.slice(1); }
  else if ((runner === 'docker' || runner === 'podman') && args[0] === 'run') return dockerImage(runner, args.slice(1));

  if (['npx', 'bunx', 'pnpx', 'pnpm dlx', 'yarn dlx', 'npm exec'].includes(runner)) {
    const spec = optionValue(rest, ['-p', '--package']) ?? firstPositional(rest, NPM_VALUE_FLAGS);
    return spec ? npmSpec(runner, spec) : undefined;
  }
  if (runner === 'uvx' || runner === 'pipx run') {
    const spec = optionValue(rest, ['--from', '--spec']) ?? firstPositional(rest, PY_VALUE_FLAGS);
    return spec ? pySpec(runner, spec) : undefined;
  }
  return undefined;
}

const NPM_VALUE_FLAGS = new Set(['--registry', '--cache', '--userconfig', '-c', '--call']);
const PY_VALUE_FLAGS = new Set(['--with', '--python', '-p', '--index-url', '--index', '--extra-index-url', '--python-version', '--pip-args']);
const DOCKER_VALUE_FLAGS = new Set(['-e', '--env', '--env-file', '-v', '--volume', '--mount', '--name', '--network', '--net', '-p', '--publish',
  '-w', '--workdir', '-u', '--user', '--entrypoint', '--platform', '-l', '--label', '--memory', '-m', '--cpus', '--add-host', '--cap-add', '--cap-drop', '--device', '--pull', '--hostname', '-h', '--security-opt', '--ipc', '--pid', '--tmpfs', '--shm-size', '--gpus', '--runtime', '--ulimit', '--dns']);

function optionValue(args: string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return undefined;
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

function firstPositional(args: string[], valueFlags: Set<string>): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return args[i + 1];
    if (a.startsWith('-')) { if (valueFlags.has(a)) i++; continue; }
    return a;
  }
  return undefined;
}

const GIT_COMMIT = /[@#](?:commit=)?[0-9a-f]{40}$/i;
const isGit = (spec: string) => /^(git\+|git:|github:|gitlab:|bitbucket:)/.test(spec) || /^https?:\/\/(www\.)?(github|gitlab)\.com\//.test(spec);

function gitSpec(runner: string, spec: string): PackageRef {
  const m = /^(.*?)(?:[@#](?:commit=)?([^@#/]+))?$/.exec(spec.replace(/^git\+/, ''))!;
  return { ecosystem: 'git', name: m[1]!, version: m[2], spec, runner, pinned: GIT_COMMIT.test(spec) };
}

function npmSpec(runner: string, spec: string): PackageRef | undefined {
  if (isGit(spec)) return gitSpec(runner, spec);
  if (/^(\.|\/|~|file:|[A-Za-z]:\\)/.test(spec)) return undefined; // a local path, not a registry package
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  const name = at < 0 ? spec : spec.slice(0, at);
  const version = at < 0 ? undefined : spec.slice(at + 1);
  return { ecosystem: 'npm', name, version, spec, runner, pinned: version !== undefined && semver.valid(version) !== null };
}

function pySpec(runner: string, spec: string): PackageRef {
  if (isGit(spec)) return gitSpec(runner, spec);
  const m = /^([A-Za-z0-9_.\-[\],]+?)\s*(==|@|>=|<=|~=|!=|>|<)\s*(.+)$/.exec(spec);
  if (!m) return { ecosystem: 'pypi', name: spec, spec, runner, pinned: false };
  const exact = (m[2] === '==' || m[2] === '@') && !/[*,<>]/.test(m[3]!) && m[3] !== 'latest';
  return { ecosystem: 'pypi', name: m[1]!.replace(/\[.*\]$/, ''), version: m[3], spec, runner, pinned: exact };
}

function dockerImage(runner: string, args: string[]): PackageRef | undefined {
  const image = firstPositional(args, DOCKER_VALUE_FLAGS);
  if (!image) return undefined;
  const digest = image.indexOf('@');
  if (digest >= 0) return { ecosystem: 'docker', name: image.slice(0, digest), version: image.slice(digest + 1), spec: image, runner, pinned: /^sha256:[0-9a-f]{64}$/i.test(image.slice(digest + 1)) };
  const colon = image.lastIndexOf(':');
  const hasTag = colon > image.lastIndexOf('/');
  return { ecosystem: 'docker', name: hasTag ? image.slice(0, colon) : image, version: hasTag ? image.slice(colon + 1) : undefined, spec: image, runner, pinned: false };
}

// The packages a command installs or runs from a registry, by name: `npm i lodash`, `pnpm add -D vite`,
// `npx -y create-x`, `pip install 'requests[socks]>=2'`, `python3 -m pip install`, `uv add`, `poetry add`,
// `pipx run`. Versions, extras and tags are cut off; paths, URLs and git specs are no registry names (other
// rules judge those). package-names.ts says which of them look like a popular package without being it.
import { baseName, NPM_CLIENTS as NPM, PACKAGE_RUNNERS, PYTHON_INSTALLERS as PIP } from './words.js';

export type Ecosystem = 'npm' | 'pypi';
export interface InstalledPackage { ecosystem: Ecosystem; name: string }

const NPM_VERBS = new Set(['install', 'i', 'add', 'isntall', 'in', 'ins', 'inst', 'insta', 'instal', 'exec', 'dlx', 'x']);
const PIP_VERBS = new Set(['install', 'add', 'inject']);
// Options that take a value (so the next word is no package).
const VALUE_OPTS = new Set(['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f',
  '--find-links', '--target', '-t', '--prefix', '--root', '--python', '-p', '--from', '--with', '--registry', '--cache',
  '--filter', '-F', '--workspace', '-w', '--group', '-G', '--source', '--trusted-host', '--platform', '--python-version', '--only-binary',
  '--no-binary', '--timeout', '--retries', '--proxy', '--cert', '--client-cert', '--spec', '--package']);

/** The registry packages one command installs or runs. */
export function installedPackages(argv: readonly string[]): InstalledPackage[] {
  let words = argv.slice();
  let prog = baseName(words[0] ?? '');
  // `python3 -m pip install x`, `uv pip install x`.
  if (/^python[0-9.]*$/.test(prog) && words[1] === '-m' && (words[2] === 'pip' || words[2] === 'uv')) { words = words.slice(2); prog = words[0]!; }
  if (prog === 'uv' && words[1] === 'pip') words = words.slice(1);
  if (PACKAGE_RUNNERS.has(prog)) return names('npm', words.slice(1), true);
  if (prog === 'uvx' || (prog === 'pipx' && words[1] === 'run')) return names('pypi', words.slice(prog === 'uvx' ? 1 : 2), true);
  if (prog === 'uv' && words[1] === 'tool' && words[2] === 'run') return names('pypi', words.slice(3), true);
  // `poetry run python x.py`, `uv run pytest`: a program of the project's environment, installed before; only
  // `uv run --with x` (and rye's, hatch's) installs what it names.
  if (PIP.has(prog) && words[1] === 'run') return withPackages(words);
  const ecosystem: Ecosystem | undefined = NPM.has(prog) ? 'npm' : PIP.has(prog) ? 'pypi' : undefined;
  if (ecosystem === undefined) return [];
  const verbAt = words.findIndex((w, i) => i > 0 && !w.startsWith('-'));
  const verb = words[verbAt] ?? '';
  if (!(ecosystem === 'npm' ? NPM_VERBS : PIP_VERBS).has(verb)) return [];
  // `npm exec x` / `pnpm dlx x` run the first one only; `yarn x` is no install.
  if (verb === 'exec' || verb === 'dlx' || verb === 'x') return names(ecosystem, words.slice(verbAt + 1), true);
  return names(ecosystem, words.slice(verbAt + 1));
}

/** The packages `--with x` / `--with=x` name (comma-separated lists too). */
function withPackages(words: readonly string[]): InstalledPackage[] {
  const specs = words.flatMap((w, i) => (w === '--with' ? [words[i + 1] ?? ''] : w.startsWith('--with=') ? [w.slice(7)] : []));
  return names('pypi', specs.flatMap((s) => s.split(',')));
}

/** The package names among `args`; `onlyFirst`: a runner's (`npx x args…`), whose later words are the program's. */
function names(ecosystem: Ecosystem, args: readonly string[], onlyFirst = false): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (let i = 0; i < args.length && out.length < 64; i++) {
    const a = args[i]!;
    if (a === '--') continue;
    if (a.startsWith('-')) { if (VALUE_OPTS.has(a)) i++; continue; }
    const name = registryName(ecosystem, a);
    if (name !== undefined) out.push({ ecosystem, name });
    if (onlyFirst) break;
  }
  return out;
}

/** The registry name of a package spec, or undefined for a path, URL, git spec or alias. */
export function registryName(ecosystem: Ecosystem, spec: string): string | undefined {
  if (/^[.~/]|:\/\/|^(git|github|gitlab|bitbucket|file|link|workspace|npm|http|https)[+:]|\.(tgz|tar\.gz|whl|zip)$/i.test(spec)) return undefined;
  if (ecosystem === 'npm') {
    const m = /^(@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*|[a-z0-9][\w.-]*)(@.*)?$/i.exec(spec);
    return m?.[1]!.toLowerCase();
  }
  // PEP 508: the name, then extras, a version or markers.
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([<>=!~;@ ].*)?$/.exec(spec);
  return m ? m[1]!.toLowerCase().replace(/[-_.]+/g, '-') : undefined;
}

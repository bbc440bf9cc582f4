// What a package publish sends, and where: the project's directory (or the archives it names) to a registry
// anyone can download from; a static site deployed is the same, its folder served to the web. A copy of a secret
// inside it is out for good once published. Its registry is where a developer's work goes every day, so a publish
// is not egress for the rules on hosts (facts.ts puts it in `sent` only); what it carries is the exfiltration
// rule's to judge.
import path from 'node:path';
import { baseName, operands, optionValue } from './words.js';
import { gitHostOf } from './git-push.js';

export interface PackagePublish {
  tool: string;
  host: string;
  url?: string;
  /** What goes, as the command names it: `.` for the project it runs in, else directories, archives or globs of them. */
  paths: string[];
}

interface Publisher {
  /** The subcommand words that publish (`['publish']`, `['npm', 'publish']` for Yarn 2+); `[]`: the bare command does, given no other word. */
  verbs: string[][];
  /** The public registry it sends to unless told another. */
  host: string;
  /** Options naming another registry (a URL; a bare name is a configured registry whose URL is elsewhere). */
  registryOpts: string[];
  /** Options that take a value (so that their value is not taken for a path). */
  valueOpts: string[];
  /** Options naming what is published (a manifest: its directory goes). */
  packageOpts?: string[];
  /** What goes when the command names nothing: the project (`.`), or its build output. */
  otherwise: string;
  /** A bare publisher's subcommands that publish nothing (`surge teardown`, `surge list`). */
  others?: string[];
  /** Options that publish nothing (a rehearsal). */
  dryRun?: string[];
}

const NPM_VALUE = ['--registry', '--tag', '--access', '--otp', '--workspace', '-w', '--filter', '--provenance-file',
  '--userconfig', '--prefix', '-C', '--dir'];
const NPM: Publisher = {
  verbs: [['publish']], host: 'registry.npmjs.org', registryOpts: ['--registry'], valueOpts: NPM_VALUE, otherwise: '.',
  dryRun: ['--dry-run', '-n'],
};
const PYPI_VALUE = ['--repository-url', '--repository', '-r', '--publish-url', '--index', '--username', '-u', '--password',
  '-p', '--token', '-t', '--config-file', '--sign-with', '--identity', '-i', '--comment', '-c', '--client-cert', '--cert',
  '--trusted-publishing', '--keyring-provider', '--check-url'];
const PYTHON_PROJECT: Publisher = {
  verbs: [['publish']], host: 'upload.pypi.org', registryOpts: ['--repository-url', '--publish-url', '--repo'],
  valueOpts: PYPI_VALUE, otherwise: '.', dryRun: ['--dry-run'],
};
const VSIX_VALUE = ['-p', '--pat', '-i', '--packagePath', '--target'];

const PUBLISHERS: Readonly<Record<string, Publisher>> = {
  npm: NPM, pnpm: NPM, bun: NPM,
  yarn: { ...NPM, verbs: [['publish'], ['npm', 'publish']] },
  cargo: {
    verbs: [['publish']], host: 'crates.io', registryOpts: ['--index'], packageOpts: ['--manifest-path'], otherwise: '.',
    valueOpts: ['--index', '--registry', '--token', '--manifest-path', '-p', '--package', '--target', '-j', '--jobs',
      '--features', '-F', '--config', '-Z'],
    dryRun: ['--dry-run', '-n'],
  },
  twine: { verbs: [['upload']], host: 'upload.pypi.org', registryOpts: ['--repository-url'], valueOpts: PYPI_VALUE, otherwise: 'dist' },
  poetry: PYTHON_PROJECT, uv: PYTHON_PROJECT, flit: PYTHON_PROJECT, hatch: PYTHON_PROJECT, pdm: PYTHON_PROJECT,
  gem: {
    verbs: [['push']], host: 'rubygems.org', registryOpts: ['--host'], otherwise: '.',
    valueOpts: ['--host', '--key', '-k', '--otp', '--attestation', '-p', '--http-proxy'],
  },
  dotnet: {
    verbs: [['nuget', 'push']], host: 'api.nuget.org', registryOpts: ['--source', '-s'], otherwise: '.',
    valueOpts: ['--source', '-s', '--api-key', '-k', '--symbol-source', '-ss', '--symbol-api-key', '-sk', '--timeout', '-t'],
  },
  nuget: {
    verbs: [['push']], host: 'api.nuget.org', registryOpts: ['-Source', '-source'], otherwise: '.',
    valueOpts: ['-Source', '-source', '-ApiKey', '-apikey', '-SymbolSource', '-Timeout', '-ConfigFile'],
  },
  vsce: {
    verbs: [['publish']], host: 'marketplace.visualstudio.com', registryOpts: [], packageOpts: ['-i', '--packagePath'], otherwise: '.',
    valueOpts: [...VSIX_VALUE, '--baseContentUrl', '--baseImagesUrl'],
  },
  // Static sites: the folder is served to anyone (the build output the command names, else the project).
  vercel: {
    verbs: [['deploy'], []], host: 'vercel.com', registryOpts: [], packageOpts: ['--cwd'], otherwise: '.',
    valueOpts: ['--scope', '--token', '-t', '--env', '-e', '--build-env', '-b', '--meta', '-m', '--regions', '--cwd', '--target'],
  },
  netlify: {
    verbs: [['deploy']], host: 'netlify.com', registryOpts: [], packageOpts: ['--dir', '-d'], otherwise: '.',
    valueOpts: ['--dir', '-d', '--site', '-s', '--auth', '--alias', '--message', '-m', '--functions', '-f', '--filter', '--context'],
  },
  wrangler: {
    verbs: [['pages', 'deploy'], ['pages', 'publish']], host: 'pages.dev', registryOpts: [], otherwise: '.',
    valueOpts: ['--project-name', '--branch', '--commit-hash', '--commit-message', '--config', '-c', '--env', '-e'],
  },
  firebase: {
    verbs: [['deploy']], host: 'web.app', registryOpts: [], otherwise: '.',
    valueOpts: ['--only', '--except', '--project', '-P', '--message', '-m', '--config', '-c', '--token'],
  },
  surge: {
    verbs: [[]], host: 'surge.sh', registryOpts: [], packageOpts: ['--project', '-p'], otherwise: '.',
    valueOpts: ['--domain', '-d', '--project', '-p'],
    others: ['login', 'logout', 'whoami', 'list', 'teardown', 'token', 'plus', 'ssl', 'encrypt', 'invite', 'revoke', 'dns', 'zone', 'config'],
  },
  'gh-pages': {
    verbs: [[]], host: 'github.io', registryOpts: [], packageOpts: ['--dist', '-d'], otherwise: '.',
    valueOpts: ['--dist', '-d', '--src', '-s', '--branch', '-b', '--dest', '-e', '--message', '-m', '--repo', '-r', '--remote', '-o',
      '--tag', '-t', '--user', '-u'],
  },
  ovsx: {
    verbs: [['publish']], host: 'open-vsx.org', registryOpts: ['-r', '--registryUrl'], packageOpts: ['-i', '--packagePath'], otherwise: '.',
    valueOpts: [...VSIX_VALUE, '-r', '--registryUrl'],
  },
};

/** The publish `argv` makes (`python -m twine upload` too), or undefined when it publishes nothing. */
export function packagePublishOf(argv: readonly string[]): PackagePublish | undefined {
  let prog = baseName(argv[0] ?? '');
  let words = argv.slice(1);
  if (/^python[0-9.]*$/.test(prog) && words[0] === '-m' && words[1] !== undefined) { prog = words[1]; words = words.slice(2); }
  // `npx vercel --prod`, `bunx netlify deploy`, `pnpm dlx surge dist`: the tool run is the publisher.
  const runner = RUNNERS.exec(`${prog} ${words[0] ?? ''}`);
  if (runner) {
    words = words.slice(runner[1] === undefined ? 0 : 1);
    while (/^(-y|--yes|--quiet|-q)$/.test(words[0] ?? '')) words = words.slice(1);
    prog = baseName(words[0] ?? '');
    words = words.slice(1);
  }
  const p = PUBLISHERS[prog];
  if (p === undefined) return undefined;
  // Options may come before the verb (`npm --registry X publish`): the verb is the first run of plain words.
  const at = firstOperand(words, new Set(p.valueOpts));
  // A bare publisher (`vercel --prod`, `gh-pages -d dist`) given no word at all; surge's words are its folder and domain.
  const bare = p.verbs.some((v) => v.length === 0) && (at < 0 || (p.verbs.length === 1 && !p.others?.includes(words[at]!)));
  const verb = at < 0 ? (bare ? [] : undefined) : p.verbs.find((v) => v.length > 0 && v.every((x, i) => words[at + i] === x)) ?? (bare ? [] : undefined);
  if (verb === undefined) return undefined;
  const opts = at < 0 ? words : [...words.slice(0, at), ...words.slice(at + verb.length)];
  if (p.dryRun?.some((d) => opts.includes(d))) return undefined;
  const registry = p.registryOpts.map((o) => optionValue(opts, o)).find((v) => v !== undefined);
  const registryHost = registry === undefined ? undefined : gitHostOf(registry);
  const manifest = p.packageOpts?.map((o) => optionValue(opts, o)).find((v) => v !== undefined);
  // surge's second word is the domain it serves at (`docs.surge.sh`), not a folder.
  const isDomain = (w: string) => prog === 'surge' && /\.[a-z]{2,}$/i.test(w) && !w.includes('/');
  const named = at < 0 ? [] : operands(words.slice(at + verb.length), new Set(p.valueOpts)).filter((w) => w !== '-' && !isDomain(w));
  const paths = manifest !== undefined ? [manifestDir(manifest)] : named.length > 0 ? named.map(globFree) : [p.otherwise];
  return { tool: [prog, ...verb].join(' '), host: registryHost ?? p.host, ...(registryHost ? { url: registry } : {}), paths };
}

/** Package runners whose next word is the tool they run (`pnpm dlx`, `yarn dlx`: the word after the verb). */
const RUNNERS = /^(?:npx|bunx|pnpx|(?:pnpm|yarn)\s+(dlx))\b/;

function firstOperand(words: readonly string[], valueOpts: ReadonlySet<string>): number {
  for (let i = 0; i < words.length; i++) {
    if (!words[i]!.startsWith('-')) return i;
    if (valueOpts.has(words[i]!)) i++;
  }
  return -1;
}

/** A manifest names its package's directory (`--manifest-path crates/x/Cargo.toml` → `crates/x`); an archive is itself. */
function manifestDir(file: string): string {
  return /\.(toml|json)$/i.test(file) ? (path.dirname(file) || '.') : file;
}

/** `dist/*` → `dist`: what a glob can match lies within the directory before its first wildcard. */
function globFree(word: string): string {
  const wild = word.search(/[*?[{]/);
  if (wild < 0) return word;
  const dir = word.slice(0, wild).replace(/[^/]*$/, '').replace(/\/$/, '');
  return dir === '' ? '.' : dir;
}

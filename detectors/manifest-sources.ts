// Where a project's manifests say a package comes from, when that is a URL: a git repository (`git+https://`,
// `git://`, `ssh://`, `git@host:`) or an archive named as a dependency in package.json, a requirements file,
// pyproject.toml, Pipfile, Cargo.toml or a Gemfile, and a submodule's repository in .gitmodules. The hosts
// package-url-argument trusts (registries and the big code hosts) are left out; what remains is code every install
// of the project fetches from somewhere else. A value that merely is a URL (package.json's `repository`,
// `homepage`, a config endpoint; pyproject's project URLs; an index, which is project-package-source-unverified's)
// is no package. And the registry packages the new text names, by name, so a lookalike of a popular one can be told.
import type { EventFacts, WriteFact } from './facts.js';
import { registryName, type Ecosystem } from './command/package-installs.js';

/** Registries and code hosts a dependency may come from without a question. */
const KNOWN_HOSTS = /^(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|codeload\.github\.com|objects\.githubusercontent\.com|registry\.npmjs\.org|registry\.yarnpkg\.com|pypi\.org|files\.pythonhosted\.org|download\.pytorch\.org|crates\.io)$/i;

/** Each manifest's dependency URLs, group 1 of a global regex; JSON strings end at a quote, a requirement at a space. */
const BY_FILE: readonly { name: RegExp; urls: readonly RegExp[] }[] = [
  // A submodule's repository, fetched by every `git clone --recursive` and `git submodule update` (relative URLs are the project's own host).
  { name: /^\.gitmodules$/, urls: [/^[ \t]*url[ \t]*=[ \t]*((?:https?|ssh|git):\/\/\S{1,2000}|[\w.-]{1,64}@[^\s:]{1,253}:\S{0,2000})/gm] },
  {
    name: /^package\.json$/,
    urls: [/(?<!"(?:url|repository|homepage|registry|\$schema)"):\s*"((?:git\+(?:https?|ssh)|git|ssh):\/\/[^"\s]{1,2000}|https?:\/\/[^"\s]{1,2000}\.(?:tgz|tar\.gz|git)(?:#[^"\s]{0,200})?|git@[^"\s:]{1,253}:[^"\s]{0,2000})"/g],
  },
  {
    name: /^(?:requirements[^/]*\.(?:txt|in)|constraints[^/]*\.txt)$/,
    urls: [/^[ \t]*(?:-e[ \t]+)?(?:[A-Za-z0-9][A-Za-z0-9._-]{0,200}(?:\[[^\]\n]{0,200}\])?[ \t]*@[ \t]*)?((?:git\+)?(?:https?|ssh|git):\/\/\S{1,2000})/gm],
  },
  {
    name: /^(?:pyproject\.toml|Pipfile|Cargo\.toml|Gemfile|gems\.rb)$/,
    urls: [
      /(?:\bgit[ \t]*=|\bgit:|:git[ \t]*=>)[ \t]*["']((?:git\+)?(?:https?|ssh|git):\/\/[^"'\s]{1,2000})/g, // poetry, cargo, Pipfile, bundler
      /["'][A-Za-z0-9][A-Za-z0-9._-]{0,200}(?:\[[^\]"'\n]{0,200}\])?[ \t]*@[ \t]*((?:git\+)?(?:https?|ssh|git):\/\/[^"'\s]{1,2000})/g, // PEP 508
      /\burl[ \t]*=[ \t]*["'](https?:\/\/[^"'\s]{0,2000}\.(?:whl|tar\.gz|tgz|zip))["']/g, // uv's archive sources
    ],
  },
];
/** A requirements file in a `requirements/` directory (`requirements/dev.in`). */
const REQUIREMENTS_DIR = /\/requirements\/[^/]+\.(?:txt|in)$/;

/** The host of a package URL (`git+ssh://git@forge.example.io/x.git`, `git@forge.example.io:x.git`). */
function hostOf(url: string): string {
  const rest = url.replace(/^(?:git\+)?[a-z]+:\/\//i, '').replace(/^[^/@]{0,200}@/, '');
  return rest.split(/[/:?#]/, 1)[0]!.toLowerCase();
}

/**
 * The hosts, none of them a registry or known code host, that the text this event writes into a manifest takes
 * packages from: a Write's or Edit's new text, `npm pkg set`'s, or what a shell line prints or appends into it.
 */
export function untrustedDependencyHosts(w: WriteFact, written: EventFacts['textWritten']): string[] {
  const base = baseOf(w.path);
  const file = BY_FILE.find((f) => f.name.test(base)) ?? (REQUIREMENTS_DIR.test(w.path) ? BY_FILE[1] : undefined);
  const text = textOf(w, written);
  if (file === undefined || text === undefined) return [];
  const hosts = new Set<string>();
  for (const re of file.urls) for (const m of text.matchAll(re)) { const h = hostOf(m[1]!); if (h !== '' && !KNOWN_HOSTS.test(h)) hosts.add(h); }
  return [...hosts];
}

const baseOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const textOf = (w: WriteFact, written: EventFacts['textWritten']) => w.content ?? written?.find((t) => t.path === w.path)?.text;

/**
 * Registry packages by name, per manifest, group 1: package.json's `"name": "<version range>"` (a range, a tag or
 * `npm:`, not a URL or a path, which are no registry names), a requirements line's name, pyproject.toml's PEP 508
 * strings in an array and Poetry's `name = "^1.2"` (the project's own `name = "x"` is neither).
 */
const NAMES: readonly { name: RegExp; ecosystem: Ecosystem; res: readonly RegExp[] }[] = [
  { name: /^package\.json$/, ecosystem: 'npm', res: [/"((?:@[a-z0-9][\w.-]{0,100}\/)?[a-z0-9][\w.-]{0,100})"\s*:\s*"(?:[\^~<>=]{0,2}\s{0,2}\d[^"\s]{0,100}|\*|latest|next|npm:[^"\s]{1,200})"/gi] },
  { name: /^(?:requirements[^/]*\.(?:txt|in)|constraints[^/]*\.txt)$/, ecosystem: 'pypi', res: [/^[ \t]*([A-Za-z0-9][A-Za-z0-9._-]{0,100})[ \t]*(?:\[[^\]\n]{0,200}\])?[ \t]*(?:[=<>!~]=?|;|$)/gm] },
  {
    name: /^pyproject\.toml$/, ecosystem: 'pypi',
    res: [
      /[[,][ \t\n]{0,40}["']([A-Za-z0-9][A-Za-z0-9._-]{0,100})[ \t]*(?:\[[^\]"'\n]{0,200}\])?[ \t]*(?:[=<>!~]=?[^"'\n]{0,100}|;[^"'\n]{0,200})?["']/g,
      /^[ \t]*([A-Za-z0-9][A-Za-z0-9._-]{0,100})[ \t]*=[ \t]*(?:["'][\^~<>=]{0,2}\d|\{[^}\n]{0,200}\bversion[ \t]*=)/gm,
    ],
  },
];

/** Keys with a version as their value that name no package: the project's own version, engines, Poetry's Python. */
const NOT_PACKAGES = new Set(['version', 'node', 'npm', 'pnpm', 'yarn', 'bun', 'vscode', 'deno', 'python']);

/** The registry packages the text this event writes into a manifest names, those its replaced text named left out (an Edit's context). */
export function manifestPackages(w: WriteFact, written: EventFacts['textWritten']): { ecosystem: Ecosystem; name: string }[] {
  const base = baseOf(w.path);
  const file = NAMES.find((f) => f.name.test(base)) ?? (REQUIREMENTS_DIR.test(w.path) ? NAMES[1] : undefined);
  const text = textOf(w, written);
  if (file === undefined || text === undefined) return [];
  const namesIn = (t: string) => file.res.flatMap((re) => [...t.matchAll(re)]).map((m) => registryName(file.ecosystem, m[1]!)).filter((n): n is string => n !== undefined && !NOT_PACKAGES.has(n));
  const before = new Set(w.oldContent === undefined ? [] : namesIn(w.oldContent));
  return [...new Set(namesIn(text))].filter((n) => !before.has(n)).slice(0, 256).map((name) => ({ ecosystem: file.ecosystem, name }));
}

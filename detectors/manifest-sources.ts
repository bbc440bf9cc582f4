// Where a project's manifests say a package comes from, when that is a URL: a git repository (`git+https://`,
// `git://`, `ssh://`, `git@host:`) or an archive named as a dependency in package.json, a requirements file,
// pyproject.toml, Pipfile, Cargo.toml or a Gemfile, and a submodule's repository in .gitmodules. The hosts
// package-url-argument trusts (registries and the big code hosts) are left out; what remains is code every install
// of the project fetches from somewhere else. A value that merely is a URL (package.json's `repository`,
// `homepage`, a config endpoint; pyproject's project URLs; an index, which is project-package-source-unverified's)
// is no package.
import type { EventFacts, WriteFact } from './facts.js';

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
  const base = w.path.slice(w.path.lastIndexOf('/') + 1);
  const file = BY_FILE.find((f) => f.name.test(base)) ?? (REQUIREMENTS_DIR.test(w.path) ? BY_FILE[1] : undefined);
  const text = w.content ?? written?.find((t) => t.path === w.path)?.text;
  if (file === undefined || text === undefined) return [];
  const hosts = new Set<string>();
  for (const re of file.urls) for (const m of text.matchAll(re)) { const h = hostOf(m[1]!); if (h !== '' && !KNOWN_HOSTS.test(h)) hosts.add(h); }
  return [...hosts];
}

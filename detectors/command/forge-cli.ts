// GitHub's and GitLab's CLIs send files they are given to the forge, where others can read them: gists and
// snippets, release assets, issue, pull and merge request bodies read from a file, `api` fields read from files.
// Those files are what the command uploads (uploads.ts) and the forge is where they go (egress.ts); and text
// options given a command substitution (`--body "$(cat f)"`, `-f body="$(cat f)"`), whose output is published.
// Commands that send only text typed on the line (`gh pr create --body "…"`) or nothing of the machine's
// (`gh pr list`) are not uploads.
import { baseName } from './words.js';

export interface ForgeUpload { tool: string; host: string; sources: string[] }

interface Forge {
  /** Where each group's uploads go (a gist is not the API's host). */
  host(group: string): string;
  /** Groups whose commands publish what they are given. */
  groups: ReadonlySet<string>;
  /** The group of loose files (`gh gist create f…`, `glab snippet create f…`). */
  paste: string;
  /** Options that take a value that is not a file to send; the paste group's own are fewer. */
  valueOpts: ReadonlySet<string>;
  pasteValueOpts: ReadonlySet<string>;
  /** Options whose value is a file whose content is the text published. */
  bodyFile: ReadonlySet<string>;
  /** Options whose value is text published as typed: a command substitution there publishes what it prints. */
  textOpts: ReadonlySet<string>;
}

const GH: Forge = {
  host: (group) => (group === 'gist' ? 'gist.github.com' : group === 'release' ? 'uploads.github.com' : 'api.github.com'),
  groups: new Set(['gist', 'release', 'issue', 'pr', 'api']),
  paste: 'gist',
  // `gh gist`'s `-p` is --public, not --project.
  valueOpts: new Set(['-d', '--desc', '-f', '--filename', '-R', '--repo', '-t', '--title', '-n', '--notes', '--target',
    '--discussion-category', '--notes-start-tag', '-b', '--body', '-a', '--assignee', '-l', '--label', '-m', '--milestone', '-p', '--project',
    '-B', '--base', '-H', '--head', '--header', '-r', '--reviewer', '-X', '--method', '-q', '--jq', '--template', '--hostname']),
  pasteValueOpts: new Set(['-d', '--desc', '-f', '--filename']),
  bodyFile: new Set(['-F', '--body-file', '--notes-file']),
  textOpts: new Set(['-b', '--body', '-t', '--title', '-n', '--notes']),
};

const GLAB: Forge = {
  host: () => 'gitlab.com',
  groups: new Set(['snippet', 'release', 'issue', 'mr', 'api']),
  paste: 'snippet',
  valueOpts: new Set(['-d', '--description', '-t', '--title', '-m', '--message', '-n', '--name', '-N', '--notes', '-R', '--repo',
    '-a', '--assignee', '-l', '--label', '--milestone', '-b', '--target-branch', '-s', '--source-branch', '--reviewer', '-X', '--method',
    '-H', '--header', '--ref', '--hostname']),
  pasteValueOpts: new Set(['-d', '--description', '-t', '--title', '-f', '--filename', '-v', '--visibility', '-R', '--repo']),
  bodyFile: new Set(['-F', '--notes-file']),
  textOpts: new Set(['-d', '--description', '-t', '--title', '-m', '--message', '-N', '--notes']),
};

const FORGES: Record<string, { name: string; forge: Forge }> = { gh: { name: 'gh', forge: GH }, glab: { name: 'glab', forge: GLAB } };

/** The CLIs this file reads. */
export const FORGE_CLIS: ReadonlySet<string> = new Set(Object.keys(FORGES));

const SUBSTITUTION = /\$\(|`/;

/** The files a `gh` or `glab` command sends to the forge, or undefined when it sends none. */
export function forgeUploadOf(argv: readonly string[]): ForgeUpload | undefined {
  const cli = FORGES[baseName(argv[0] ?? '')];
  if (!cli) return undefined;
  const { forge } = cli;
  const [group, verb] = [argv[1] ?? '', argv[2]];
  const rest = argv.slice(group === 'api' ? 2 : 3);
  const sources: string[] = [];
  const positional: string[] = [];
  // `--body "$(cat f)"`: what the substitution prints is published (the line's reads inside it are what goes).
  let printed = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (group === 'api' && /^(-[fF]|--field|--raw-field|--input)$/.test(a)) {
      const v = rest[++i] ?? '';
      const file = a === '--input' ? v : /^-F$|^--field$/.test(a) ? /^[^=]+=@(.+)$/.exec(v)?.[1] : undefined;
      if (file) sources.push(file);
      else if (SUBSTITUTION.test(v)) printed = true;
    } else if (group === 'api' && /^--(raw-)?field=/.test(a)) { if (SUBSTITUTION.test(a)) printed = true; }
    else if (forge.bodyFile.has(a)) sources.push(rest[++i] ?? '');
    else if (/^--(body|notes)-file=/.test(a)) sources.push(a.slice(a.indexOf('=') + 1));
    else if (a === '--add' || (group === forge.paste && a === '-a')) sources.push(rest[++i] ?? '');
    else if (/^--(body|title|notes|description|message)=/.test(a)) { if (SUBSTITUTION.test(a)) printed = true; }
    else if (a.startsWith('-') && a !== '-') {
      if (!(group === forge.paste ? forge.pasteValueOpts : forge.valueOpts).has(a)) continue;
      if (forge.textOpts.has(a) && SUBSTITUTION.test(rest[i + 1] ?? '')) printed = true;
      i++;
    }
    else positional.push(a);
  }
  if (group === 'api') positional.length = 0; // the endpoint, not a file
  if (group === forge.paste && verb === 'create') sources.push(...positional);
  // `gh release create v1 [files…]`, `glab release upload v1 files…`: after the tag, assets (`file#label`).
  if (group === 'release' && (verb === 'create' || verb === 'upload')) sources.push(...positional.slice(1).map((p) => p.replace(/#.*$/, '')));
  const sent = sources.filter((s) => s !== '' && s !== '-');
  // `… | gh gist create -`, `--body-file -`, `--input -`: what the pipe carries is published (facts.ts joins it).
  const stdin = sources.includes('-');
  if ((sent.length === 0 && !printed && !stdin) || !forge.groups.has(group)) return undefined;
  return { tool: `${cli.name} ${group}${group === 'api' ? '' : ` ${verb}`}`, host: forge.host(group), sources: sent };
}

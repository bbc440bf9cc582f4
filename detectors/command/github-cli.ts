// GitHub's CLI sends files it is given to GitHub, where others can read them: gist files, release assets,
// issue and pull request bodies read from a file, `gh api` fields read from files. Those files are what the
// command uploads (uploads.ts) and GitHub is where they go (egress.ts); and text options given a command
// substitution (`--body "$(cat f)"`), whose output is published. Commands that send only text typed on the line
// (`gh pr create --body "…"`) or nothing of the machine's (`gh pr list`) are not uploads.
import { baseName } from './words.js';

export interface GhUpload { tool: string; host: string; sources: string[] }

// Options of these subcommands that take a value that is not a file to send (`gh gist`'s own are fewer:
// its `-p` is --public, not --project).
const VALUE_OPTS = new Set(['-d', '--desc', '-f', '--filename', '-R', '--repo', '-t', '--title', '-n', '--notes', '--target',
  '--discussion-category', '--notes-start-tag', '-b', '--body', '-a', '--assignee', '-l', '--label', '-m', '--milestone', '-p', '--project',
  '-B', '--base', '-H', '--head', '--header', '-r', '--reviewer', '-X', '--method', '-q', '--jq', '--template', '--hostname']);
const GIST_VALUE_OPTS = new Set(['-d', '--desc', '-f', '--filename']);
const BODY_FILE = new Set(['-F', '--body-file', '--notes-file']);
/** Options whose value is text published as typed: a command substitution there publishes what it prints. */
const TEXT_OPTS = new Set(['-b', '--body', '-t', '--title', '-n', '--notes']);

/** The files a `gh` command sends to GitHub, or undefined when it sends none. */
export function ghUploadOf(argv: readonly string[]): GhUpload | undefined {
  if (baseName(argv[0] ?? '') !== 'gh') return undefined;
  const [group, verb] = [argv[1], argv[2]];
  const rest = argv.slice(3);
  const sources: string[] = [];
  const positional: string[] = [];
  // `--body "$(cat f)"`: what the substitution prints is published (the line's reads inside it are what goes).
  let printed = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (group === 'api' && (a === '-F' || a === '--field' || a === '--input')) {
      const v = rest[++i] ?? '';
      const file = a === '--input' ? v : /^[^=]+=@(.+)$/.exec(v)?.[1];
      if (file) sources.push(file);
    } else if (BODY_FILE.has(a)) sources.push(rest[++i] ?? '');
    else if (/^--(body|notes)-file=/.test(a)) sources.push(a.slice(a.indexOf('=') + 1));
    else if (a === '--add' || (group === 'gist' && a === '-a')) sources.push(rest[++i] ?? '');
    else if (/^--(body|title|notes)=/.test(a)) { if (/\$\(|`/.test(a)) printed = true; }
    else if (a.startsWith('-') && a !== '-') {
      if (!(group === 'gist' ? GIST_VALUE_OPTS : VALUE_OPTS).has(a)) continue;
      if (TEXT_OPTS.has(a) && /\$\(|`/.test(rest[i + 1] ?? '')) printed = true;
      i++;
    }
    else positional.push(a);
  }
  if (group === 'api') positional.length = 0; // the endpoint, not a file
  if (group === 'gist' && verb === 'create') sources.push(...positional);
  // `gh release create v1 [files…]`, `gh release upload v1 files…`: after the tag, assets (`file#label`).
  if (group === 'release' && (verb === 'create' || verb === 'upload')) sources.push(...positional.slice(1).map((p) => p.replace(/#.*$/, '')));
  const sent = sources.filter((s) => s !== '' && s !== '-');
  // `… | gh gist create -`, `--body-file -`, `--input -`: what the pipe carries is published (facts.ts joins it).
  const stdin = sources.includes('-');
  if ((sent.length === 0 && !printed && !stdin) || !['gist', 'release', 'issue', 'pr', 'api'].includes(group ?? '')) return undefined;
  const host = group === 'gist' ? 'gist.github.com' : group === 'release' ? 'uploads.github.com' : 'api.github.com';
  return { tool: `gh ${group}${group === 'api' ? '' : ` ${verb}`}`, host, sources: sent };
}

// A credential file read only to list what it names: `grep '^\[' ~/.aws/credentials` (the profiles), `grep
// current-context ~/.kube/config`, `jq '.auths | keys' ~/.docker/config.json`, `grep -c token ~/.npmrc` (a count),
// `awk '/^\[/' ~/.aws/credentials`.
// What reaches the session is names, not the secrets beside them, so the read is judged as `ls` of the file is
// (facts.ts: not a secret read). A context option (`-A 3`), `-v`, a pattern that is not a key name, or a filter
// that prints values is a read.
import { baseName, type SimpleCommand } from './words.js';
import { awkProgramIndex } from './interpreter-code.js';

/**
 * What a command shows of the files it reads. `count`: a count, a file name or an exit status (`grep -c/-l/-q`);
 * `structure`: keys or names picked out of JSON or YAML (`jq 'keys'`, `yq '.contexts[].name'`); `lines`: the lines
 * of a key named (`grep region`), which hold only names in files with one key a line (LINE_KEYED_CLASSES).
 */
export type NamesShown = 'count' | 'structure' | 'lines';

/** Credential files with one `key = value` or `key: value` a line, where a name's line holds no secret. */
export const LINE_KEYED_CLASSES: ReadonlySet<string> = new Set(['aws', 'aws-config', 'kube']);

// Keys whose values are names, hosts or settings in those files (AWS's INI, a kube config's YAML).
const NAME_KEYS = new Set([
  'current-context', 'server', 'region', 'output', 'profile', 'name', 'cluster', 'clusters', 'context', 'contexts', 'namespace',
  'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name', 'sso_session', 'role_arn', 'source_profile', 'users', 'kind',
]);

const GREPS = new Set(['grep', 'egrep', 'fgrep', 'rg']);
const JSON_FILTERS = new Set(['jq', 'gojq', 'yq']);
/** An awk program that prints the lines a pattern matches, or fields of them: `/^\[/`, `/region/ {print $3}`. */
const AWK_PRINTS_MATCHES = /^\s*\/((?:\\.|[^/\\]){1,200})\/\s*(\{\s*print(\s+\$\d+(\s*,\s*\$\d+){0,5})?\s*;?\s*\})?\s*$/;

/** What `prog args` shows of the files it reads, when that is names or counts only; undefined when it shows content. */
export function namesShownBy(prog: string, args: readonly string[]): NamesShown | undefined {
  if (GREPS.has(prog)) return grepShows(args);
  if (JSON_FILTERS.has(prog)) return filterShows(args);
  if (prog.endsWith('awk')) return awkShows(prog, args);
  return undefined;
}

/** `awk -F'[][]' '/^\[/{print $2}' f`: the lines of a key, as grep's pattern; any other program (or one in a file) is content. */
function awkShows(prog: string, args: readonly string[]): NamesShown | undefined {
  const argv = [prog, ...args];
  const m = AWK_PRINTS_MATCHES.exec(argv[awkProgramIndex(argv)] ?? '');
  return m !== null && namesKey(m[1]!) ? 'lines' : undefined;
}

function grepShows(args: readonly string[]): NamesShown | undefined {
  const patterns: string[] = [];
  let count = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-e' || a === '--regexp') { patterns.push(args[++i] ?? ''); continue; }
    if (a.startsWith('--regexp=')) { patterns.push(a.slice(9)); continue; }
    if (/^--(count|files-with(out)?-matches|quiet|silent)$/.test(a)) { count = true; continue; }
    // Context, inverted matches, only the matching part (still a value), a file of patterns: content.
    if (/^--(after|before)?-?context\b|^--(invert-match|file|passthru)\b/.test(a)) return undefined;
    if (a === '-m' || a === '--max-count') { i++; continue; }
    if (/^-m\d+$|^--max-count=/.test(a)) continue;
    if (/^-[A-Za-z0-9]+$/.test(a)) {
      // (`-r` is rg's --replace, and a directory to grep.)
      if (/[ABCvfzr]/.test(a.slice(1)) || /\d/.test(a)) return undefined;
      if (/[clLq]/.test(a.slice(1))) count = true;
      continue;
    }
    if (a.startsWith('-')) continue;
    if (patterns.length === 0) patterns.push(a);
  }
  if (count) return 'count';
  return patterns.length > 0 && patterns.every(namesKey) ? 'lines' : undefined;
}

/** A pattern that matches only a section header (`^\[`) or one of NAME_KEYS (`region`, `^(server|name):`). */
function namesKey(pattern: string): boolean {
  const anchored = /^\(?\^/.test(pattern);
  return pattern.split('|').every((alt) => {
    const p = alt.replace(/[()]/g, '');
    const t = p.replace(/^\^/, '').replace(/^(\\s\*|\[\[:space:\]\]\*| +)/, '');
    if (/^(\\\[|\[\[\])/.test(t)) return anchored || p.startsWith('^');
    const key = t.replace(/[:= ]+$/, '').replace(/^- /, '');
    return NAME_KEYS.has(key.toLowerCase());
  });
}

/** The jq/yq filter picks keys, names or a count: path steps, then `keys`, `length`, `.name` or `current-context`. */
function filterShows(args: readonly string[]): NamesShown | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const filter = (words[0] === 'e' || words[0] === 'eval' ? words[1] : words[0]) ?? '';
  const parts = filter.split('|').map((p) => p.trim());
  const last = parts.pop() ?? '';
  if (!parts.every((p) => /^[.\w"[\]-]+$/.test(p))) return undefined;
  if (/^(keys(_unsorted)?(\[\])?|length)$/.test(last)) return 'structure';
  return /^[.\w"[\]-]*\.(name|"?current-context"?|\["current-context"\])$/.test(last) ? 'structure' : undefined;
}

/** `cat f | grep current-context`: what `cat` reads, the next stage (reading nothing of its own) shows names of. */
export function catIntoNames(args: readonly string[], next: SimpleCommand | undefined): NamesShown | undefined {
  if (next === undefined || args.some((a) => a.startsWith('-'))) return undefined;
  const nextProg = baseName(next.argv[0] ?? '');
  const nextArgs = next.argv.slice(1);
  return next.reads.length === 0 && !namesFiles(nextProg, nextArgs) ? namesShownBy(nextProg, nextArgs) : undefined;
}

/** Whether a grep or jq names files of its own besides its pattern or filter (so reads none from its stdin). */
function namesFiles(prog: string, args: readonly string[]): boolean {
  const operands = args.filter((a, i) => !a.startsWith('-') && !/^(-e|--regexp|-m|--max-count)$/.test(args[i - 1] ?? ''));
  const given = args.some((a) => a === '-e' || a.startsWith('--regexp')) ? 0 : prog === 'yq' && /^(e|eval)$/.test(operands[0] ?? '') ? 2 : 1;
  return operands.length > given;
}

/** Whether the only reads of a secret on the line show names of it that hold nothing secret for its class. */
export function showsOnlyNames(secret: { abs: string; classId: string }, shown: readonly { path: string; shows: NamesShown }[]): boolean {
  const s = shown.find((x) => x.path === secret.abs);
  return s !== undefined && (s.shows !== 'lines' || LINE_KEYED_CLASSES.has(secret.classId));
}

// Where `git push` sends the repository: a URL or `user@host:path` named on the command line, or a remote
// the same command line added (`git remote add x https://h/r.git && git push x --all`). A push to a remote
// configured before (origin) is not seen here: its URL is in .git/config, and detectors read no files.
import { baseName, type SimpleCommand } from './words.js';
import { commandCwd, resolvePath } from '../paths.js';
import type { Egress } from './egress.js';

const URL = /^(?:https?|ssh|git):\/\/(?:[^@/\s]*@)?(\[[^\]]+\]|[^:/\s]+)/i;
const SCP_LIKE = /^(?:[^@\s/]+@)?([A-Za-z0-9.-]+):(?!\/\/)/;

export function gitHostOf(url: string): string | undefined {
  return (URL.exec(url) ?? SCP_LIKE.exec(url))?.[1]?.replace(/^\[|\]$/g, '').toLowerCase();
}

/** argv's git subcommand and its words, past git's own options (`-C dir`, `-c k=v`). */
export function gitSubcommand(argv: readonly string[]): string[] | undefined {
  return gitOptions(argv)?.sub;
}

/** The `-C dir`s before a git subcommand, in order (each relative to the one before): where it works. */
export function gitDirectories(argv: readonly string[]): string[] {
  return gitOptions(argv)?.dirs ?? [];
}

/** Where a command works: its cwd (after a `cd` of the line), and for git the `-C dir`s before its subcommand. */
export function workDirOf(c: SimpleCommand, home: string, cwd: string | undefined): string | undefined {
  return gitDirectories(c.argv).reduce<string | undefined>((dir, d) => resolvePath(d, home, dir) ?? dir, commandCwd(c.dir, home, cwd));
}

function gitOptions(argv: readonly string[]): { sub: string[]; dirs: string[] } | undefined {
  if (baseName(argv[0] ?? '') !== 'git') return undefined;
  const dirs: string[] = [];
  let i = 1;
  while (i < argv.length && argv[i]!.startsWith('-')) {
    if (argv[i] === '-C' && argv[i + 1] !== undefined) dirs.push(argv[i + 1]!);
    i += argv[i] === '-C' || argv[i] === '-c' ? 2 : 1;
  }
  return { sub: argv.slice(i), dirs };
}

/** `git remote add|set-url NAME URL`: the remote it names, if any. */
export function remoteAdded(argv: readonly string[]): { name: string; url: string } | undefined {
  const sub = gitSubcommand(argv);
  if (sub?.[0] !== 'remote' || (sub[1] !== 'add' && sub[1] !== 'set-url')) return undefined;
  const words = sub.slice(2).filter((w) => !w.startsWith('-'));
  return words.length >= 2 ? { name: words[0]!, url: words[1]! } : undefined;
}

/** The egress of a `git push`, given the remotes added earlier in the same command line. */
export function gitPushEgress(argv: readonly string[], added: ReadonlyMap<string, string>): Egress[] {
  const sub = gitSubcommand(argv);
  if (sub?.[0] !== 'push') return [];
  const target = sub.slice(1).find((w) => !w.startsWith('-'));
  if (target === undefined) return [];
  const url = added.get(target) ?? target;
  const host = gitHostOf(url);
  return host === undefined ? [] : [{ tool: 'git push', host, url }];
}

/** The remote a `git push` names (`git push -u x main` → x), `origin` for a bare `git push`; undefined for other commands. */
export function pushRemote(argv: readonly string[]): string | undefined {
  const sub = gitSubcommand(argv);
  if (sub?.[0] !== 'push') return undefined;
  return sub.slice(1).find((w) => !w.startsWith('-')) ?? 'origin';
}

/** `git push …` or `git remote …`: its words name remotes and refs, not files read. */
export function isGitTransfer(argv: readonly string[]): boolean {
  const sub = gitSubcommand(argv)?.[0];
  return sub === 'push' || sub === 'remote';
}

// Destructive steps a chain is made of: recursive deletes outside the workspace, git history rewrites,
// force pushes. Pure helpers for the destructive-chain detector and mass-deletion.
import type { EventFacts } from '../facts.js';
import { baseName, type SimpleCommand } from '../command/parse-command.js';
import { isWithin } from '../paths.js';
import { isInToolCache } from '../tool-caches.js';

// Scratch space agents legitimately clean up (as in rules/destructive-delete.ts).
const SCRATCH = ['/tmp', '/var/tmp', '/dev/shm'];

/** Recursive deletes of paths outside the workspace, scratch space and tools' caches. */
export function outsideDeletesOf(facts: EventFacts, workspace: string | undefined): string[] {
  if (workspace === undefined) return [];
  return facts.deletes.filter((d) => d.recursive && !isWithin(d.path, workspace) && !SCRATCH.some((s) => isWithin(d.path, s)) && !isInToolCache(d.path)).map((d) => d.path);
}

/** `git [-C dir] [-c k=v] sub args…` → sub and args, or undefined when this is not git. */
function gitOf(cmd: SimpleCommand): { sub: string; args: string[] } | undefined {
  if (baseName(cmd.argv[0] ?? '') !== 'git') return undefined;
  let i = 1;
  while (i < cmd.argv.length && cmd.argv[i]!.startsWith('-')) i += /^-[Cc]$|^--(git-dir|work-tree|namespace)$/.test(cmd.argv[i]!) ? 2 : 1;
  const sub = cmd.argv[i];
  return sub === undefined ? undefined : { sub, args: cmd.argv.slice(i + 1) };
}

/** Git commands that throw away or rewrite history: reset --hard, rebase, commit --amend, filter-branch/-repo. */
export function historyRewritesOf(facts: EventFacts): string[] {
  const out: string[] = [];
  for (const cmd of facts.commands) {
    const g = gitOf(cmd);
    if (!g) continue;
    if (g.sub === 'reset' && g.args.includes('--hard')) out.push('git reset --hard');
    else if (g.sub === 'rebase' && !g.args.some((a) => a === '--abort' || a === '--continue' || a === '--skip')) out.push('git rebase');
    else if (g.sub === 'commit' && g.args.includes('--amend')) out.push('git commit --amend');
    else if (g.sub === 'filter-branch' || g.sub === 'filter-repo') out.push(`git ${g.sub}`);
  }
  return out;
}

/** `git push --force`, `-f`, `--force-with-lease`, or a `+refspec`. */
export function forcePushesOf(facts: EventFacts): string[] {
  return facts.commands.filter((cmd) => {
    const g = gitOf(cmd);
    return g?.sub === 'push' && g.args.some((a) => /^-[a-zA-Z]*f[a-zA-Z]*$/.test(a) || a.startsWith('--force') || /^\+[^+]/.test(a));
  }).map((cmd) => cmd.argv.join(' ').slice(0, 120));
}

/** git subcommands that run hooks, for persistence-then-execute. */
export function gitSubcommandsOf(facts: EventFacts): string[] {
  return facts.commands.map(gitOf).filter((g) => g !== undefined).map((g) => g.sub);
}

// Build output and caches an agent rebuilds at will: `rm -rf node_modules dist` is a clean-up.
const REGENERABLE = new Set(['node_modules', 'dist', 'build', 'out', 'target', 'coverage', '.cache', '__pycache__', '.next', '.nuxt', '.turbo', '.pytest_cache', '.mypy_cache', '.venv', 'venv']);

/** Deletions of one event for mass-deletion: plain files, and recursive deletes that may be many files. */
export function deletionCountsOf(facts: EventFacts): { files: number; recursive: number } {
  let files = 0;
  let recursive = 0;
  for (const d of facts.deletes) {
    const cheap = REGENERABLE.has(baseName(d.path)) || SCRATCH.some((s) => isWithin(d.path, s)) || isInToolCache(d.path);
    if (d.recursive && !cheap) recursive++;
    else files++;
  }
  return { files, recursive };
}

// A secret staged for a commit: a copy of one (`cat ~/.aws/credentials > config/aws.txt`, later `git add
// config/aws.txt`, or `git add -A` with the copy inside the repository) or the file itself (`git add ~/.aws/credentials`
// in a dotfiles repository). Committed, it is in the history of the repository, and pushed, on the code host and in
// every clone: where a gateway sees nothing, since no request carries it yet. `git commit -a` and `git commit <paths>`
// commit a copy too when its file was tracked, which the daemon cannot know: medium. A secret made the message of
// a commit, tag or note (`git commit -m "$(cat ~/.aws/credentials)"`, `-F ~/.aws/credentials`) goes the same way.
import type { Detector, Finding } from '../detector.js';
import { SECRET_FILES } from '../catalog.js';
import type { DetectionContext, EventFacts, SecretRead } from '../facts.js';
import type { SimpleCommand } from '../command/words.js';
import { gitSubcommand, workDirOf } from '../command/git-push.js';
import { commandCwd, displayPath, isHomeOrRoot, isWithin, resolvePath } from '../paths.js';
import { secretDirsAmong, secretsAmong } from '../secret-paths.js';
import type { TaintedFile } from '../session-state.js';
import { taintOf, WRITTEN_SECRET } from './taint.js';

/** `git add -A`, `git add .`, `git add --all`: everything in the working tree (new files included). */
const EVERYTHING = /^(-A|--all|\.|\*|:\/|--no-ignore-removal)$/;

/** `git commit -a` / `-am` / `--all`: every tracked file changed. Letters after one that takes a value (`-ma`) are that value. */
function commitsAll(words: readonly string[]): boolean {
  return words.some((w) => w === '--all' || (/^-[a-zA-Z]+$/.test(w) && /^-[^mFCct]*a/.test(w)));
}

/** `git commit` options whose value is the next word (`-m msg`, `-F file`, `--author a`). */
const COMMIT_VALUE = /^(-[mFCct]|--(message|file|reuse-message|reedit-message|template|author|date|fixup|squash|cleanup|trailer|pathspec-from-file))$/;

/** The paths `git commit [options] [--] <pathspec>…` commits (tracked files only, as they are in the working tree). */
function commitPaths(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') { out.push(...words.slice(i + 1)); break; }
    if (COMMIT_VALUE.test(w) || (/^-[a-zA-Z]+$/.test(w) && /^-[^mFCct]*[mFCct]$/.test(w))) i++;
    else if (!w.startsWith('-')) out.push(w);
  }
  return out;
}

type Staging = { how: 'add' | 'commit -a' | 'commit <paths>'; words: string[] };

function stagingOf(cmd: SimpleCommand): Staging | undefined {
  const sub = gitSubcommand(cmd.argv);
  if (sub?.[0] === 'add' || sub?.[0] === 'stage') return { how: 'add', words: sub.slice(1) };
  if (sub?.[0] !== 'commit') return undefined;
  if (commitsAll(sub.slice(1))) return { how: 'commit -a', words: [] };
  const paths = commitPaths(sub.slice(1));
  return paths.length > 0 ? { how: 'commit <paths>', words: paths } : undefined;
}

export const secretCommit: Detector = {
  name: 'secret-commit',
  judges: 'intent',
  evaluate({ event, facts, session, ctx }) {
    if (event.cwd === undefined) return [];
    let fresh: TaintedFile[] | undefined;
    for (const [i, cmd] of facts.commands.entries()) {
      const staging = stagingOf(cmd);
      if (staging === undefined) continue;
      // Where git works: the line's `cd`, then `git -C dir`.
      const repo = workDirOf(cmd, ctx.home, event.cwd) ?? event.cwd;
      // The copy may be made earlier on the same line: `cp ~/.aws/credentials creds.txt && git add creds.txt`.
      fresh ??= facts.secrets.length === 0 ? [] : taintOf(event, facts, session);
      const before = facts.commands.slice(0, i);
      const madeBefore = (t: TaintedFile) => before.some((c) => { const at = commandCwd(c.dir, ctx.home, event.cwd); return [...c.argv.slice(1), ...c.writes].some((w) => resolvePath(w, ctx.home, at) === t.path); });
      const tainted = [...session.tainted, ...fresh.filter(madeBefore)];
      const named = staging.how === 'commit -a' ? [repo]
        : staging.words.filter((w) => !w.startsWith('-') || EVERYTHING.test(w)).map((w) => (EVERYTHING.test(w) ? repo : resolvePath(w, ctx.home, repo))).filter((n): n is string => n !== undefined);
      // A loose copy (taint.ts) counts only when staged by name, not with the directory around it.
      const staged = tainted.filter((t) => isWithin(t.path, repo) && named.some((n) => n === t.path || (!t.loose && isWithin(t.path, n))));
      if (staged.length > 0) return [copyStaged(staged[0]!, event.id, ctx.home, staging.how)];
      const own = staging.how === 'add' ? named.filter((n) => n !== repo && !isHomeOrRoot(n, ctx.home)) : [];
      const itself = own.length === 0 ? undefined : secretsAmong(own, ctx, event.id)[0] ?? secretDirsAmong(own, ctx, event.id)[0];
      if (itself !== undefined) return [secretStaged(itself, event.id)];
    }
    for (const cmd of facts.commands) {
      const s = messageSecret(cmd, facts, ctx, commandCwd(cmd.dir, ctx.home, event.cwd), event.id);
      if (s !== undefined) return [secretInMessage(s, event.id)];
    }
    return [];
  },
};

/**
 * The message options of `git commit`, `git tag` and `git notes add|append`: `-m`, `-F`, the last of bundled short
 * flags (`-am`, `-sF`), and their long and glued forms.
 */
const MESSAGE_OPTION = /^(-[a-zA-Z]*[mF]|--message|--file)$|^(-[mF]|--message=|--file=)(.+)$/s;

/**
 * The secret a git commit, tag or note takes as its message: a message file that is one, or a command substitution
 * in a message that reads one (whose output git stores as the message).
 */
function messageSecret(cmd: SimpleCommand, facts: EventFacts, ctx: DetectionContext, cwd: string | undefined, eventId: string): SecretRead | undefined {
  const sub = gitSubcommand(cmd.argv);
  if (sub === undefined || !(sub[0] === 'commit' || sub[0] === 'tag' || (sub[0] === 'notes' && (sub[1] === 'add' || sub[1] === 'append')))) return undefined;
  const at = cmd.argv.length - sub.length;
  for (let i = at + 1; i < cmd.argv.length; i++) {
    const m = MESSAGE_OPTION.exec(cmd.argv[i]!);
    if (m === null) continue;
    const k = m[3] === undefined ? i + 1 : i;
    const value = m[3] ?? cmd.argv[k];
    if (value === undefined) continue;
    if (/^(-[a-zA-Z]*F|--file=?)$/.test(m[1] ?? m[2]!)) {
      const file = value === '-' ? undefined : resolvePath(value, ctx.home, cwd);
      // git reads the file itself: a secret whether or not the line's parse took `--file=<path>` for a read.
      const read = file === undefined ? undefined : secretsAmong([file], ctx, eventId)[0];
      if (read !== undefined) return read;
    }
    for (const s of facts.secrets.length === 0 ? [] : cmd.substitutions ?? []) {
      if (s.arg !== k) continue;
      const named = new Set(s.commands.flatMap((c) => [...c.argv.slice(1), ...c.reads].map((w) => resolvePath(w, ctx.home, commandCwd(c.dir, ctx.home, cwd)))));
      const read = facts.secrets.find((r) => named.has(r.abs));
      if (read !== undefined) return read;
    }
    if (k > i) i = k;
  }
  return undefined;
}

function secretInMessage(s: SecretRead, eventId: string): Finding {
  return {
    rule: 'secret-staged-for-commit', severity: 'high', tactic: 'exfiltration', technique: 'T1567.001',
    title: `${s.label.replace(/^./, (c) => c.toUpperCase())} written into a commit message`,
    reason: `The agent makes ${s.path} (${s.label}) the message of a git commit, tag or note: once pushed, the secret is in the repository's history on the code host and in every clone.`,
    evidence: [eventId], key: s.path, block: true,
  };
}

function copyStaged(t: TaintedFile, eventId: string, home: string, how: Staging['how']): Finding {
  const shown = displayPath(t.path, home);
  // A value the agent wrote itself may be a development default (a framework's insecure key, a test fixture's token).
  // A commit takes only the files git tracks: the copy goes in if it overwrote one.
  const severity = t.from === WRITTEN_SECRET || how !== 'add' ? 'medium' : 'high';
  return {
    rule: 'secret-staged-for-commit', severity, tactic: 'exfiltration', technique: 'T1567.001',
    title: `Copy of ${t.from} ${how === 'add' ? 'staged for commit' : how === 'commit -a' ? 'in a commit of every tracked change' : 'in a commit of the files named'}`,
    reason: how === 'add'
      ? `The agent stages ${shown}, which holds a copy of ${t.from}, for a commit: once pushed, the secret is in the repository's history on the code host and in every clone.`
      : `The agent commits ${how === 'commit -a' ? 'every tracked file it changed (git commit -a)' : 'the files it names (git commit <paths>)'}; ${shown} holds a copy of ${t.from}, and goes in if git tracks it: once pushed, the secret is in the repository's history.`,
    evidence: [...new Set([...t.eventIds, eventId])], key: shown, block: true,
  };
}

function secretStaged(s: SecretRead, eventId: string): Finding {
  // A class whose read is itself of little note (a project's .env) is often a development default when committed.
  const minor = SECRET_FILES.find((k) => k.id === s.classId)?.severity;
  return {
    rule: 'secret-staged-for-commit', severity: minor === 'low' || minor === 'medium' ? 'medium' : 'high', tactic: 'exfiltration', technique: 'T1567.001',
    title: `${s.label.replace(/^./, (c) => c.toUpperCase())} staged for commit`,
    reason: `The agent stages ${s.path} (${s.label}) itself for a commit: once pushed, the secret is in the repository's history on the code host and in every clone.`,
    evidence: [eventId], key: s.path, block: true,
  };
}

// A copy of a secret staged for a commit: `cat ~/.aws/credentials > config/aws.txt`, later `git add config/aws.txt`,
// or `git add -A` with the copy inside the repository. Committed, it is in the history of the repository, and
// pushed, on the code host and in every clone: where a gateway sees nothing, since no request carries it yet.
import type { Detector, Finding } from '../detector.js';
import { gitSubcommand } from '../command/git-push.js';
import { displayPath, isWithin, resolvePath } from '../paths.js';
import type { TaintedFile } from '../session-state.js';
import { taintOf, WRITTEN_SECRET } from './taint.js';

/** `git add -A`, `git add .`, `git add --all`: everything in the working tree (new files included). */
const EVERYTHING = /^(-A|--all|\.|\*|:\/|--no-ignore-removal)$/;

export const secretCommit: Detector = {
  name: 'secret-commit',
  judges: 'intent',
  evaluate({ event, facts, session, ctx }) {
    if ((session.tainted.length === 0 && facts.secrets.length === 0) || event.cwd === undefined) return [];
    const cwd = event.cwd;
    let fresh: TaintedFile[] | undefined;
    for (const [i, cmd] of facts.commands.entries()) {
      const sub = gitSubcommand(cmd.argv);
      if (sub?.[0] !== 'add' && sub?.[0] !== 'stage') continue;
      // The copy may be made earlier on the same line: `cp ~/.aws/credentials creds.txt && git add creds.txt`.
      fresh ??= facts.secrets.length === 0 ? [] : taintOf(event, facts, session);
      const before = facts.commands.slice(0, i);
      const tainted = [...session.tainted, ...fresh.filter((t) => before.some((c) => [...c.argv.slice(1), ...c.writes].some((w) => resolvePath(w, ctx.home, cwd) === t.path)))];
      const words = sub.slice(1);
      const named = words.filter((w) => !w.startsWith('-') || EVERYTHING.test(w)).map((w) => (EVERYTHING.test(w) ? cwd : resolvePath(w, ctx.home, cwd)));
      const staged = tainted.filter((t) => isWithin(t.path, cwd) && named.some((n) => n !== undefined && isWithin(t.path, n)));
      if (staged.length > 0) return [finding(staged[0]!, event.id, ctx.home)];
    }
    return [];
  },
};

function finding(t: TaintedFile, eventId: string, home: string): Finding {
  const shown = displayPath(t.path, home);
  return {
    // A value the agent wrote itself may be a development default (a framework's insecure key, a test fixture's token).
    rule: 'secret-staged-for-commit', severity: t.from === WRITTEN_SECRET ? 'medium' : 'high', tactic: 'exfiltration', technique: 'T1567.001',
    title: `Copy of ${t.from} staged for commit`,
    reason: `The agent stages ${shown}, which holds a copy of ${t.from}, for a commit: once pushed, the secret is in the repository's history on the code host and in every clone.`,
    evidence: [...new Set([...t.eventIds, eventId])], key: shown, block: true,
  };
}

// Destructive chains: one recursive delete outside the workspace is flagged on its own
// (destructive-delete); several in one session look like a sweep. And a force push after history
// was thrown away (`git reset --hard`, rebase, amend, filter-branch) overwrites the remote copy too.
// Not blocking: each delete is already blockable alone, and rebase + force-push is a normal flow.
import type { Detector, Finding } from '../detector.js';
import { displayPath } from '../paths.js';
import { SEQUENCE_LIMITS, type SequenceLimits } from './limits.js';
import { forcePushesOf, historyRewritesOf, outsideDeletesOf } from './destructive-steps.js';
import { push } from './bounded.js';

export const MAX_DESTRUCTIVE = 16;

/** Destructive steps: recursive deletes outside the workspace, git history rewrites; at most MAX_DESTRUCTIVE. */
export interface DestructiveMemory { destructive: { kind: 'delete-outside' | 'history-rewrite'; what: string; eventId: string }[] }

export function createDestructiveChain(limits: Partial<SequenceLimits> = {}): Detector<DestructiveMemory> {
  const { deletesOutsideWorkspace: threshold } = { ...SEQUENCE_LIMITS, ...limits };
  return {
    name: 'destructive-chain',
    judges: 'intent',
    memory: {
      initial: () => ({ destructive: [] }),
      update({ event, facts, session, state }) {
        const destructive = push(state.destructive, [
          ...outsideDeletesOf(facts, session.cwd ?? event.cwd).filter((p) => !state.destructive.some((d) => d.what === p))
            .map((p) => ({ kind: 'delete-outside' as const, what: p, eventId: event.id })),
          ...historyRewritesOf(facts).map((what) => ({ kind: 'history-rewrite' as const, what, eventId: event.id })),
        ], MAX_DESTRUCTIVE);
        return destructive === state.destructive ? state : { destructive };
      },
    },
    evaluate({ event, facts, session, state, ctx }) {
      const out: Finding[] = [];
      const workspace = session.cwd ?? event.cwd;
      const nowDeletes = outsideDeletesOf(facts, workspace);
      if (nowDeletes.length > 0) {
        const steps = [...state.destructive.filter((d) => d.kind === 'delete-outside'), ...nowDeletes.map((what) => ({ what, eventId: event.id }))];
        const paths = [...new Set(steps.map((s) => s.what))];
        if (paths.length >= threshold) {
          const shown = paths.slice(-5).map((p) => displayPath(p, ctx.home)).join(', ');
          out.push({
            rule: 'destructive-chain', severity: 'high', tactic: 'impact', technique: 'T1485',
            title: `${paths.length} recursive deletes outside the workspace`,
            reason: `This session has recursively deleted ${paths.length} paths outside the workspace ${workspace} (${shown}), which looks like a sweep rather than a clean-up.`,
            evidence: [...new Set(steps.map((s) => s.eventId))], key: 'deletes-outside-workspace', block: false,
          });
        }
      }
      const pushes = forcePushesOf(facts);
      if (pushes.length > 0) {
        const rewrites = [...state.destructive.filter((d) => d.kind === 'history-rewrite'), ...historyRewritesOf(facts).map((what) => ({ what, eventId: event.id }))];
        const last = rewrites.at(-1);
        if (last !== undefined) {
          const lease = pushes.every((p) => p.includes('--force-with-lease'));
          out.push({
            rule: 'destructive-chain', severity: lease ? 'medium' : 'high', tactic: 'impact', technique: 'T1485',
            title: 'Force push after rewriting history',
            reason: `The session ran ${[...new Set(rewrites.map((r) => r.what))].join(', ')} and now force-pushes (\`${pushes[0]}\`), which replaces the remote history and can destroy commits others rely on.`,
            evidence: [...new Set([...rewrites.slice(-5).map((r) => r.eventId), event.id])], key: 'force-push-after-rewrite', block: false,
          });
        }
      }
      return out;
    },
  };
}

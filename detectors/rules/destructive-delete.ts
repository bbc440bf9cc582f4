// `rm -rf` aimed at the home directory, the file system root, or anything outside the workspace.
import path from 'node:path';
import type { Detector, Finding } from '../detector.js';
import { isWithin, displayPath } from '../paths.js';

// Scratch space agents legitimately clean up.
const SCRATCH = ['/tmp', '/var/tmp', '/dev/shm'];

export const destructiveDelete: Detector = {
  name: 'destructive-delete',
  evaluate({ event, facts, session, ctx }) {
    const out: Finding[] = [];
    const workspace = session.cwd ?? event.cwd;
    for (const d of facts.deletes) {
      if (!d.recursive) continue;
      const p = d.path;
      const homeLevel = p === ctx.home || path.dirname(p) === ctx.home || isWithin(ctx.home, p);
      const rootLevel = p === '/' || path.dirname(p) === '/';
      const outside = workspace !== undefined && !isWithin(p, workspace) && !SCRATCH.some((s) => isWithin(p, s));
      if (!homeLevel && !rootLevel && !outside) continue;
      const shown = displayPath(p, ctx.home);
      const what = rootLevel ? 'a top-level system directory' : homeLevel ? 'your home directory or a folder directly in it' : `a path outside the workspace ${workspace}`;
      out.push({
        rule: 'destructive-delete', severity: homeLevel || rootLevel ? 'critical' : 'high', tactic: 'impact', technique: 'T1485',
        title: `Recursive delete of ${shown}`,
        reason: `The agent recursively deletes ${shown}, ${what}; that cannot be undone.`,
        evidence: [event.id], key: p, block: true,
      });
    }
    return out;
  },
};

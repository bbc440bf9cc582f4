// Writes that make something run again later: shell rc, authorized_keys, git hooks, systemd, cron, autostart.
import type { Detector, Finding } from '../detector.js';
import { PERSISTENCE_FILES } from '../catalog.js';
import { matchPathClass, displayPath } from '../paths.js';

const TECHNIQUE: Record<string, string> = {
  'shell-rc': 'T1546.004', 'authorized-keys': 'T1098.004', 'git-hook': 'T1546', 'systemd-unit': 'T1543.002',
  cron: 'T1053.003', autostart: 'T1547.013',
};

export const persistence: Detector = {
  name: 'persistence',
  evaluate({ event, facts, ctx }) {
    const out: Finding[] = [];
    for (const w of facts.writes) {
      const c = matchPathClass(w.path, PERSISTENCE_FILES, ctx.home);
      if (!c) continue;
      const shown = displayPath(w.path, ctx.home);
      out.push({
        rule: 'persistence-write', severity: c.severity, tactic: 'persistence', technique: TECHNIQUE[c.id],
        title: `Write to ${c.label}`,
        reason: `The agent wrote to ${shown} (${c.label}); what is put there runs again later, outside this session.`,
        evidence: [event.id], key: w.path, block: true,
      });
    }
    return out;
  },
};

// `curl … | sh`: code fetched from the network runs without anyone reading it.
import type { Detector } from '../detector.js';

export const downloadExec: Detector = {
  name: 'download-exec',
  evaluate({ event, facts }) {
    if (facts.downloadToShell === undefined) return [];
    return [{
      rule: 'download-piped-to-shell', severity: 'high', tactic: 'execution', technique: 'T1059.004',
      title: 'Download piped into a shell',
      reason: `The command runs whatever \`${facts.downloadToShell.slice(0, 120)}\` returns in a shell, without saving or checking it first.`,
      evidence: [event.id], key: facts.downloadToShell, block: true,
    }];
  },
};

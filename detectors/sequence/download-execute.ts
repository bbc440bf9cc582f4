// Download → execute: a file fetched from the network (`curl -o x`, `wget URL`) later runs
// (`./x`, `bash x`, `python x`), often after `chmod +x x`. The two-step form of `curl | sh`.
import type { Detector, Finding } from '../detector.js';
import { displayPath } from '../paths.js';
import { chmodExecOf, downloadsOf, executedOf, type DownloadStep } from './steps.js';
import { push } from './bounded.js';

export const MAX_DOWNLOADS = 16;

/** Files downloaded (and maybe chmod +x'ed since), at most MAX_DOWNLOADS. */
export interface DownloadMemory { downloads: (DownloadStep & { chmodId?: string })[] }

const hostOf = (url: string) => /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([^:/?#\s]+)/i.exec(url)?.[1] ?? url;

export const downloadExecute: Detector<DownloadMemory> = {
  name: 'download-then-execute',
  judges: 'intent',
  memory: {
    initial: () => ({ downloads: [] }),
    update({ event, facts, state }) {
      const chmods = new Set(chmodExecOf(event, facts));
      const added = push(state.downloads, downloadsOf(event, facts), MAX_DOWNLOADS);
      const downloads = chmods.size === 0 ? added : added.map((d) => (chmods.has(d.path) ? { ...d, chmodId: event.id } : d));
      return downloads === state.downloads ? state : { downloads };
    },
  },
  evaluate({ event, facts, state, ctx }) {
    const ran = executedOf(event, facts);
    if (ran.length === 0) return [];
    // Earlier downloads, and those of this very command line (`curl -o x URL && chmod +x x && ./x`).
    const chmodNow = new Set(chmodExecOf(event, facts));
    const known: DownloadMemory['downloads'] = [...state.downloads, ...downloadsOf(event, facts)];
    const out: Finding[] = [];
    for (const p of new Set(ran)) {
      const d = [...known].reverse().find((x) => x.path === p);
      if (d === undefined) continue;
      const chmodId: string | undefined = chmodNow.has(p) ? event.id : d.chmodId;
      const shown = displayPath(p, ctx.home);
      out.push({
        rule: 'download-then-execute', severity: 'high', tactic: 'execution', technique: 'T1105',
        title: `Runs ${shown}, downloaded from ${hostOf(d.url)}`,
        reason: `The agent downloaded ${shown} from ${hostOf(d.url)}${chmodId ? ', made it executable' : ''} and now runs it (T1105 ingress tool transfer, then T1059 execution) without anyone reviewing it.`,
        evidence: [...new Set([d.eventId, ...(chmodId ? [chmodId] : []), event.id])], key: p, block: true,
      });
    }
    return out;
  },
};

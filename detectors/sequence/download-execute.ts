// Download → execute: a file fetched from the network (`curl -o x`, `wget URL`) later runs
// (`./x`, `bash x`, `python x`), often after `chmod +x x`. The two-step form of `curl | sh`.
import type { Detector, Finding } from '../detector.js';
import { displayPath, matchPathClassInAnyHome } from '../paths.js';
import { PERSISTENCE_FILES } from '../catalog.js';
import { isAllowedHost, isLocalHost } from '../command/egress.js';
import type { Event } from '../../core/event.js';
import type { DetectionContext, EventFacts } from '../facts.js';
import { chmodExecOf, downloadsOf, executedOf, type DownloadStep } from './steps.js';
import { push } from './bounded.js';

export const MAX_DOWNLOADS = 16;

/** Files downloaded (and maybe chmod +x'ed since), at most MAX_DOWNLOADS. */
export interface DownloadMemory { downloads: (DownloadStep & { chmodId?: string })[] }

// A release artefact (a GitHub release asset, a versioned tarball or package) is how static binaries
// such as ffmpeg are installed: running one is low, unless the same step escalates (below).
const RELEASE_ARTEFACT = /\/releases\/(latest\/)?download\/|\.(tar\.(gz|xz|bz2|zst)|tgz|txz|zip|AppImage|deb|rpm)([?#]|$)/i;

/** The run itself gains privileges, writes where things run again later, or sends data out. */
function escalates(event: Event, facts: EventFacts, ctx: DetectionContext): boolean {
  return /(^|[\s;&|(])(sudo|doas|pkexec)\s/.test(event.command ?? '')
    || facts.writes.some((w) => matchPathClassInAnyHome(w.path, PERSISTENCE_FILES, ctx.home) !== undefined)
    || facts.egress.some((e) => !isLocalHost(e.host) && !isAllowedHost(e.host, ctx.egressAllow));
}

const hostOf = (url: string) => /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([^:/?#\s]+)/i.exec(url)?.[1] ?? url;

export const downloadExecute: Detector<DownloadMemory> = {
  name: 'download-then-execute',
  judges: 'intent',
  memory: {
    initial: () => ({ downloads: [] }),
    update({ event, facts, state, ctx }) {
      const chmods = new Set(chmodExecOf(event, facts, ctx.home));
      const added = push(state.downloads, downloadsOf(event, facts, ctx.home), MAX_DOWNLOADS);
      const downloads = chmods.size === 0 ? added : added.map((d) => (chmods.has(d.path) ? { ...d, chmodId: event.id } : d));
      return downloads === state.downloads ? state : { downloads };
    },
  },
  evaluate({ event, facts, state, ctx }) {
    const ran = executedOf(event, facts, ctx.home);
    if (ran.length === 0) return [];
    // Earlier downloads, and those of this very command line (`curl -o x URL && chmod +x x && ./x`).
    const chmodNow = new Set(chmodExecOf(event, facts, ctx.home));
    const known: DownloadMemory['downloads'] = [...state.downloads, ...downloadsOf(event, facts, ctx.home)];
    const out: Finding[] = [];
    for (const p of new Set(ran)) {
      const d = [...known].reverse().find((x) => x.path === p);
      if (d === undefined) continue;
      const chmodId: string | undefined = chmodNow.has(p) ? event.id : d.chmodId;
      const shown = displayPath(p, ctx.home);
      const released = RELEASE_ARTEFACT.test(d.url) && !escalates(event, facts, ctx);
      out.push({
        rule: 'download-then-execute', severity: released ? 'low' : 'high', tactic: 'execution', technique: 'T1105',
        title: `Runs ${shown}, downloaded from ${hostOf(d.url)}`,
        reason: `The agent downloaded ${shown} from ${hostOf(d.url)}${chmodId ? ', made it executable' : ''} and now runs it (T1105 ingress tool transfer, then T1059 execution) without anyone reviewing it${released ? ' (a release artefact, run without privileges, persistence or egress)' : ''}.`,
        evidence: [...new Set([d.eventId, ...(chmodId ? [chmodId] : []), event.id])], key: p, block: !released,
      });
    }
    return out;
  },
};

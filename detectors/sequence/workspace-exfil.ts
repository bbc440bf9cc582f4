// Workspace data leaving (issue 11 item 2): not a secret, but customer records, source, a database dump.
// After the session has read files, data-carrying requests (curl -d/-F/-T, wget --post-file, nc fed a
// file, /dev/tcp; a connect for a session whose hooks never report) to one host that is neither local,
// nor allowlisted, nor a package/code host are counted per host. Many small requests or enough bytes is
// exfiltration in pieces (T1030), high and blockable from the request that crosses the line; one upload
// of a file the session read is medium (T1041). A loop (`for …; do curl …; done`, `while read`) sends
// once per iteration: its `seq N` / `{1..N}` count, else a loop counts as the threshold.
import type { Detector, Finding } from '../detector.js';
import type { Event } from '../../core/event.js';
import type { EventFacts } from '../facts.js';
import { MAILERS } from '../command/egress.js';
import { isUnknownHost } from '../command/known-hosts.js';
import { NETWORK_TOOLS } from '../catalog.js';
import { CLOUD_CLIS } from '../command/cloud-storage.js';
import { isTransferTool } from '../command/file-transfers.js';
import { isGitTransfer } from '../command/git-push.js';
import { baseName, type SimpleCommand } from '../command/parse-command.js';
import { msOf } from '../../core/time.js';
import { dataCallsOf, MAX_TEXT, resolveWord } from './steps.js';
import { stamp, type Stamp } from './bounded.js';
import { displayPath } from '../paths.js';

export interface WorkspaceExfilLimits {
  /** Data-carrying requests to one unknown host, after a read, that make exfiltration … */
  requests: number;
  /** … or bytes sent to it (where the command shows them: inline data, heredocs, files read with Read). */
  bytes: number;
  /** … within this many minutes. */
  windowMin: number;
}

export const WORKSPACE_EXFIL_LIMITS: Readonly<WorkspaceExfilLimits> = Object.freeze({ requests: 5, bytes: 64 * 1024, windowMin: 30 });

/** Files read (key = path, n = bytes when the read result showed them, at most MAX_STAMPS) and uploads (key = host, n = requests, with their bytes). */
export interface WorkspaceExfilMemory { fileReads: Stamp[]; uploads: (Stamp & { bytes: number })[] }

const MAX_UPLOADS = 64;

/** Iterations a loop around the data call runs: `seq 10`, `seq 1 10`, `{1..10}`; an open loop counts as `fallback`. */
export function loopWeight(command: string, fallback: number): number {
  if (!/(?:^|[;&|(\s])(?:for|while|until)\s[^]*?\bdo\b/.test(command) && !/\bxargs\b/.test(command)) return 1;
  const seq = /\bseq\s+(?:-\S{1,60}\s+){0,12}(\d+)(?:\s+(\d+))?(?:\s+(\d+))?/.exec(command);
  const range = /\{(\d+)\.\.(\d+)\}/.exec(command);
  let n: number | undefined;
  if (seq) n = seq[3] !== undefined ? Math.floor((Number(seq[3]) - Number(seq[1])) / Math.max(1, Number(seq[2]))) + 1 : seq[2] !== undefined ? Number(seq[2]) - Number(seq[1]) + 1 : Number(seq[1]);
  else if (range) n = Math.abs(Number(range[2]) - Number(range[1])) + 1;
  return Math.min(1000, Math.max(2, n ?? fallback));
}

/** Files a data call sends: `-d @f`, `--data-binary @f`, `-F x=@f`, `-T f`, `--post-file=f`, `nc … < f`. */
function sentFiles(event: Event, facts: EventFacts, home: string): string[] {
  const out: string[] = [];
  for (const cmd of facts.commands) {
    const prog = baseName(cmd.argv[0] ?? '');
    if (prog === 'curl' || prog === 'wget') {
      const args = cmd.argv.slice(1);
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        const next = args[i + 1] ?? '';
        const value = /^(?:-d|-F|--data|--data-binary|--data-raw|--data-urlencode|--form|--json)$/.test(a) ? next : /^--(?:data[\w-]*|form|json)=/.test(a) ? a.slice(a.indexOf('=') + 1) : undefined;
        const file = value !== undefined ? /(?:^|=)@([^;]+)/.exec(value)?.[1] : /^(?:-T|--upload-file)$/.test(a) ? next : /^--(?:post|body)-file=/.test(a) ? a.slice(a.indexOf('=') + 1) : a === '--post-file' || a === '--body-file' ? next : undefined;
        const p = file === undefined || file === '-' ? undefined : resolveWord(file, event.cwd, facts, home);
        if (p !== undefined) out.push(p);
      }
    } else if (['nc', 'ncat', 'netcat', 'socat', 'telnet'].includes(prog) || MAILERS.has(prog)) {
      for (const r of cmd.reads) { const p = resolveWord(r, event.cwd, facts, home); if (p !== undefined) out.push(p); }
    }
  }
  const sent = [...out, ...facts.sent.flatMap((p) => p.paths)];
  // An archive or copy this line made and sends (`zip -qr /tmp/s.zip . && curl -F f=@/tmp/s.zip …`): what it was made of goes.
  const madeOf = facts.writes.filter((w) => w.from !== undefined && sent.includes(w.path)).flatMap((w) => w.from!);
  return madeOf.length === 0 ? sent : [...sent, ...madeOf];
}

/** Bytes a call shows inline: `-d 'text'`, a heredoc. Files sent by name count with the size their Read showed. */
function inlineBytes(facts: EventFacts): number {
  let n = 0;
  for (const cmd of facts.commands) {
    const args = cmd.argv;
    for (let i = 1; i < args.length; i++) if (/^(?:-d|--data(?:-raw|-binary|-urlencode)?|--post-data)$/.test(args[i - 1]!) && !args[i]!.startsWith('@')) n += args[i]!.length;
    if (cmd.heredoc) n += cmd.heredoc.length;
  }
  return n;
}

interface Upload { host: string; requests: number; bytes: number; files: string[]; tool: string }

/** Exfiltration to cloud storage, to a code repository, or over another channel. */
const techniqueOf = (tool: string) => (CLOUD_CLIS.has(tool) ? 'T1567.002' : tool === 'git push' ? 'T1567.001' : 'T1041');

// evaluate and then update ask for the same event's uploads against the same memory: the second time is
// answered from here (keyed by the event, its facts and the memory's reads, so never across events).
let lastUploads: { event: Event; facts: EventFacts; reads: readonly Stamp[]; allow: readonly string[]; uploads: Upload[] } | undefined;

function uploadsOf(event: Event, facts: EventFacts, allow: readonly string[], reads: readonly Stamp[], home: string): Upload[] {
  const last = lastUploads;
  if (last !== undefined && last.event === event && last.facts === facts && last.reads === reads && last.allow === allow) return last.uploads;
  const uploads = findUploads(event, facts, allow, reads, home);
  lastUploads = { event, facts, reads, allow, uploads };
  return uploads;
}

function findUploads(event: Event, facts: EventFacts, allow: readonly string[], reads: readonly Stamp[], home: string): Upload[] {
  const unknown = (h: string) => isUnknownHost(h, allow);
  if (event.kind === 'net.connect' && event.remote !== undefined) {
    const host = (event.remote.host ?? event.remote.addr).toLowerCase().slice(0, MAX_TEXT);
    return unknown(host) ? [{ host, requests: 1, bytes: 0, files: [], tool: 'a connection' }] : [];
  }
  const calls = dataCallsOf(event, facts).filter((c) => unknown(c.host));
  if (calls.length === 0) return [];
  const weight = loopWeight(event.command ?? '', WORKSPACE_EXFIL_LIMITS.requests);
  const files = sentFiles(event, facts, home);
  const sizes = new Map(reads.map((r) => [r.key, r.n ?? 0]));
  const fileBytes = files.reduce((n, f) => n + (sizes.get(f) ?? 0), 0);
  const bytes = (inlineBytes(facts) + fileBytes) * weight;
  return [...new Set(calls.map((c) => c.host))].map((host) => ({ host, requests: weight, bytes, files, tool: calls.find((c) => c.host === host)!.tool }));
}

/**
 * Files the event reads, without the words of network commands (the parser takes `curl -d x=1`'s
 * `x=1` for a path; a file named in an upload is what is sent, not a read that came before).
 */
function readsOf(event: Event, facts: EventFacts, home: string): string[] {
  const sends = (c: SimpleCommand) => { const p = baseName(c.argv[0] ?? ''); return NETWORK_TOOLS.has(p) || CLOUD_CLIS.has(p) || isTransferTool(c.argv) || isGitTransfer(c.argv); };
  const netWords = new Set(facts.commands.filter(sends)
    .flatMap((c) => c.argv.slice(1).flatMap((a) => [a, a.replace(/^[^=@]*=?@/, '')]).map((a) => resolveWord(a, event.cwd, facts, home)).filter((p): p is string => p !== undefined)));
  return facts.reads.filter((p) => !netWords.has(p) && !p.startsWith('/dev/'));
}

/**
 * The first read (of this session) that a file sent is, or lies under: reads indexed by their path and each
 * directory above it, so an upload of thousands of paths is not compared with thousands of reads each.
 */
function firstSent(files: readonly string[], reads: readonly Stamp[]): Stamp | undefined {
  const at = new Map<string, Stamp>();
  for (const r of reads) {
    if (!at.has(r.key)) at.set(r.key, r);
    for (let i = r.key.lastIndexOf('/'); i > 0; i = r.key.lastIndexOf('/', i - 1)) { const dir = r.key.slice(0, i); if (!at.has(dir)) at.set(dir, r); }
  }
  for (const f of files) { const r = f === '/' ? reads[0] : at.get(f.endsWith('/') ? f.slice(0, -1) : f); if (r !== undefined) return r; }
  return undefined;
}

/** Bytes a Read result showed (its text), so `curl -d @that-file` later counts them. */
function readBytes(event: Event): number {
  const out = event.tool?.output as { file?: { content?: unknown } } | string | undefined;
  const text = typeof out === 'string' ? out : typeof out?.file?.content === 'string' ? out.file.content : undefined;
  return text?.length ?? 0;
}

export function createWorkspaceExfil(limits: Partial<WorkspaceExfilLimits> = {}): Detector<WorkspaceExfilMemory> {
  const l = { ...WORKSPACE_EXFIL_LIMITS, ...limits };
  const windowMs = l.windowMin * 60_000;
  return {
    name: 'workspace-exfiltration',
    judges: 'intent',
    memory: {
      windowed: true,
      initial: () => ({ fileReads: [], uploads: [] }),
      update({ event, facts, state, ctx }) {
        const now = msOf(event.ts);
        const readNow = facts.reads.length === 0 ? [] : readsOf(event, facts, ctx.home).map((p) => ({ key: p, eventId: event.id, t: now }));
        // A Read's result tells how much the file held: kept on the read's stamp.
        const sized = event.kind === 'tool.result' && event.path !== undefined ? readBytes(event) : 0;
        let fileReads = readNow.length === 0 ? state.fileReads : stamp(state.fileReads, readNow, now, true);
        if (sized > 0) fileReads = fileReads.map((r) => (event.path !== undefined && (r.key === event.path || r.key.endsWith(`/${event.path}`)) ? { ...r, n: sized } : r));
        const ups = uploadsOf(event, facts, ctx.egressAllow, state.fileReads, ctx.home).map((u) => ({ key: u.host, eventId: event.id, t: now, n: u.requests, bytes: u.bytes }));
        const uploads = ups.length === 0 ? state.uploads : [...state.uploads.filter((s) => now - s.t <= windowMs), ...ups].slice(-MAX_UPLOADS);
        return fileReads === state.fileReads && uploads === state.uploads ? state : { fileReads, uploads };
      },
    },
    evaluate({ event, facts, state, ctx }) {
      const uploads = uploadsOf(event, facts, ctx.egressAllow, state.fileReads, ctx.home);
      if (uploads.length === 0) return [];
      const now = msOf(event.ts);
      const reads = [...state.fileReads, ...readsOf(event, facts, ctx.home).map((p) => ({ key: p, eventId: event.id, t: now }))];
      if (reads.length === 0) return [];
      const out: Finding[] = [];
      for (const u of uploads) {
        const before = state.uploads.filter((s) => s.key === u.host && now - s.t <= windowMs);
        const requests = before.reduce((n, s) => n + (s.n ?? 1), 0) + u.requests;
        const bytes = before.reduce((n, s) => n + s.bytes, 0) + u.bytes;
        // A file sent by name, or one inside a directory sent whole (`aws s3 sync . s3://b`, `scp -r src h:`).
        const sentRead = firstSent(u.files, reads);
        const lastRead = sentRead ?? reads[reads.length - 1]!;
        const what = sentRead ? displayPath(sentRead.key, ctx.home) : `files it read (${displayPath(lastRead.key, ctx.home)} last)`;
        if (requests >= l.requests || bytes >= l.bytes) {
          const size = bytes > 0 ? `, ${bytes} bytes or more,` : '';
          out.push({
            rule: 'workspace-exfiltration', severity: 'high', tactic: 'exfiltration', technique: 'T1030',
            title: `${requests} uploads to ${u.host} after reading workspace files`,
            reason: `After reading ${what}, the session has sent data to ${u.host} ${requests} times${size} within ${l.windowMin} minutes (this time with ${u.tool}), `
              + 'a host that is neither local, nor allowlisted, nor a package or code host: small pieces add up to the data leaving.',
            evidence: [...new Set([lastRead.eventId, ...before.map((s) => s.eventId), event.id])], key: u.host, block: true,
          });
        } else if (sentRead) {
          out.push({
            rule: 'workspace-upload', severity: 'medium', tactic: 'exfiltration', technique: techniqueOf(u.tool),
            title: `${displayPath(sentRead.key, ctx.home)} sent to ${u.host}`,
            reason: `The session read ${what} and now sends it with ${u.tool} to ${u.host}, a host that is neither local, nor allowlisted, nor a package or code host.`,
            evidence: [...new Set([sentRead.eventId, event.id])], key: `${sentRead.key}->${u.host}`, block: true,
          });
        }
      }
      return out;
    },
  };
}

// The process inventory's I/O: Linux reads /proc directly (the poll tier's readProcSnapshot, plus the
// environment stamp, read once per process); macOS and Windows ask ps-list. Scans are incremental: a
// process already known by its procKey is not read again, and each scan reports what appeared and went.
import fs from 'node:fs';
import { readProcSnapshot } from '../poll/process-poll-collector.js';
import { parseBootTime, type ProcInfo } from '../poll/proc-parse.js';
import { readEnvironStamp } from '../../daemon/attribution/environ.js';
import type { ProcessView } from './recognise.js';

export interface ScanResult {
  procs: ProcessView[];
  started: ProcessView[];
  exited: ProcessView[];
}

// USER_HZ is 100 on every Linux ABI Node runs on; /proc start times are in these ticks.
const CLK_TCK = 100;

function bootTime(): number | undefined {
  try { return parseBootTime(fs.readFileSync('/proc/stat', 'latin1')); } catch { return undefined; }
}

/** Incremental /proc scanner. Keeps the last snapshot; every scan() returns the whole table and the changes. */
export class ProcScanner {
  private infos = new Map<string, ProcInfo>();
  private views = new Map<string, ProcessView>();
  private readonly boot = bootTime();
  constructor(private readonly readEnviron = true, private readonly max = 100_000) {}

  scan(): ScanResult {
    const now = new Date().toISOString();
    const { next } = readProcSnapshot(this.infos, now, this.max);
    const views = new Map<string, ProcessView>();
    const started: ProcessView[] = [];
    for (const [key, info] of next) {
      const old = this.views.get(key);
      if (old && this.infos.get(key) === info) { views.set(key, old); continue; }
      if (old && this.infos.get(key)?.comm === info.comm) { views.set(key, { ...old, ppid: info.ppid }); continue; }
      const view = this.viewOf(info);
      views.set(key, view);
      if (!old) started.push(view);
    }
    const exited = [...this.views.values()].filter((v) => !views.has(v.procKey));
    this.infos = next;
    this.views = views;
    return { procs: [...views.values()], started, exited };
  }

  private viewOf(info: ProcInfo): ProcessView {
    const view: ProcessView = { pid: info.pid, ppid: info.ppid, procKey: info.procKey, comm: info.comm };
    if (this.boot !== undefined) view.startedAt = new Date((this.boot + info.startTicks / CLK_TCK) * 1000).toISOString();
    if (info.uid !== undefined) view.uid = info.uid;
    if (info.exe) view.exe = info.exe;
    if (info.argv && info.argv.length > 0) view.argv = info.argv;
    if (info.cwd) view.cwd = info.cwd;
    if (this.readEnviron && !info.zombie) {
      const stamp = readEnvironStamp(info.pid);
      if (stamp) view.stamp = stamp;
    }
    return view;
  }
}

/** What ps-list gives, as ProcessViews (macOS, Windows; also runs on Linux, which is how it is tested). */
export interface PsListProcess { pid: number; ppid: number; name: string; cmd?: string; uid?: number; path?: string; startTime?: Date }

/** Pure: ps-list rows → views. argv is the command line split on spaces (ps does not keep the boundaries). */
export function viewsFromPsList(rows: readonly PsListProcess[]): ProcessView[] {
  return rows.map((r) => {
    const start = r.startTime && !Number.isNaN(r.startTime.getTime()) ? r.startTime : undefined;
    const view: ProcessView = { pid: r.pid, ppid: r.ppid, procKey: `${r.pid}:${start ? start.getTime() : '?'}`, comm: r.name };
    if (start) view.startedAt = start.toISOString();
    if (r.uid !== undefined) view.uid = r.uid;
    if (r.path && r.path.includes('/')) view.exe = r.path;
    if (r.cmd) view.argv = r.cmd.split(' ').filter(Boolean);
    return view;
  });
}

/** One scan through ps-list. */
export async function scanWithPsList(): Promise<ProcessView[]> {
  const { default: psList } = await import('ps-list');
  return viewsFromPsList(await psList({ all: true }));
}

/** Incremental wrapper around any full scan (ps-list): the same started/exited contract as ProcScanner. */
export class DiffingScanner {
  private views = new Map<string, ProcessView>();
  constructor(private readonly full: () => Promise<ProcessView[]>) {}
  async scan(): Promise<ScanResult> {
    const procs = await this.full();
    const next = new Map(procs.map((p) => [p.procKey, p]));
    const started = procs.filter((p) => !this.views.has(p.procKey));
    const exited = [...this.views.values()].filter((v) => !next.has(v.procKey));
    this.views = next;
    return { procs, started, exited };
  }
}

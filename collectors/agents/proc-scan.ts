// The agent collector's view of the process table: its records with their agent stamps (each process's
// environment is read once, when this view first meets it), and what appeared and went since this view
// last looked. The scanning itself is the table's, shared with the poll tier.
import { ProcessTable, type ScanSource } from '../proc/process-table.js';
import type { ProcRecord } from '../proc/record.js';
import { stampOf } from '../../core/agents/stamp.js';
import type { ProcessView } from './recognise.js';

export interface ScanResult {
  procs: ProcessView[];
  started: ProcessView[];
  exited: ProcessView[];
}

/** A table of its own on this platform's source, or ps-list when asked (how that path is tested on Linux). */
export function ownTable(opts: { psList?: boolean } = {}): ProcessTable {
  const source: ScanSource = opts.psList || process.platform !== 'linux' ? 'ps-list' : 'procfs';
  return new ProcessTable({ source, maxProcesses: 100_000 });
}

/** Incremental: every scan() returns the whole table and the changes since the previous scan() of this view. */
export class ProcScanner {
  private views = new Map<string, ProcessView>();
  /** The command line each view was made from: the table reads a record again when its process exec'd. */
  private readonly argvOf = new WeakMap<ProcessView, ProcRecord['argv']>();
  constructor(readonly table: ProcessTable = ownTable(), private readonly readEnviron = true) {}

  /**
   * `maxAgeMs`: a table scan no older than this (another consumer's) will do. A process that exec'd since
   * (a fork seen before its exec, a shell that became `claude`) is in `started` again: a new program.
   */
  async scan(maxAgeMs = 0): Promise<ScanResult> {
    await this.table.refresh(maxAgeMs);
    const views = new Map<string, ProcessView>();
    const started: ProcessView[] = [];
    for (const [key, rec] of this.table.snapshot()) {
      const old = this.views.get(key);
      if (old && old.comm === rec.comm && this.argvOf.get(old) === rec.argv) {
        if (old.ppid === rec.ppid) { views.set(key, old); continue; }
        const moved = { ...old, ppid: rec.ppid }; // reparented to init/subreaper
        this.argvOf.set(moved, rec.argv);
        views.set(key, moved);
        continue;
      }
      const view = this.viewOf(rec);
      this.argvOf.set(view, rec.argv);
      views.set(key, view);
      started.push(view);
    }
    const exited = [...this.views.values()].filter((v) => !views.has(v.procKey));
    this.views = views;
    return { procs: [...views.values()], started, exited };
  }

  private viewOf(rec: ProcRecord): ProcessView {
    const view: ProcessView = { ...rec };
    if (!rec.argv?.length) delete view.argv; // a kernel thread or zombie: recognised by comm alone
    const env = this.readEnviron ? this.table.environOf(rec) : undefined;
    const stamp = env && stampOf(env);
    if (stamp) view.stamp = stamp;
    return view;
  }
}

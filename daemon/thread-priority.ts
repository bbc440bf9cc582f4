// The daemon's main thread answers hooks; its other threads do work nothing waits on: V8's compiler and
// concurrent GC marking, libuv's file-system pool (log writes, socket-table reads), the WAL checkpoint
// worker. On a 2-core laptop VM they took the CPU from the very processes a hook round trip needs, the
// agent's and the daemon's main thread: in the latency bench's slowest 1 % of round trips at concurrency 1,
// the V8 worker ran 3.3 ms of each 4.6 ms, mostly TurboFan compiling (docs/performance.md). At the lowest
// priority (nice 19) they run in the gaps instead: the main thread and every process of the developer's
// at normal priority go first.
//
// Linux only: there a thread's nice value is its own, and setpriority(2) takes a thread id. Elsewhere it
// would change the whole process, so nothing is done.
import os from 'node:os';
import { ProcFs } from '../collectors/proc/procfs.js';

/** The nice value of the daemon's background threads (the lowest priority). */
export const BACKGROUND_NICE = 19;

export interface ThreadOs {
  tasks(): string[];
  getPriority(tid: number): number;
  setPriority(tid: number, nice: number): void;
}

const realOs: ThreadOs = {
  tasks: () => new ProcFs().threadIds(),
  getPriority: (tid) => os.getPriority(tid),
  setPriority: (tid, nice) => os.setPriority(tid, nice),
};

export class BackgroundThreads {
  /** Threads lowered so far. */
  lowered = 0;
  /** Why nothing could be done, if so (not Linux, no /proc). */
  skipped: string | undefined;

  constructor(private readonly sys: ThreadOs = realOs, private readonly platform: string = process.platform, private readonly mainTid = process.pid) {}

  /**
   * Lowers every thread of this process but the main one to BACKGROUND_NICE. Threads made later start at
   * the main thread's priority, so this is called again after start-up (libuv makes its pool on first use);
   * a thread at that priority already is left alone.
   */
  lowerNow(): void {
    if (this.platform !== 'linux') { this.skipped = `not on ${this.platform}`; return; }
    let tasks: string[];
    try { tasks = this.sys.tasks(); } catch (err) { this.skipped = `no /proc/self/task (${(err as NodeJS.ErrnoException).code ?? String(err)})`; return; }
    for (const t of tasks) {
      const tid = Number(t);
      if (tid === this.mainTid) continue;
      try {
        if (this.sys.getPriority(tid) >= BACKGROUND_NICE) continue;
        this.sys.setPriority(tid, BACKGROUND_NICE);
        this.lowered++;
      } catch { /* the thread ended meanwhile */ }
    }
  }

  health(): { status: 'ok'; nice: number; lowered: number; skipped?: string } {
    return { status: 'ok', nice: BACKGROUND_NICE, lowered: this.lowered, ...(this.skipped ? { skipped: this.skipped } : {}) };
  }
}

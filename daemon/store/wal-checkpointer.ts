// WAL checkpoints on a worker thread, for writes that never pause. A checkpoint copies the WAL's pages into
// the database file and fsyncs both: under a sustained single-agent load (~8 WAL pages an event) the one
// forced after 400 events held the event loop 20–30 ms, and every hook in flight waited for it. On its own
// thread, with its own connection, it runs beside the commits (WAL lets a checkpoint and a writer run at
// once). The worker is started by the first such checkpoint and ended when the writes pause, so an idle
// daemon does not carry its ~9 MB (a few MB of malloc'd memory stay behind: docs/performance.md).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Passes a checkpoint makes after its first, to copy what was committed during the one before. The WAL
 * starts over (at the next commit) only once every frame in it is in the file; each pass copies a few
 * commits' frames and fsyncs in ~1 ms here, so under a single agent's steady writes one of the first few
 * finds nothing new. Before these passes the event loop copied that remainder itself: 2-4 ms of a hook's wait.
 * A pass reports the WAL's length as it was when the pass began, so "caught up" is a pass that found the WAL
 * as long as the pass before it left it, with no write transaction open in between: one open across the
 * earlier pass commits after it, unseen, and a WAL with frames its writer appended that way never starts
 * over (it grew by every checkpoint's worth under writes that never pause; store-checkpoints.test.ts).
 */
const CATCH_UP_PASSES = 16;
/**
 * More events and alerts than this committed during one pass: the writes outrun the passes (several agents,
 * a flood), and chasing them only lets the WAL grow meanwhile; the event loop copies the rest (store-steps.ts).
 * The first pass copies the 400 committed before it, in 10–30 ms: one agent's hooks commit a dozen meanwhile
 * at the most (the latency bench's back-to-back posts), a flood hundreds.
 */
const CATCH_UP_JOBS = 64;

// CommonJS, evaluated by the worker: the compiled module's path is not the source's (tests run the sources).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('wal_autocheckpoint = 0');
db.pragma('cache_size = -256');
db.pragma('busy_timeout = 0');
const pass = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
const copiedAll = (r) => r.busy === 0 && r.checkpointed === r.log;
const begin = db.prepare('BEGIN IMMEDIATE');
const rollback = db.prepare('ROLLBACK');
// The write lock is free now (taken and given back at once; SQLITE_BUSY: a write transaction is open).
const noWriter = () => { try { begin.run(); } catch { return false; } rollback.run(); return true; };
// Events and alerts the daemon has committed so far (it stores the count after each commit).
const jobs = () => Atomics.load(workerData.jobs, 0);
parentPort.on('message', () => {
  try {
    let before = jobs();
    let last = pass();
    let caughtUp = false;
    for (let i = 0; i < ${CATCH_UP_PASSES} && !caughtUp && ((jobs() - before) | 0) <= ${CATCH_UP_JOBS}; i++) {
      const quiet = copiedAll(last) && noWriter();
      before = jobs();
      const r = pass();
      caughtUp = quiet && copiedAll(r) && r.log === last.log;
      last = r;
    }
    parentPort.postMessage({ caughtUp });
  } catch (err) { parentPort.postMessage({ error: String(err && err.message || err).split('\\n')[0] }); }
});`;

/** The worker's heap stays small: it holds one connection and one row at a time. */
const LIMITS = { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1, stackSizeMb: 1 };

export class WalCheckpointer {
  private worker: Worker | undefined;
  private pending: { resolve: (caughtUp: boolean) => void; reject: (e: Error) => void } | undefined;
  /** The daemon's committed events and alerts, shared with the worker (committed()). */
  private readonly jobs = new Int32Array(new SharedArrayBuffer(4));
  /** Checkpoints this worker ran (all workers, since start). */
  ran = 0;

  /** `onOnline` runs once each worker is up (the daemon sets its V8 flags again then: daemon/v8-flags.ts). */
  constructor(private readonly file: string, private readonly onOnline: () => void = () => {}) {}

  get running(): boolean { return this.pending !== undefined; }
  get started(): boolean { return this.worker !== undefined; }

  /** Tells the worker how many events and alerts are committed so far: it stops chasing writes that outrun it. */
  committed(total: number): void { Atomics.store(this.jobs, 0, total | 0); }

  /**
   * A PASSIVE checkpoint on the worker (started if need be), passed again over what was committed meanwhile
   * until the whole WAL is in the file (true: the next commit starts it over) or CATCH_UP_PASSES ran out
   * (false); one at a time. Rejects with SQLite's error (a full disk), or with `workerGone` set when the
   * worker itself failed or was stopped.
   */
  checkpoint(): Promise<boolean> {
    if (this.pending) return Promise.reject(new Error('a checkpoint is already running'));
    const worker = this.worker ?? this.start();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      worker.postMessage(0);
    });
  }

  /** Ends the worker (a checkpoint running on it is abandoned half-way, which SQLite allows). */
  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private start(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    // None of the daemon's node flags: an --input-type=module, a --require or a --cpu-prof is not for this script.
    const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { driver, file: this.file, jobs: this.jobs }, resourceLimits: LIMITS, stdout: true, stderr: true });
    worker.unref();
    worker.once('online', this.onOnline);
    const settle = (result: Error | boolean) => {
      const p = this.pending;
      this.pending = undefined;
      if (p) { if (result instanceof Error) p.reject(result); else p.resolve(result); }
    };
    worker.on('message', (m: { error?: string; caughtUp?: boolean }) => {
      if (m.error !== undefined) return settle(new Error(m.error));
      this.ran++;
      settle(m.caughtUp === true);
    });
    const gone = (err: Error) => {
      // A worker stopped before this one started: the checkpoint waiting now is the new worker's.
      if (this.worker !== worker && this.worker !== undefined) return;
      this.worker = undefined;
      settle(Object.assign(err, { workerGone: true }));
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`checkpoint worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}

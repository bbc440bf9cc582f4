// Steps about the database: open it (a corrupt one is moved aside and a new one started), keep it
// within its retention limits on a timer, and checkpoint its WAL between writes.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { checkpointWal, openDatabase, type DB } from '../store/database.js';
import { EventStore, applyRetention } from '../store/event-store.js';
import { WalCheckpointer } from '../store/wal-checkpointer.js';
import { reapplyV8Flags } from '../v8-flags.js';
import type { Started } from './steps.js';

/** Told when batches start failing (once per episode) and when they commit again. */
export interface StoreWatcher { failing(err: unknown): void; recovered(failedForMs: number): void }

export interface Store { db: DB; events: EventStore; watch(w: StoreWatcher): void }

export function openStore(file: string, config: Readonly<Config>, log: Logger): Started<Store> {
  const { db, movedAside } = openDatabase(file);
  if (movedAside) log.error({ movedAside }, `database was corrupt; moved aside to ${movedAside} and started a new one`);
  const watchers: StoreWatcher[] = [];
  const events = new EventStore(db, {
    ...config.store,
    onError: (err) => {
      log.error({ err }, 'store batches fail: OS-collector events are shed, hook events and alerts kept in memory until a batch commits again');
      for (const w of watchers) w.failing(err);
    },
    onRecover: (ms) => {
      log.info({ failedForS: Math.round(ms / 1000), shed: events.shed, lost: events.lost }, 'store batches commit again');
      for (const w of watchers) w.recovered(ms);
    },
  });
  // Last to stop: whatever the steps after it queued is committed before the file closes.
  return { value: { db, events, watch: (w) => { watchers.push(w); } }, stop: () => { events.close(); db.close(); } };
}

export function startRetention(db: DB, config: Readonly<Config>, log: Logger): Started<void> {
  const run = () => {
    try {
      const r = applyRetention(db, Date.now(), config.retention.maxAgeDays, config.retention.maxDbMB * 1024 * 1024);
      if (r.deletedEvents || r.deletedAlerts) log.info(r, 'retention applied');
    } catch (err) { log.error({ err }, 'retention failed'); }
  };
  run();
  const timer = setInterval(run, config.retention.intervalMinutes * 60_000).unref();
  return { value: undefined, stop: () => clearInterval(timer) };
}

/** Writes this recent mean a burst is on: its hooks wait on commits, so the checkpoint waits too. */
const QUIET_MS = 300;
/**
 * Events and alerts after which a checkpoint runs even while writes never pause. What a checkpoint copies and
 * syncs grows with them: forced after 2,000 batches on the event loop, it held every hook for 130–160 ms
 * every 2 s of a sustained single-agent load (~8 WAL pages an event there).
 */
const FORCE_AFTER_JOBS = 400;
/** A worker that failed this many times is not started again: the event loop checkpoints, as before it. */
const WORKER_FAILURES = 3;

export interface Checkpoints {
  /** Checkpoints run on the event loop: in the pauses, and the remainders after the worker's. */
  onLoop: number;
  /** Checkpoints run on the worker, under writes that never paused. */
  readonly onWorker: number;
  /** Of those, the ones that copied the whole WAL (its passes caught up with the commits): no remainder for the loop. */
  caughtUp: number;
  /** The worker is running (writes have not paused since it started). */
  readonly workerUp: boolean;
}

/**
 * The WAL's checkpoints (copy into the database file, fsync), which the connection no longer runs inside
 * commits (database.ts). Once a second, when something was committed since the last one and the writes
 * paused for QUIET_MS, on the event loop (nothing waits then). Under writes that never pause, once
 * FORCE_AFTER_JOBS more are committed, on a worker thread (wal-checkpointer.ts), beside the commits. The
 * WAL starts over only once all of it is in the file: the worker passes again over the commits made while
 * it ran until none came; when they keep coming (more than a single agent writes), the event loop copies
 * that remainder (a few ms' worth of commits, not 400 events'), on the turn after, so that the WAL stays a
 * few hundred events long.
 */
export function startCheckpoints(db: DB, events: EventStore, log: Logger): Started<Checkpoints> {
  // -1: the first quiet tick checkpoints whatever the WAL holds already (a previous run's, or written before).
  let checkpointedAt = -1;
  let forced: NodeJS.Immediate | undefined;
  let stopped = false;
  const worker = db.memory ? undefined : new WalCheckpointer(db.name, reapplyV8Flags);
  let workerFailures = 0;
  const stats: Checkpoints = {
    onLoop: 0,
    caughtUp: 0,
    get onWorker() { return worker?.ran ?? 0; },
    get workerUp() { return worker?.started ?? false; },
  };
  const onLoop = () => {
    checkpointedAt = events.committedJobs;
    try { checkpointWal(db); stats.onLoop++; } catch (err) { log.warn({ err }, 'WAL checkpoint failed; the next one retries'); }
  };
  /** onLoop on the next turn: the hooks whose commit just went out are answered first. */
  const onNextTurn = () => { if (forced === undefined) forced = setImmediate(() => { forced = undefined; onLoop(); }); };
  const aside = (w: WalCheckpointer, again = 0) => {
    checkpointedAt = events.committedJobs;
    w.checkpoint().then((caughtUp) => {
      if (stopped) return;
      stats.caughtUp += caughtUp ? 1 : 0;
      // The whole WAL is in the file: the next commit starts it over, and the event loop has nothing to copy.
      if (caughtUp) { checkpointedAt = events.committedJobs; return; }
      // A slow checkpoint (a busy disk) leaves as much again behind it: that goes to the worker too, twice at
      // most in a row; then the event loop copies the rest, so that the WAL starts over.
      if (events.committedJobs - checkpointedAt >= FORCE_AFTER_JOBS && again < 2) return aside(w, again + 1);
      onNextTurn();
    }, (err: Error & { workerGone?: true }) => {
      if (stopped) return;
      // SQLite's own error (a full disk) would have failed on the event loop as well: only a worker that died counts.
      if (!err.workerGone) return log.warn({ err: err.message }, 'WAL checkpoint failed; the next one retries');
      workerFailures++;
      log.warn({ err: err.message, failures: workerFailures }, workerFailures < WORKER_FAILURES
        ? 'WAL checkpoint on the worker failed; the next one retries'
        : 'WAL checkpoint worker failed again: checkpoints run on the event loop from now on');
      void w.stop();
    });
  };
  const tick = () => {
    if (Date.now() - events.lastCommitAt < QUIET_MS || worker?.running) return;
    if (events.committedJobs !== checkpointedAt) onLoop();
    if (worker?.started) void worker.stop(); // the writes paused: the next run of them starts it again
  };
  events.afterCommit = () => {
    worker?.committed(events.committedJobs);
    if (forced !== undefined || worker?.running || events.committedJobs - Math.max(0, checkpointedAt) < FORCE_AFTER_JOBS) return;
    if (worker && workerFailures < WORKER_FAILURES) aside(worker);
    else onNextTurn();
  };
  const timer = setInterval(tick, 1000).unref();
  return {
    value: stats,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (forced) clearImmediate(forced);
      events.afterCommit = undefined;
      await worker?.stop();
    },
  };
}

// Steps about the database: open it (a corrupt one is moved aside and a new one started), keep it
// within its retention limits on a timer, and checkpoint its WAL between writes.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { checkpointWal, openDatabase, type DB } from '../store/database.js';
import { EventStore, applyRetention } from '../store/event-store.js';
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
 * syncs grows with them, and the event loop waits for it: forced after 2,000 batches, as before, it held
 * every hook for 130–160 ms every 2 s of a sustained single-agent load (~8 WAL pages an event there).
 */
const FORCE_AFTER_JOBS = 400;

/**
 * The WAL's checkpoints (copy into the database file, fsync), which the connection no longer runs inside
 * commits (database.ts): once a second, when something was committed since the last one and the writes
 * paused for QUIET_MS — or, under constant load, once FORCE_AFTER_JOBS more are committed, on the turn after
 * that commit (its hooks are answered first), so that no one checkpoint holds the event loop long.
 */
export function startCheckpoints(db: DB, events: EventStore, log: Logger): Started<void> {
  // -1: the first quiet tick checkpoints whatever the WAL holds already (a previous run's, or written before).
  let checkpointedAt = -1;
  let forced: NodeJS.Immediate | undefined;
  const checkpoint = () => {
    checkpointedAt = events.committedJobs;
    try { checkpointWal(db); } catch (err) { log.warn({ err }, 'WAL checkpoint failed; the next one retries'); }
  };
  const tick = () => {
    if (events.committedJobs === checkpointedAt || Date.now() - events.lastCommitAt < QUIET_MS) return;
    checkpoint();
  };
  events.afterCommit = () => {
    if (forced === undefined && events.committedJobs - Math.max(0, checkpointedAt) >= FORCE_AFTER_JOBS) forced = setImmediate(() => { forced = undefined; checkpoint(); });
  };
  const timer = setInterval(tick, 1000).unref();
  return { value: undefined, stop: () => { clearInterval(timer); if (forced) clearImmediate(forced); events.afterCommit = undefined; } };
}

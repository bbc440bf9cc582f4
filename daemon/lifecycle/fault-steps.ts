// Faults degrade the daemon, they never stop it: an agent's hooks are answered fail-open whatever else
// breaks, and a dead daemon would leave the agents unwatched.
// - guardProcess: an error nothing caught (a throwing timer, a promise nobody awaited) is a bug; it is
//   logged and counted in health, and the daemon keeps running.
// - watchStoreFailures: a store that cannot commit (a full disk) raises one alert, streamed even when it
//   cannot be stored.
// - reportUncleanExit: the last run died without shutting down; a `self` event and a log line say what
//   that may have cost.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Event } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import type { UncleanExit } from '../state-dir.js';
import type { AlertPath } from '../alert-path.js';
import type { Output } from '../outputs/output.js';
import type { HealthBoard } from './health.js';
import type { Store } from './store-steps.js';
import type { Started } from './steps.js';

/** An uncaught error this recent keeps the `process` component degraded. */
const RECENT_MS = 10 * 60_000;
/** A store failing again within this long merges into the alert already raised (no flood from a disk at the brink). */
const ALERT_COOLDOWN_MS = 10 * 60_000;

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

export function guardProcess(log: Logger, board: HealthBoard): Started<void> {
  const counts = { uncaughtErrors: 0, unhandledRejections: 0 };
  let last: { at: number; error: string } | undefined;
  const record = (counter: keyof typeof counts) => (err: unknown) => {
    counts[counter]++;
    last = { at: Date.now(), error: firstLine(err) };
    try { log.error({ err, kind: counter }, 'uncaught error (a bug): recorded, the daemon keeps running'); } catch { /* the log never throws; belt and braces */ }
  };
  const onUncaught = record('uncaughtErrors');
  const onRejection = record('unhandledRejections');
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);
  board.add('process', () => (last && Date.now() - last.at < RECENT_MS
    ? { status: 'degraded', reason: `uncaught error at ${new Date(last.at).toISOString()}: ${last.error}`, ...counts, ...memory() }
    : { status: 'ok', ...counts, ...memory() }));
  injectTestFault(process.env.AGENTWATCH_TEST_FAULT);
  return { value: undefined, stop: () => { process.off('uncaughtException', onUncaught); process.off('unhandledRejection', onRejection); } };
}

/** The daemon's memory, in MB (one decimal): what `status` shows against the footprint goal (80 MB RSS). */
function memory(): Record<string, number> {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 104_857.6) / 10;
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external) };
}

/**
 * Tests only (test/reliability/uncaught.test.ts): AGENTWATCH_TEST_FAULT=timer throws from a timer, as a
 * broken component would; =rejection leaves a rejected promise unhandled. Unset in real use: no effect.
 */
function injectTestFault(fault: string | undefined): void {
  if (fault === 'timer') setTimeout(() => { throw new Error('injected fault: a timer threw (AGENTWATCH_TEST_FAULT)'); }, 200).unref();
  if (fault === 'rejection') setTimeout(() => { void Promise.reject(new Error('injected fault: an unhandled rejection (AGENTWATCH_TEST_FAULT)')); }, 200).unref();
}

export function watchStoreFailures(store: Store, alerts: AlertPath): Started<void> {
  let episode: { key: string; at: number } | undefined;
  store.watch({
    // Not from inside the failed batch: raising an alert queues a write into the store.
    failing: (err) => setImmediate(() => {
      if (!episode || Date.now() - episode.at > ALERT_COOLDOWN_MS) episode = { key: `store-failing-${Date.now()}`, at: Date.now() };
      const full = /SQLITE_FULL|ENOSPC|full/i.test(firstLine(err));
      alerts.raise({
        key: episode.key,
        alert: {
          severity: 'medium', tactic: 'defense-evasion', rule: 'agentwatch-degraded', agent: { kind: 'unknown' }, evidence: [],
          title: full ? 'agentwatch cannot store events: disk full' : 'agentwatch cannot store events',
          reason: `The event store stopped committing (${firstLine(err)}). Hooks are still answered (fail open); OS-collector events are dropped and hook events and alerts held in memory until there is room again. A full disk can also be a way to blind monitoring.`,
        },
      }, new Date().toISOString());
    }),
    recovered: () => {},
  });
  return { value: undefined };
}

/**
 * The previous run died without shutting down: a `self` event, a log line and a defense-evasion alert
 * (`agentwatch-killed`) say for how long nothing was watched — from its last heartbeat to this start — and
 * which agent sessions ran meanwhile: those whose hooks failed open (`missed`) and those still open when it died.
 */
export function reportUncleanExit(prev: UncleanExit | undefined, config: Readonly<Config>, output: Output, alerts: AlertPath, log: Logger, gap: GapSessions = {}): Started<void> {
  if (!prev) return { value: undefined };
  // Hook events and alerts were committed before they were answered; OS-collector events are committed
  // every flushMs or batchSize, so the last batch is what a crash can have cost.
  const maxLost = config.store.batchSize - 1;
  const now = new Date();
  const gapS = prev.lastHeartbeat ? Math.max(0, Math.round((now.getTime() - Date.parse(prev.lastHeartbeat)) / 1000)) : undefined;
  const sessions = [...new Map([...(gap.missed ?? []), ...(gap.open ?? [])].map((s) => [`${s.agent}\0${s.sessionId}`, s])).values()];
  const unwatched = gapS === undefined ? '' : ` Nothing was watched from its last heartbeat at ${prev.lastHeartbeat} until this start (${gapS} s)${sessions.length > 0 ? `, while ${sessions.length} agent session(s) ran: ${sessions.slice(0, 5).map((s) => `${s.agent} ${s.sessionId}`).join(', ')}${sessions.length > 5 ? ' …' : ''}` : ''}.`;
  const msg = `the previous daemon (pid ${prev.pid}) exited without shutting down (crash, kill -9 or power loss): at most ${maxLost} OS-collector events of its last ${config.store.flushMs} ms were not committed (and those still queued for the pipeline); acknowledged hook events and alerts were`;
  log.warn({ previousPid: prev.pid, previousStartedAt: prev.startedAt, lastHeartbeat: prev.lastHeartbeat, gapS, sessions, maxLostCollectorEvents: maxLost }, msg);
  const event: Event = {
    id: newEventId(), ts: now.toISOString(), source: 'self', kind: 'daemon.unclean-exit', agent: { kind: 'unknown' },
    pid: prev.pid, detail: {
      previousPid: prev.pid, ...(prev.startedAt ? { previousStartedAt: prev.startedAt } : {}),
      ...(prev.lastHeartbeat ? { lastHeartbeat: prev.lastHeartbeat, restartedAt: now.toISOString(), gapS } : {}),
      sessionCount: sessions.length, sessions: sessions.map((s) => `${s.agent} ${s.sessionId}`).join(', '), maxLostCollectorEvents: maxLost, flushMs: config.store.flushMs, note: msg,
    },
  };
  output.writeEvent(event);
  alerts.raise({
    key: `killed-${prev.pid}`,
    alert: {
      severity: 'medium', tactic: 'defense-evasion', technique: 'T1562.001', rule: 'agentwatch-killed', agent: { kind: 'unknown' }, evidence: [event.id],
      title: 'agentwatch stopped without shutting down (killed or crashed)',
      reason: `The previous agentwatch daemon (pid ${prev.pid}) was killed or crashed without shutting down.${unwatched || ' When it last ran is unknown (no heartbeat).'}`,
    },
  }, now.toISOString());
  return { value: undefined };
}

/** Agent sessions that may have run while no daemon watched. */
export interface GapSessions { missed?: { agent: string; sessionId: string }[]; open?: { agent: string; sessionId: string }[] }

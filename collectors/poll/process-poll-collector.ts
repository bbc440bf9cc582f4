// Poll tier for processes (any user): scans the process table (/proc on Linux, `ps` on macOS) every
// `intervalMs` and at once after each hook tool call. Every scan of the table, whoever asked for it,
// becomes events: only differences (diffProcesses). Processes that live and die between two scans are
// invisible to this tier — that is why the kernel tier exists; bench/poll-capture.ts measures the gap.
import type { Collector, CollectorContext, CollectorHealth, EventSink } from '../collector.js';
import { ProcessTable, type TableScan } from '../proc/process-table.js';
import { CLK_TCK } from '../proc/record.js';
import type { PollConfig } from './config.js';
import { pacedTimer } from './paced-timer.js';
import { coalesced } from './coalesce.js';
import { diffProcesses } from './process-diff.js';

export interface ProcessPollCollector extends Collector {
  /** One scan now. */
  scanNow(): void;
  /** What ctx.onHookActivity triggers: a scan now and a burst of fast scans (burstMs). */
  hookActivity(): void;
}

/** Quick scans re-read only processes younger than this (a full scan re-reads every one). */
const SETTLED_MS = 2_000;
/**
 * Only every this-many-th timer scan re-reads every process; the others list /proc (new processes,
 * exits) and re-read the young ones. Reading each stat is most of the poll tier's CPU: 6.8 ms a scan at
 * ~400 processes here, ~7% of a core at 10 scans a second whenever an agent is open. What waits is an
 * exec in a process older than SETTLED_MS (a long-lived shell's `exec`): seen within 10 periods (1 s while
 * an agent is at work, 10 s otherwise) instead of one. The kernel tier sees every exec.
 */
export const FULL_SCAN_EVERY = 10;

/** `table`: the daemon's shared process table; a collector of its own when not given (tests, benches). */
export function createProcessPollCollector(cfg: PollConfig, table?: ProcessTable): ProcessPollCollector {
  const { intervalMs, idleIntervalMs, maxProcesses, burstMs, burstIntervalMs } = cfg.process;
  const procs = table ?? new ProcessTable({ maxProcesses });
  const linux = procs.source === 'procfs';
  let sink: EventSink | undefined;
  let ctx: CollectorContext | undefined;
  let burst: NodeJS.Timeout | undefined;
  let burstUntil = 0;
  let unsubscribe: (() => void) | undefined;
  let primed = false; // the first scan only learns what already runs
  let emitted = 0, dropped = 0;
  let ticks = 0;
  const timer = pacedTimer(() => scan(++ticks % FULL_SCAN_EVERY !== 0, true), intervalMs, idleIntervalMs);

  const onScan = ({ prev, next, now, over }: TableScan): void => {
    if (!sink || !ctx) return;
    dropped += over;
    if (primed) {
      const c = ctx;
      for (const e of diffProcesses(prev, next, now, { newId: () => c.newId(), selfPid: c.selfPid, bootTime: procs.bootTime, clkTck: CLK_TCK })) {
        sink.emit(e);
        emitted++;
      }
    }
    primed = true;
  };

  // The timer's and the hooks' scans are spread over event-loop turns, so the hooks answered meanwhile do
  // not wait for a whole walk (a full one reads every process's stat; a quick one, every young process's,
  // which on a machine busy building is dozens). The first scan and scanNow run at once.
  const scan = (quick = false, sliced = false, listOnNewPidOnly = false): void => {
    if (!ctx || !sink) return;
    const opts = quick ? { settledMs: SETTLED_MS, listOnNewPidOnly } : {};
    if (sliced) void procs.scanSliced(opts);
    else procs.scan(opts);
  };

  // The hook's own scans: quick (new processes are what they are for; the regular scans re-read the rest),
  // and while the kernel hands out no pid, without listing /proc, or not run at all when no process is
  // young: a tool call that starts no process (an MCP or web call) and the rest of a burst once a command's
  // processes started then cost a read of /proc/loadavg (~14 µs here, against ~120 µs for a quick scan that
  // found nothing). The one after a hook and the burst's share one pace, so hooks arriving during a burst
  // add no scans: under a steady stream of tool calls that halved the daemon's /proc reads.
  const hookScan = coalesced(() => scan(true, true, true), burstIntervalMs);
  // Scan now, then fast for a while: the tool's processes start right after the hook that announced them.
  const onHook = (): void => {
    hookScan.trigger();
    if (burstMs <= 0 || !timer.running) return;
    burstUntil = Date.now() + burstMs;
    if (burst) return;
    burst = setInterval(() => {
      if (Date.now() > burstUntil || !timer.running) { clearInterval(burst); burst = undefined; return; }
      hookScan.trigger();
    }, burstIntervalMs);
    burst.unref();
  };

  return {
    name: 'process-poll',
    scanNow: () => scan(),
    hookActivity: onHook,
    async start(s, c) {
      if (timer.running) return;
      if (process.platform !== 'linux' && process.platform !== 'darwin') throw new Error(`process poll tier: unsupported platform ${process.platform}`);
      sink = s;
      ctx = c;
      primed = false;
      unsubscribe = procs.onScan(onScan);
      c.onHookActivity(onHook);
      scan();
      timer.start(c);
    },
    async stop() {
      timer.stop();
      hookScan.cancel();
      if (burst) clearInterval(burst);
      burst = undefined;
      unsubscribe?.();
      sink = undefined;
    },
    health(): CollectorHealth {
      const avg = procs.scans ? (procs.scanMsTotal / procs.scans).toFixed(1) : '0';
      return {
        ok: timer.running && !procs.lastError,
        tier: `poll (${linux ? '/proc' : 'ps'} every ${intervalMs} ms${timer.periodMs() !== intervalMs ? `; ${idleIntervalMs} ms while no agent is at work` : ''})`,
        detail: `${procs.size} processes tracked, ${procs.scans} scans, avg ${avg} ms/scan; processes that start and end `
          + 'between two scans are missed (a scan also runs after each hook tool call); exit codes are not known',
        ...(procs.lastError ? { lastError: procs.lastError } : {}),
        emitted, dropped,
      };
    },
  };
}

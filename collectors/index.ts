// The OS collectors, as an explicit list (no autoloading), and the one place that decides which run:
// the kernel tier when it starts, else the poll tier (and why); the file watcher always. Every event
// goes into the one sink the daemon gives (its bounded queue in front of the pipeline), which attributes it.
// They share one process table (collectors/proc): the poll tier and the agent collector scan it, the kernel
// tier feeds it.
import type { Logger } from 'pino';
import type { Collector, CollectorContext, CollectorHealth, CollectorState, EventSink } from './collector.js';
import type { CollectorsConfig } from './config.js';
import { createProcessPollCollector } from './poll/process-poll-collector.js';
import { createNetworkPollCollector } from './poll/network-poll-collector.js';
import { createFileWatchCollector } from './file/file-watch-collector.js';
import { createAgentCollector } from './agents/agent-collector.js';
import { ProcessTable } from './proc/process-table.js';

export { Listeners } from './listeners.js';

/**
 * Process and network observation, best tier first: the first tier whose collectors all start is used.
 * The kernel tier's modules load only when it is enabled: on the poll tier they would stay loaded for nothing.
 */
export const PROCESS_TIERS: readonly { tier: string; create: (cfg: CollectorsConfig, table: ProcessTable) => Collector[] | string | Promise<Collector[] | string> }[] = [
  { tier: 'kernel', create: async (cfg, table) => (cfg.kernel.enabled ? [(await import('./kernel/kernel-collector.js')).createKernelCollector(cfg.kernel, table)] : 'disabled in config') },
  { tier: 'poll', create: (cfg, table) => [
    ...(cfg.poll.process.enabled ? [createProcessPollCollector(cfg.poll, table)] : []),
    ...(cfg.poll.network.enabled ? [createNetworkPollCollector(cfg.poll, table)] : []),
  ] },
];

/** Collectors that run whatever the tier. */
export const ALWAYS_ON: readonly ((cfg: CollectorsConfig, table: ProcessTable) => Collector | undefined)[] = [
  (cfg) => (cfg.files.enabled ? createFileWatchCollector(cfg.files) : undefined),
  (cfg, table) => (cfg.agents.enabled ? createAgentCollector(cfg.agents, { table }) : undefined),
];

export interface RunningCollectors {
  /** The process tier in use ('kernel', 'poll' or 'none') and why not a better one. */
  tier: { active: string; why?: string };
  /** Every collector's state: `failed` when it could not start (a tier passed over included), `degraded` when it runs unwell. */
  health(): Record<string, CollectorState>;
  stop(): Promise<void>;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);

/**
 * `extra`: collectors configured outside `collectors` (the MCP config watcher), started like the always-on ones.
 * `table`: the daemon's process table, which attribution reads too.
 */
export async function startCollectors(cfg: CollectorsConfig, sink: EventSink, ctx: CollectorContext, log: Logger, extra: readonly Collector[] = [],
  table = new ProcessTable({ maxProcesses: cfg.poll.process.maxProcesses })): Promise<RunningCollectors> {
  const running: Collector[] = [];
  const failed: Record<string, CollectorState> = {};
  const passedOver: string[] = [];
  const tier: RunningCollectors['tier'] = { active: 'none' };
  let tierMembers: Collector[] = [];
  const start = async (c: Collector) => { await c.start(sink, { ...ctx, log: ctx.log.child({ component: `collector.${c.name}` }) }); running.push(c); };

  for (const t of PROCESS_TIERS) {
    const made = await t.create(cfg, table);
    if (typeof made === 'string') { passedOver.push(`${t.tier}: ${made}`); continue; }
    const started: Collector[] = [];
    try {
      for (const c of made) { await start(c); started.push(c); }
      tier.active = made.length > 0 ? t.tier : 'none';
      tierMembers = made;
      break;
    } catch (err) {
      // e.g. no root or no bpftrace: say so, undo this tier, and try the next one.
      for (const c of started) { running.splice(running.indexOf(c), 1); await c.stop().catch(() => undefined); }
      passedOver.push(`${t.tier}: ${message(err)}`);
      failed[`${t.tier}-tier`] = { ok: false, status: 'failed', reason: message(err), tier: t.tier, detail: 'not started; a lower tier runs instead', lastError: message(err) };
      log.warn({ tier: t.tier, err: message(err) }, 'collector tier unavailable; falling back');
    }
  }
  if (passedOver.length > 0) tier.why = passedOver.join('; ');
  for (const c of [...ALWAYS_ON.map((make) => make(cfg, table)), ...extra]) {
    if (!c) continue;
    try { await start(c); } catch (err) {
      failed[c.name] = { ok: false, status: 'failed', reason: message(err), lastError: message(err) };
      log.error({ collector: c.name, err: message(err) }, 'collector failed to start');
    }
  }
  log.info({ tier: tier.active, why: tier.why, collectors: running.map((c) => c.name) }, 'collectors started');
  return {
    tier,
    health: () => ({
      ...failed,
      ...Object.fromEntries(running.map((c) => {
        const h = c.health();
        // The process tier's collectors also say why a better tier is not running.
        const why = tierMembers.includes(c) && tier.why ? `${tier.active} tier because ${tier.why}` : undefined;
        return [c.name, stateOf(why ? { ...h, detail: [h.detail, why].filter(Boolean).join('; ') } : h)];
      })),
    }),
    stop: async () => {
      for (const c of running.reverse()) await c.stop().catch((err: unknown) => log.error({ collector: c.name, err: message(err) }, 'collector stop failed'));
      running.length = 0;
    },
  };
}

/** A running collector's state: ok, or degraded (running, but unwell) with what it says is wrong. */
const stateOf = (h: CollectorHealth): CollectorState => (h.ok ? { ...h, status: 'ok' } : { ...h, status: 'degraded', reason: h.lastError ?? h.detail ?? 'unknown' });

// The agent collector: looks at the process table every intervalMs (activeIntervalMs while an agent runs),
// keeps the inventory of agent processes, and emits `agent.start` / `agent.exit` when one appears or goes.
// The table is shared: when the poll tier scans faster, this collector takes its latest scan and scans nothing.
// Only changes become events. A daemon watches its own user's agents: rows whose process HOME is
// another one are left out (test daemons share one machine; each user runs their own daemon).
import type { Collector, CollectorContext, CollectorHealth, EventSink } from '../collector.js';
import type { Event } from '../../core/event.js';
import { agentCatalog, type Catalog } from '../../core/agents/catalog.js';
import type { AgentsConfig } from './config.js';
import { inventoryOf } from './snapshot.js';
import type { AgentProcess } from './inventory.js';
import { ownTable, ProcScanner, type ScanResult } from './proc-scan.js';
import type { ProcessTable } from '../proc/process-table.js';
import { readAgentDirs } from './sessions.js';
import { recognise } from './recognise.js';
import { installedExtensions } from './editor-extensions.js';

export interface AgentCollector extends Collector {
  /** One scan now; resolves once its events are emitted. */
  scanNow(): Promise<void>;
  /** The agent processes the last scan saw. */
  agents(): readonly AgentProcess[];
}

const rowKey = (r: AgentProcess) => `${r.procKey}/${r.agent}`;

export function agentEvent(kind: 'agent.start' | 'agent.exit', r: AgentProcess, id: string, ts: string): Event {
  const detail: Record<string, string | number | boolean> = { variant: r.variant, entry: r.entryId, children: r.children };
  if (r.startedAt) detail.startedAt = r.startedAt;
  if (r.sessionIds.length > 1) detail.sessionIds = r.sessionIds.join(',');
  return {
    id, ts, source: 'process', kind, agent: { kind: r.agent, pid: r.pid },
    pid: r.pid, ppid: r.ppid, procKey: r.procKey,
    ...(r.sessionIds[0] ? { sessionId: r.sessionIds[0] } : {}),
    ...(r.exe ? { exe: r.exe } : {}), ...(r.argv ? { argv: r.argv } : {}), ...(r.cwd ? { cwd: r.cwd } : {}),
    ...(r.uid !== undefined ? { uid: r.uid } : {}),
    detail,
  };
}

/** `table`: the daemon's shared process table; one of its own when not given (ps-list when `psList`). */
export function createAgentCollector(cfg: AgentsConfig, opts: { catalog?: Catalog; psList?: boolean; table?: ProcessTable } = {}): AgentCollector {
  const table = opts.table ?? ownTable(opts);
  const linux = table.source === 'procfs';
  const scanner = new ProcScanner(table);
  let catalog: Catalog | undefined = opts.catalog;
  let sink: EventSink | undefined;
  let ctx: CollectorContext | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let rows = new Map<string, AgentProcess>();
  let scans = 0;
  let emitted = 0;
  let lastError: string | undefined;

  const ours = (r: AgentProcess) => {
    if (!linux) return true;
    const home = readAgentDirs(r.pid, table, r.procKey).home;
    return home === undefined || home === ctx!.home;
  };

  const period = () => (rows.size > 0 ? cfg.activeIntervalMs : cfg.intervalMs);

  /** `maxAgeMs`: a table scan this recent (the poll tier's) will do. */
  async function scanOnce(maxAgeMs: number): Promise<void> {
    const result: ScanResult = await scanner.scan(maxAgeMs);
    scans++;
    // The inventory changes only when an agent (or a stamped child, which may name its session) starts or an
    // agent goes; other churn (builds, shells) costs a recognise() per new process and nothing more.
    const exts = installedExtensions(ctx!.home);
    const pids = new Set([...rows.values()].map((r) => r.pid));
    const relevant = result.started.some((p) => p.stamp !== undefined || recognise(p, catalog!, exts).length > 0)
      || result.exited.some((p) => pids.has(p.pid));
    if (scans > 1 && !relevant) return;
    const next = new Map<string, AgentProcess>();
    for (const r of inventoryOf(result.procs, catalog!, ctx!.home, table)) {
      const key = rowKey(r);
      const old = rows.get(key);
      if (old) { next.set(key, r); continue; }
      if (!ours(r)) continue;
      next.set(key, r);
      emitted++;
      sink!.emit(agentEvent('agent.start', r, ctx!.newId(), ctx!.now()));
    }
    for (const [key, r] of rows) {
      if (next.has(key)) continue;
      emitted++;
      sink!.emit(agentEvent('agent.exit', r, ctx!.newId(), ctx!.now()));
    }
    rows = next;
  }

  function schedule(): void {
    if (stopped) return;
    const wait = period();
    timer = setTimeout(() => { void look(wait).finally(schedule); }, wait);
    timer.unref();
  }

  const scanNow = (): Promise<void> => look(0);

  function look(maxAgeMs: number): Promise<void> {
    running ??= scanOnce(maxAgeMs)
      .then(() => { lastError = undefined; })
      .catch((err: Error) => { lastError = err.message; ctx?.log.warn({ err: err.message }, 'agent scan failed'); })
      .finally(() => { running = undefined; });
    return running;
  }

  return {
    name: 'agents',
    async start(s, c) {
      sink = s;
      ctx = c;
      catalog ??= agentCatalog();
      await scanNow();
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    health(): CollectorHealth {
      return {
        ok: lastError === undefined,
        tier: `${linux ? '/proc' : table.source} every ${period()} ms`,
        detail: `${rows.size} agent processes`,
        emitted, ...(lastError ? { lastError } : {}),
      };
    },
    scanNow,
    agents: () => [...rows.values()],
  };
}

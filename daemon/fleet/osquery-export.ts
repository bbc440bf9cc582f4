// The osquery export: a compact SQLite file (`<state dir>/osquery.db`) that osquery (and so Fleet) reads
// as tables with Automatic Table Construction (`agentwatch osquery-config` prints the block). osquery does
// not read WAL databases reliably, nor files a writer holds open: the export is a separate file in
// rollback-journal mode, rebuilt whole every `intervalSeconds` (and a second after a new alert) and
// renamed into place, so a reader always opens a complete, closed file.
//
// It is an Output: alerts tell it to rebuild soon, agent.start / agent.exit events keep the list of agent
// processes running now (the agents table); everything else comes from the store.
import type { Alert, Event } from '../../core/event.js';
import type { ComponentHealth } from '../../core/health.js';
import { agentCatalog } from '../../core/agents/catalog.js';
import type { DB } from '../store/database.js';
import { writeOsqueryExport, type ExportAgent, type ExportCounts } from '../store/osquery-export-store.js';
import type { OsqueryExportConfig } from '../outputs/config.js';
import type { AlertChange, Output } from '../outputs/output.js';
import { OSQUERY_TABLES } from './osquery-tables.js';

const AFTER_ALERT_MS = 1000;

interface Running { kind: string; pid?: number; sessionId?: string; ts: string }

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

export class OsqueryExport implements Output {
  readonly name = 'osquery-export';
  private readonly running = new Map<string, Running>();
  private readonly lastStarted = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;
  private soon: NodeJS.Timeout | undefined;
  builds = 0;
  failures = 0;
  lastBuildMs = 0;
  rows: ExportCounts = { alerts: 0, sessions: 0, mcpServers: 0, agents: 0 };
  lastError: string | undefined;

  constructor(private readonly db: DB, readonly file: string, private readonly cfg: OsqueryExportConfig) {
    this.build();
    this.timer = setInterval(() => this.build(), cfg.intervalSeconds * 1000).unref();
  }

  writeEvent(e: Event): void {
    if (e.kind !== 'agent.start' && e.kind !== 'agent.exit') return;
    const key = e.procKey ?? `${e.agent.kind}:${e.pid ?? e.id}`;
    if (e.kind === 'agent.exit') { this.running.delete(key); return; }
    if (this.running.size < 10_000) this.running.set(key, { kind: e.agent.kind, ts: e.ts, ...(e.pid !== undefined ? { pid: e.pid } : {}), ...(e.sessionId ? { sessionId: e.sessionId } : {}) });
    this.lastStarted.set(e.agent.kind, e.ts);
  }

  writeAlert(_a: Alert, _key: string, change: AlertChange): void {
    if (change !== 'repeat') this.soon ??= setTimeout(() => { this.soon = undefined; this.build(); }, AFTER_ALERT_MS).unref();
  }

  health(): ComponentHealth & { builds: number; failures: number; lastBuildMs: number; alerts: number; sessions: number } {
    const counters = { builds: this.builds, failures: this.failures, lastBuildMs: this.lastBuildMs, alerts: this.rows.alerts, sessions: this.rows.sessions };
    if (this.lastError === undefined) return { status: 'ok', ...counters };
    return { status: 'degraded', reason: `${this.file} could not be rebuilt: ${this.lastError}; osquery reads the last one`, ...counters };
  }

  close(): void {
    clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.soon = undefined;
    this.build();
  }

  /** Rebuilds the file now; a failure is counted and said in health, the previous file stays. */
  build(): void {
    const t0 = performance.now();
    try {
      this.rows = writeOsqueryExport(this.db, this.file, OSQUERY_TABLES, this.agents(), this.cfg.maxRows);
      this.builds++;
      this.lastError = undefined;
    } catch (err) {
      this.failures++;
      this.lastError = firstLine(err);
    }
    this.lastBuildMs = Math.round(performance.now() - t0);
  }

  private agents(): ExportAgent[] {
    return agentCatalog().agents.map((a) => {
      const procs = [...this.running.values()].filter((r) => r.kind === a.kind);
      const last = this.lastStarted.get(a.kind);
      return {
        kind: a.kind, label: a.label, hookAdapter: a.adapter !== undefined,
        pids: procs.flatMap((p) => (p.pid !== undefined ? [p.pid] : [])), sessionIds: [...new Set(procs.flatMap((p) => (p.sessionId ? [p.sessionId] : [])))],
        ...(last ? { lastStarted: last } : {}),
      };
    });
  }
}

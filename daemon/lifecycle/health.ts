// What /v1/health and `agentwatch status` report: every component's own state (store, server, stream,
// rules, the collector queue, each collector, the hooks) and the one word they come to. A core component
// that failed (the store, the server) fails the daemon; anything else not ok makes it degraded.
import { worst, type ComponentHealth, type HealthStatus } from '../../core/health.js';
import type { CollectorState } from '../../collectors/collector.js';

export interface HealthSnapshot {
  /** Kept for clients of the first health format: the daemon is not failed. */
  ok: boolean;
  status: HealthStatus;
  components: Record<string, ComponentHealth>;
  collectors: Record<string, CollectorState>;
}

export class HealthBoard {
  private readonly parts: { name: string; core: boolean; health: () => ComponentHealth }[] = [];
  private readonly collectorSources: (() => Record<string, CollectorState>)[] = [];

  /** `core`: the daemon cannot do its job when this fails. */
  add(name: string, health: () => ComponentHealth, core = false): void {
    this.parts.push({ name, core, health });
  }

  /** A source of collector states (the hook adapters, the OS collectors). */
  addCollectors(states: () => Record<string, CollectorState>): void {
    this.collectorSources.push(states);
  }

  snapshot(): HealthSnapshot {
    const states = this.parts.map((p) => ({ ...p, state: safely(p.health) }));
    const collectors = Object.assign({}, ...this.collectorSources.map((c) => c())) as Record<string, CollectorState>;
    const core = worst(states.filter((p) => p.core).map((p) => p.state.status));
    const rest = worst([...states.filter((p) => !p.core).map((p) => p.state.status), ...Object.values(collectors).map((c) => c.status)]);
    const status: HealthStatus = core === 'failed' ? 'failed' : core === 'ok' && rest === 'ok' ? 'ok' : 'degraded';
    return { ok: status !== 'failed', status, components: Object.fromEntries(states.map((p) => [p.name, p.state])), collectors };
  }
}

/** A component whose health check throws is failed, with the reason. */
function safely(health: () => ComponentHealth): ComponentHealth {
  try { return health(); } catch (err) { return { status: 'failed', reason: (err instanceof Error ? err.message : String(err)).split('\n')[0] }; }
}

// How a component of the daemon (store, server, stream, rules, a collector, the hooks …) is doing, and
// the one word health and `agentwatch status` lead with.
export type HealthStatus = 'ok' | 'degraded' | 'failed';

export interface ComponentHealth {
  status: HealthStatus;
  /** Why it is not ok (one line). */
  reason?: string;
}

const RANK: Record<HealthStatus, number> = { ok: 0, degraded: 1, failed: 2 };

export const worst = (states: readonly HealthStatus[]): HealthStatus =>
  states.reduce<HealthStatus>((w, s) => (RANK[s] > RANK[w] ? s : w), 'ok');

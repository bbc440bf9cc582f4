// What the tray icon says, from what the tray knows: the daemon is down; an action waits for the
// developer (a held PreToolUse); alerts nobody acknowledged; or all is well. Pure, unit-tested.
import type { Alert } from '../../core/event.js';

export type TrayState = 'down' | 'action' | 'alerts' | 'ok';

export interface TrayFacts { connected: boolean; alerts: readonly Pick<Alert, 'acknowledged' | 'severity'>[]; pending: number }

/** The most urgent state wins: down, then an action waiting, then unacknowledged alerts (info ones do not count). */
export function trayState(f: TrayFacts): TrayState {
  if (!f.connected) return 'down';
  if (f.pending > 0) return 'action';
  if (f.alerts.some((a) => !a.acknowledged && a.severity !== 'info')) return 'alerts';
  return 'ok';
}

export const STATE_TEXT: Record<TrayState, string> = {
  down: 'agentwatch: daemon not running',
  action: 'agentwatch: an action waits for you',
  alerts: 'agentwatch: alerts to review',
  ok: 'agentwatch: all quiet',
};

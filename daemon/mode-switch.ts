// POST /v1/mode {mode, forS}: the policy mode for a while, then back to the configured one by itself —
// the tray's "Pause enforcement for 10 minutes". Token-authenticated like every control route; a pause
// is also raised as an alert, since anything holding the token (an agent running as the user too)
// could ask for one, and a quiet pause is exactly what an attacker would want.
import type { AlertDraft } from '../core/event.js';

export type PolicyMode = 'observe' | 'enforce';

export class ModeRequestError extends Error {}

/** The longest switch one request may ask for: a day. A permanent change belongs in the config. */
export const MAX_SWITCH_S = 86_400;

export function parseModeRequest(body: unknown): { mode: PolicyMode; forS: number } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { mode?: unknown; forS?: unknown };
  if (b.mode !== 'observe' && b.mode !== 'enforce') throw new ModeRequestError('mode must be "observe" or "enforce"');
  if (!Number.isInteger(b.forS) || (b.forS as number) < 1 || (b.forS as number) > MAX_SWITCH_S) throw new ModeRequestError(`forS must be a whole number of seconds, 1-${MAX_SWITCH_S}`);
  return { mode: b.mode, forS: b.forS as number };
}

export interface ModeSnapshot { mode: PolicyMode; configured: PolicyMode; until?: string }

export class ModeSwitch {
  private override: { mode: PolicyMode; until: number; timer: NodeJS.Timeout } | undefined;

  constructor(private readonly configured: PolicyMode, private readonly onChange: (s: ModeSnapshot) => void = () => undefined) {}

  /** The mode in force now. */
  get mode(): PolicyMode {
    return this.override?.mode ?? this.configured;
  }

  /** The policy the gate uses now: the configured one with the switched mode while a switch lasts. */
  policy<P extends { mode: PolicyMode }>(p: P): P {
    return this.override && this.override.mode !== p.mode ? { ...p, mode: this.override.mode } : p;
  }

  /** Switches for `forS` seconds (the configured mode ends any switch at once). */
  set(mode: PolicyMode, forS: number, now = Date.now()): ModeSnapshot {
    this.clear();
    if (mode !== this.configured) {
      const timer = setTimeout(() => { this.clear(); this.onChange(this.snapshot()); }, forS * 1000);
      timer.unref();
      this.override = { mode, until: now + forS * 1000, timer };
    }
    const s = this.snapshot();
    this.onChange(s);
    return s;
  }

  snapshot(): ModeSnapshot {
    return { mode: this.mode, configured: this.configured, ...(this.override ? { until: new Date(this.override.until).toISOString() } : {}) };
  }

  clear(): void {
    if (this.override) clearTimeout(this.override.timer);
    this.override = undefined;
  }
}

/** The alert a switch away from enforcement raises: visible in every console and in the SOC's export. */
export function pauseAlert(s: ModeSnapshot): AlertDraft {
  return {
    key: `mode-switch:${s.until ?? ''}`,
    alert: {
      severity: 'medium', tactic: 'defense-evasion', rule: 'enforcement-paused', title: 'Enforcement paused',
      reason: `Enforcement was switched to ${s.mode} until ${s.until ?? '?'} through the daemon's control API (the tray's pause, or anything else holding the token).`,
      agent: { kind: 'unknown' }, evidence: [],
    },
  };
}

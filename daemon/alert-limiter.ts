// How many new alerts a minute may bring: at most `perSessionPerMinute` per session and `perMinute` in all.
// Past a cap, a new alert is suppressed and only counted, so the alert path can fold it into one summary
// alert per minute. Anyone on the machine can post a hook, each with a new session id: without a cap a
// flood fills the alerts table and the disk. A critical alert passes the caps (and counts toward them) up
// to CRITICAL_HEADROOM times the overall cap, so a forged critical flood is bounded too. Pure: the clock
// is the alert's own time (ms), fixed one-minute windows.
import type { Severity } from '../core/event.js';
import type { ComponentHealth } from '../core/health.js';

export interface AlertLimits { perSessionPerMinute: number; perMinute: number }

/** What was suppressed in one window, for its summary alert. */
export interface FloodWindow {
  /** Start of the minute (ms since the epoch). */
  startMs: number;
  suppressed: number;
  byRule: Map<string, number>;
  /** Suppressed alerts per session ('' when an alert has none); bounded, `otherSessions` counts the rest. */
  bySession: Map<string, number>;
  otherSessions: number;
  /** Of them, how many answered the agent (ask/deny): the answer stands, only the alert was folded. */
  answered: number;
}

const WINDOW_MS = 60_000;
/** Critical alerts pass until the minute's total reaches this many times the overall cap. */
export const CRITICAL_HEADROOM = 5;
/** Health says degraded this long after the last window that suppressed anything. */
const FLOOD_RECENT_MS = 10 * 60_000;
/** Sessions named in a window's summary; a flood of new ids past this is only counted. */
const MAX_NAMED_SESSIONS = 20;
/** Per-session counts kept per window; past this many sessions a new one is judged by the global cap alone. */
const MAX_TRACKED_SESSIONS = 10_000;

export class AlertLimiter {
  private startMs = -1;
  private total = 0;
  private readonly perSession = new Map<string, number>();
  private flood: FloodWindow | undefined;
  /** Suppressed since start, and the last window that suppressed anything. */
  suppressedTotal = 0;
  lastFlood: FloodWindow | undefined;

  constructor(private readonly limits: AlertLimits) {}

  /**
   * Whether a new alert (not a merge into an existing one) may be raised at `ms`. When it may not, the
   * answer is the window it was counted in (for the summary).
   */
  admit(a: { sessionId?: string; rule: string; severity: Severity; answered?: boolean }, ms: number): { pass: true } | { pass: false; window: FloodWindow } {
    this.roll(ms);
    const sid = a.sessionId ?? '';
    const mine = this.perSession.get(sid) ?? 0;
    const over = mine >= this.limits.perSessionPerMinute || this.total >= this.limits.perMinute;
    const critical = a.severity === 'critical' && this.total < this.limits.perMinute * CRITICAL_HEADROOM;
    if (!over || critical) {
      this.total++;
      if (this.perSession.has(sid) || this.perSession.size < MAX_TRACKED_SESSIONS) this.perSession.set(sid, mine + 1);
      return { pass: true };
    }
    const w = this.flood ??= { startMs: this.startMs, suppressed: 0, byRule: new Map(), bySession: new Map(), otherSessions: 0, answered: 0 };
    w.suppressed++;
    this.suppressedTotal++;
    if (a.answered) w.answered++;
    w.byRule.set(a.rule, (w.byRule.get(a.rule) ?? 0) + 1);
    if (w.bySession.has(sid) || w.bySession.size < MAX_NAMED_SESSIONS) w.bySession.set(sid, (w.bySession.get(sid) ?? 0) + 1);
    else w.otherSessions++;
    this.lastFlood = w;
    return { pass: false, window: w };
  }

  /** Degraded for a while after a flood; the suppressed total since start either way. */
  health(nowMs: number): ComponentHealth & { suppressed: number; limits: AlertLimits } {
    const w = this.lastFlood;
    const recent = w !== undefined && nowMs - w.startMs < FLOOD_RECENT_MS;
    return {
      status: recent ? 'degraded' : 'ok',
      ...(recent ? { reason: `alert flood: ${w.suppressed} new alert(s) over the cap in the minute from ${new Date(w.startMs).toISOString()} folded into one alert-flood alert (${this.suppressedTotal} since start)` } : {}),
      suppressed: this.suppressedTotal, limits: this.limits,
    };
  }

  /** A new minute starts from zero; a clock that went back (events of other sources) stays in the current one. */
  private roll(ms: number): void {
    const start = Math.floor(ms / WINDOW_MS) * WINDOW_MS;
    if (start <= this.startMs) return;
    this.startMs = start;
    this.total = 0;
    this.perSession.clear();
    this.flood = undefined;
  }
}

/** One line about a window: how many were folded, of which rules and sessions. */
export function describeFlood(w: FloodWindow, limits: AlertLimits): string {
  const top = <K>(m: Map<K, number>) => [...m].sort((x, y) => y[1] - x[1]);
  const rules = top(w.byRule).map(([r, n]) => `${r} ×${n}`).join(', ');
  const sessions = top(w.bySession).map(([s, n]) => `${s || '(none)'} ×${n}`).join(', ');
  const more = w.otherSessions > 0 ? ` and ${w.otherSessions} alert(s) of further sessions` : '';
  const answered = w.answered > 0 ? ` ${w.answered} of them answered the agent (ask/deny); those answers stood.` : '';
  return `${w.suppressed} new alert(s) in the minute from ${new Date(w.startMs).toISOString()} were over the cap `
    + `(${limits.perSessionPerMinute} per session, ${limits.perMinute} in all per minute) and folded into this one. `
    + `Rules: ${rules}. Sessions: ${sessions}${more}.${answered}`;
}

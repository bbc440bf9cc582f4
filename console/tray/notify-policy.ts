// Which desktop notifications to show, so that they inform rather than nag: only high and critical
// alerts and held actions; per session, the first one at once and the rest of a burst as one summary
// when the session's window closes; at most `maxPerMinute` in all (what is held back is counted and said).
// Pure: the tray feeds items and the clock in, and shows what comes out.

export interface NotifyItem { kind: 'alert' | 'pending'; sessionId?: string; severity?: string; title: string; agent: string }
export interface Notification { title: string; body: string; urgent: boolean }

export interface NotifyOptions { windowMs: number; maxPerMinute: number }
export const DEFAULT_NOTIFY: NotifyOptions = { windowMs: 30_000, maxPerMinute: 6 };

interface Group { opened: number; held: NotifyItem[] }
export interface NotifyState { groups: Map<string, Group>; sent: number[]; suppressed: number }

export const emptyNotifyState = (): NotifyState => ({ groups: new Map(), sent: [], suppressed: 0 });

const worthNotifying = (i: NotifyItem) => i.kind === 'pending' || i.severity === 'high' || i.severity === 'critical';
const sessionKey = (i: NotifyItem) => i.sessionId ?? `agent:${i.agent}`;
const short = (s: string) => s.slice(0, 8);

function single(i: NotifyItem): Notification {
  if (i.kind === 'pending') return { title: `agentwatch: ${i.agent} waits for your decision`, body: `${i.title} (session ${short(sessionKey(i))}) — answer in the console or the tray`, urgent: true };
  return { title: `agentwatch: ${i.severity ?? 'alert'} — ${i.title}`, body: `${i.agent}, session ${short(sessionKey(i))}`, urgent: i.severity === 'critical' };
}

function summary(key: string, held: NotifyItem[]): Notification {
  const titles = [...new Set(held.map((i) => i.title))];
  return { title: `agentwatch: ${held.length} more alert${held.length === 1 ? '' : 's'} in session ${short(key)}`, body: titles.slice(0, 3).join('; ') + (titles.length > 3 ? '; …' : ''), urgent: held.some((i) => i.severity === 'critical') };
}

/** Spends one of the minute's notifications; false (and counted) when they are used up. */
function spend(s: NotifyState, now: number, opts: NotifyOptions): boolean {
  s.sent = s.sent.filter((t) => now - t < 60_000);
  if (s.sent.length >= opts.maxPerMinute) { s.suppressed++; return false; }
  s.sent.push(now);
  return true;
}

/** An alert or held action arrived: what to show now (nothing, when it joins its session's burst or the limit is reached). */
export function offer(s: NotifyState, item: NotifyItem, now: number, opts = DEFAULT_NOTIFY): Notification[] {
  if (!worthNotifying(item)) return [];
  const key = sessionKey(item);
  const g = s.groups.get(key);
  // A held action cannot wait for a summary: it has a deadline.
  if (item.kind === 'pending' || !g || now - g.opened >= opts.windowMs) {
    if (item.kind !== 'pending') s.groups.set(key, { opened: now, held: g && now - g.opened < opts.windowMs ? g.held : [] });
    return spend(s, now, opts) ? [single(item)] : [];
  }
  g.held.push(item);
  return [];
}

/** Called now and then (every second): the summaries of the bursts whose window has closed, and what the limit held back. */
export function flush(s: NotifyState, now: number, opts = DEFAULT_NOTIFY): Notification[] {
  const out: Notification[] = [];
  for (const [key, g] of s.groups) {
    if (now - g.opened < opts.windowMs) continue;
    s.groups.delete(key);
    if (g.held.length > 0 && spend(s, now, opts)) out.push(summary(key, g.held));
  }
  if (s.suppressed > 0 && s.sent.filter((t) => now - t < 60_000).length < opts.maxPerMinute) {
    const n = s.suppressed;
    s.suppressed = 0;
    if (spend(s, now, opts)) out.push({ title: `agentwatch: ${n} notification${n === 1 ? '' : 's'} held back`, body: 'too many at once; see the console for all alerts', urgent: false });
  }
  return out;
}

// The console's rows as text: every string from an agent goes through escapeControl (core/terminal.ts)
// and is cut to the width, so a row is one terminal line whatever the event held. Pure, for the views.
import type { Alert, Event } from '../../core/event.js';
import { escapeControl } from '../../core/terminal.js';
import { eventSummary } from '../../daemon/cli/format.js';
import { age, type Pending, type SessionRow } from './model.js';

/** One terminal line of at most `width` columns, control characters shown as text. */
export function fit(s: string, width: number): string {
  const flat = escapeControl(s.replace(/[\r\n\t]+/g, ' '));
  if (width <= 0) return '';
  return flat.length > width ? `${flat.slice(0, Math.max(0, width - 1))}…` : flat;
}

/** Words of `s` (escaped) in lines of `width`, at most `max` lines. */
export function wrap(s: string, width: number, max: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of escapeControl(s.replace(/\s+/g, ' ').trim()).split(' ')) {
    if (line && line.length + 1 + word.length > width) { out.push(line); line = ''; }
    line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.length > max ? [...out.slice(0, max - 1), fit(out.slice(max - 1).join(' '), width)] : out.map((l) => fit(l, width));
}

const short = (id: string | undefined, n = 8) => (id ? id.slice(0, n) : '-');
const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s.padEnd(n));

export const ALERT_HEADER = `${pad('SEV', 8)} ${pad('RULE', 20)} ${pad('AGENT', 11)} ${pad('SESSION', 8)} ${pad('AGE', 4)} ${'N'}`;

export function alertRow(a: Alert, now: number, width: number): string {
  const ack = a.acknowledged ? ' ✓' : '';
  return fit(`${pad(a.severity.toUpperCase(), 8)} ${pad(a.rule, 20)} ${pad(a.agent.kind, 11)} ${pad(short(a.sessionId), 8)} ${pad(age(a.lastTs ?? a.ts, now), 4)} ${a.count}${ack}  ${a.title}`, width);
}

export const SESSION_HEADER = `${pad('SESSION', 8)} ${pad('AGENT', 11)} ${pad('EVENTS', 6)} ${pad('SEEN', 4)} CWD`;

export function sessionRow(s: SessionRow, now: number, width: number): string {
  return fit(`${pad(short(s.id), 8)} ${pad(s.agent, 11)} ${pad(String(s.events), 6)} ${pad(age(s.lastTs, now), 4)} ${s.cwd ?? ''}`, width);
}

/** `14:02:11 exec        curl -fsSL … (ancestry)`: one timeline row. */
export function eventRow(e: Event, width: number): string {
  const time = e.ts.slice(11, 19);
  const how = e.source === 'hook' ? '' : ` (${e.source}${e.attribution ? `/${e.attribution}` : ''})`;
  return fit(`${time} ${pad(e.kind, 12)} ${eventSummary(e)}${how}`, width);
}

export function pendingRow(p: Pending, now: number, width: number): string {
  const left = p.deadline ? Math.max(0, Math.round((Date.parse(p.deadline) - now) / 1000)) : undefined;
  const input = p.tool.input === undefined ? '' : typeof p.tool.input === 'string' ? p.tool.input : JSON.stringify(p.tool.input);
  return fit(`${p.agent.kind} ${short(p.sessionId)} ${p.tool.name}: ${input}${left !== undefined ? ` — ${left}s left, then ${p.fallback ?? 'fallback'}` : ''}`, width);
}

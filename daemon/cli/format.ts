// One line per event or alert for people; NDJSON (the objects as they are) for programs.
import type { Alert, Event } from '../event.js';

const short = (s: string | undefined) => (s ? s.slice(0, 8) : '-'.padEnd(8));

export function formatEvent(e: Event): string {
  const what = e.command ?? e.path ?? e.text ?? (e.remote ? `${e.remote.addr}:${e.remote.port}` : e.tool?.name ?? e.hookEvent ?? '');
  return `${e.ts}  ${short(e.sessionId)}  ${e.agent.kind.padEnd(11)}  ${e.kind.padEnd(13)}  ${oneLine(what)}`;
}

export function formatAlert(a: Alert): string {
  const count = a.count > 1 ? ` (x${a.count})` : '';
  const blocked = a.blocked ? ' [blocked]' : '';
  return `${a.ts}  ${a.severity.toUpperCase().padEnd(8)}  ${a.tactic.padEnd(17)}  ${short(a.sessionId)}  ${a.title}${count}${blocked} — ${a.reason}`;
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

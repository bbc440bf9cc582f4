// One line per event or alert for people; NDJSON (the objects as they are) for programs.
import { callOrigin, type Alert, type Event } from '../../core/event.js';
import { escapeControl } from '../../core/terminal.js';

const short = (s: string | undefined) => (s ? s.slice(0, 8) : '-'.padEnd(8));

// How an OS event was tied to its session; hook events carry their session themselves.
const ATTRIBUTION: Record<NonNullable<Event['attribution']>, string> = { exact: 'exact', ancestry: 'ancestry', correlated: 'correl', probable: 'probable', none: 'none' };

/** What an event is about in a few words (its command, path, address, tool …), raw: escape before printing. */
export function eventSummary(e: Event): string {
  const argv = e.argv && e.argv.length > 0 ? e.argv.join(' ') : undefined;
  return e.kind === 'mcp.change' ? mcpChangeLine(e) : e.command ?? argv ?? e.path ?? e.text ?? (e.remote ? `${e.remote.addr}:${e.remote.port}` : e.tool?.name ?? e.hookEvent ?? e.exe ?? commOf(e));
}

/** A process whose command line could not be read (a kernel thread, one seen only after it exited), as ps shows it: `[comm]`. */
const commOf = (e: Event) => (typeof e.detail?.comm === 'string' ? `[${e.detail.comm}]` : '');

export function formatEvent(e: Event): string {
  const what = eventSummary(e);
  const origin = callOrigin(e);
  const how = e.source === 'hook' ? (origin ? `hook/${origin}` : 'hook') : `${e.source}/${e.attribution ? ATTRIBUTION[e.attribution] : '?'}`;
  const proc = e.pid !== undefined ? ` [pid ${e.pid}${e.toolUseId ? ` ${e.toolUseId}` : ''}${e.mcpServer ? ` mcp server ${e.mcpServer}` : ''}]` : '';
  return escapeControl(`${e.ts}  ${short(e.sessionId)}  ${e.agent.kind.padEnd(11)}  ${how.padEnd(16)}  ${e.kind.padEnd(13)}  ${oneLine(what)}${proc}`);
}

export function formatAlert(a: Alert): string {
  const count = a.count > 1 ? ` (x${a.count})` : '';
  // A held call says how it ended (held-allowed, held-timeout …), which `blocked` alone cannot.
  const blocked = a.response === 'hold' || a.response?.startsWith('held-') ? ` [${a.response}]` : a.blocked ? ' [blocked]' : '';
  return escapeControl(`${a.ts}  ${a.severity.toUpperCase().padEnd(8)}  ${a.tactic.padEnd(17)}  ${short(a.sessionId)}  ${a.title}${count}${blocked} — ${a.reason}`);
}

// `added "github" in /home/u/.cursor/mcp.json: npx -y @acme/github` (the watcher's detail, already redacted).
function mcpChangeLine(e: Event): string {
  const d = e.detail ?? {};
  const launch = d.launch ?? d.previousLaunch;
  return `${String(d.change ?? 'changed')} "${String(d.server ?? '?')}" in ${e.path ?? '?'}${launch !== undefined ? `: ${String(launch)}` : ''}`;
}

function oneLine(s: string): string {
  const flat = s.replace(/[ \t\r\n]+/g, ' ');
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

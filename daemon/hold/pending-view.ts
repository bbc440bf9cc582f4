// What a console is shown of a held call: the tool call (its input cut to a readable size), the finding
// that held it, and the session's last steps (from the store, so OS effects the collectors tied to the
// session are there too). Events are redacted before they are stored, so everything here is redacted.
import type { Event } from '../../core/event.js';
import type { Finding } from '../../detectors/detector.js';
import type { PendingStep, PendingView } from './pending.js';

/** Steps shown before the held call. */
export const STEPS = 8;
const MAX_INPUT_CHARS = 4000;
const MAX_SUMMARY_CHARS = 200;

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Tool input as given, or — past the limit — its JSON text cut short (a console only shows it). */
function shownInput(input: unknown): unknown {
  const text = JSON.stringify(input ?? null);
  return text.length <= MAX_INPUT_CHARS ? input : { truncated: true, text: cut(text, MAX_INPUT_CHARS) };
}

/** One line saying what an event was: the tool and its command or path, the program run, the file, the host. */
export function summaryOf(e: Event): string {
  const what = e.command ?? e.path ?? (e.remote ? `${e.remote.host ?? e.remote.addr}:${e.remote.port}` : undefined)
    ?? (e.argv?.length ? e.argv.join(' ') : undefined) ?? e.exe ?? (e.text !== undefined ? `"${e.text}"` : undefined);
  const head = e.tool?.name ?? e.kind;
  return cut(what === undefined ? head : `${head}: ${what}`, MAX_SUMMARY_CHARS).replace(/[\u0000-\u001f\u007f]/g, ' ');
}

export function stepsOf(events: readonly Event[], held: Event): PendingStep[] {
  return events.filter((e) => e.id !== held.id).slice(-STEPS).map((e) => ({ ts: e.ts, kind: e.kind, summary: summaryOf(e) }));
}

export function pendingViewOf(event: Event, finding: Finding, steps: PendingStep[]): Omit<PendingView, 'id' | 'createdAt' | 'deadline' | 'fallback'> {
  return {
    ...(event.sessionId === undefined ? {} : { sessionId: event.sessionId }),
    agent: { kind: event.agent.kind },
    tool: { name: event.tool?.name ?? event.kind, input: shownInput(event.tool?.input) },
    rule: finding.rule, severity: finding.severity, title: finding.title, reason: finding.reason, steps,
  };
}

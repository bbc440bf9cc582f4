// A session's timeline, drawn: prompts and tool calls (hook intent) on the top lane, the processes, files and
// connections they caused as marks beneath (a line ties each effect to its tool call), the alerts as flags;
// then the process tree (pid/ppid) and every event in order with its attribution.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import type { ConsoleAlert, Event, Session } from '../api.js';
import { clock, laneOf, summary } from '../format.js';

export interface TimelineData { session: Session; events: Event[]; alerts: ConsoleAlert[]; truncated: boolean }

const LANES = [
  { id: 'intent', label: 'prompts & tools', y: 70 },
  { id: 'process', label: 'processes', y: 120 },
  { id: 'file', label: 'files', y: 160 },
  { id: 'network', label: 'network', y: 200 },
] as const;
const W = 1100;
const LEFT = 120;
const H = 230;

export function TimelineView(props: { data?: TimelineData; error?: string }) {
  const [picked, setPicked] = useState<Event | ConsoleAlert | undefined>();
  if (props.error) return html`<p class="error">${props.error}</p>`;
  const d = props.data;
  if (!d) return html`<p>Loading…</p>`;
  const times = [...d.events.map((e) => Date.parse(e.ts)), ...d.alerts.map((a) => Date.parse(a.ts))];
  const t0 = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - t0);
  const x = (ts: string) => LEFT + ((Date.parse(ts) - t0) / span) * (W - LEFT - 20);
  const laneY = (e: Event) => LANES.find((l) => l.id === laneOf(e))?.y;
  const callX = new Map<string, number>();
  for (const e of d.events) if (isCall(e) && e.tool?.useId) callX.set(e.tool.useId, x(e.ts));
  const causeOf = new Map(d.events.filter((e) => e.tool?.useId).map((e) => [e.tool!.useId!, e]));
  return html`<div class="timeline">
    <h2>Session ${d.session.id} <small>${d.session.agent} · ${d.session.cwd ?? ''} · ${d.events.length} events${d.truncated ? ' (latest shown)' : ''}</small></h2>
    <svg class="lanes" viewBox=${`0 0 ${W} ${H}`} role="img" aria-label="session timeline">
      ${LANES.map((l) => html`<g><line x1=${LEFT} x2=${W - 10} y1=${l.y} y2=${l.y} class="lane-line" /><text x="8" y=${l.y + 4} class="lane-label">${l.label}</text></g>`)}
      ${d.events.filter((e) => e.toolUseId && callX.has(e.toolUseId) && laneOf(e) !== 'intent').map((e) => html`<line class="cause" x1=${callX.get(e.toolUseId!)} y1=${78} x2=${x(e.ts)} y2=${laneY(e)! - 6} />`)}
      ${d.events.map((e) => {
        const y = laneY(e);
        if (y === undefined) return null;
        const cls = `mark lane-${laneOf(e)} kind-${e.kind.replace('.', '-')}`;
        return isCall(e)
          ? html`<g class=${cls} onClick=${() => setPicked(e)}><rect x=${x(e.ts) - 5} y=${y - 9} width="10" height="18" rx="2"><title>${summary(e)}</title></rect><text x=${x(e.ts)} y=${y - 14} class="mark-label">${e.tool?.name ?? ''}</text></g>`
          : html`<circle class=${cls} cx=${x(e.ts)} cy=${y} r=${e.kind === 'prompt' ? 6 : 4} onClick=${() => setPicked(e)}><title>${`${e.kind}: ${summary(e)}`}</title></circle>`;
      })}
      ${d.alerts.map((a) => html`<g class=${`flag sev-${a.severity}`} onClick=${() => setPicked(a)}><line x1=${x(a.ts)} x2=${x(a.ts)} y1="14" y2=${H - 20} /><path d=${`M${x(a.ts)},14 l14,6 l-14,6 z`} /><text x=${x(a.ts) + 16} y="24">${a.title}</text><title>${a.reason}</title></g>`)}
    </svg>
    ${picked && html`<div class="picked"><pre>${JSON.stringify(picked, null, 2)}</pre><button onClick=${() => setPicked(undefined)}>close</button></div>`}
    <div class="columns">
      <section><h3>Process tree</h3>${processTree(d.events)}</section>
      <section><h3>Alerts</h3>${d.alerts.length === 0 ? html`<p class="empty">none</p>` : html`<ul>${d.alerts.map((a) => html`<li class=${`sev-${a.severity}`}><b>${a.title}</b> — ${a.reason}</li>`)}</ul>`}</section>
    </div>
    <h3>Events</h3>
    <table class="events"><thead><tr><th>time</th><th>lane</th><th>kind</th><th>what</th><th>caused by</th><th>attribution</th></tr></thead><tbody>
      ${d.events.map((e) => {
        const cause = e.toolUseId ? causeOf.get(e.toolUseId) : undefined;
        return html`<tr class=${`lane-${laneOf(e)}`} data-kind=${e.kind}><td>${clock(e.ts)}</td><td>${laneOf(e)}</td><td>${e.kind}</td><td class="what">${summary(e)}</td>
          <td>${cause ? `${cause.tool?.name ?? ''} ${e.toolUseId!.slice(-8)}` : ''}</td><td>${e.source === 'hook' ? 'hook' : e.attribution ?? ''}</td></tr>`;
      })}</tbody></table>
  </div>`;
}

/** A tool call as the agent's hook announced it (PreToolUse): a Bash call, or an Edit/Read the hook names as a file event. */
const isCall = (e: Event) => e.source === 'hook' && e.tool !== undefined && e.kind !== 'tool.result' && e.hookEvent !== 'PostToolUse';

/** The session's processes as a tree: each exec under the exec of its parent pid (roots: parents not seen). */
function processTree(events: Event[]) {
  const execs = events.filter((e) => e.kind === 'exec' && e.pid !== undefined);
  if (execs.length === 0) return html`<p class="empty">no process seen</p>`;
  const pids = new Set(execs.map((e) => e.pid));
  const children = new Map<number | undefined, Event[]>();
  for (const e of execs) {
    const parent = e.ppid !== undefined && pids.has(e.ppid) && e.ppid !== e.pid ? e.ppid : undefined;
    children.set(parent, [...(children.get(parent) ?? []), e]);
  }
  const seen = new Set<Event>();
  const node = (e: Event): unknown => {
    if (seen.has(e)) return null;
    seen.add(e);
    const kids = children.get(e.pid) ?? [];
    return html`<li><span class="pid">${e.pid}</span> ${summary(e)}${kids.length > 0 && html`<ul>${kids.map(node)}</ul>`}</li>`;
  };
  return html`<ul class="tree">${(children.get(undefined) ?? []).map(node)}</ul>`;
}

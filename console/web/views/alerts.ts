// Alerts, newest first, filterable: severity, tactic/technique, agent, session, age, count, the reason,
// the evidence events (and their OS effects), what policy did; and the actions: acknowledge, "this was me"
// (session / project / agent), mute the rule for the project.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { getJson, postJson, type ConsoleAlert, type Event } from '../api.js';
import { TACTICS } from '../../../core/event.js';
import { age, clock, summary } from '../format.js';

export interface AlertFilters { severity: string; tactic: string; agent: string; session: string; acked: string }
export const NO_FILTERS: AlertFilters = { severity: '', tactic: '', agent: '', session: '', acked: 'false' };

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];


export function matches(a: ConsoleAlert, f: AlertFilters): boolean {
  return (!f.severity || a.severity === f.severity) && (!f.tactic || a.tactic === f.tactic) && (!f.agent || a.agent.kind === f.agent)
    && (!f.session || a.sessionId === f.session) && (f.acked === '' || String(a.acked) === f.acked);
}

export function queryOf(f: AlertFilters): string {
  return new URLSearchParams(Object.entries(f).filter(([, v]) => v !== '')).toString();
}

const HELD: Record<string, string> = {
  hold: 'held, waiting for you', 'held-allowed': 'held, you allowed it', 'held-denied': 'held, you refused it',
  'held-timeout': 'held, nobody answered (fallback)', 'held-no-console': 'held, no console open (fallback)',
};

function policyDid(a: ConsoleAlert): string {
  if (a.response && HELD[a.response]) return `${HELD[a.response]}${a.held ? ` → ${a.held.answer}` : ''}`;
  return a.blocked || a.response === 'deny' ? 'denied' : a.response === 'ask' ? 'asked' : 'observed';
}

export function AlertsView(props: { alerts: ConsoleAlert[]; filters: AlertFilters; setFilters(f: AlertFilters): void; changed(a: ConsoleAlert): void; now: number }) {
  const f = props.filters;
  const select = (key: keyof AlertFilters, options: string[], label: string) => html`<label>${label}
    <select name=${key} value=${f[key]} onChange=${(e: Event & { currentTarget: HTMLSelectElement }) => props.setFilters({ ...f, [key]: e.currentTarget.value })}>
      ${options.map((o) => html`<option value=${o}>${o === '' ? 'any' : o}</option>`)}</select></label>`;
  return html`<div class="alerts">
    <form class="filters" onSubmit=${(e: SubmitEvent) => e.preventDefault()}>
      ${select('severity', ['', ...SEVERITIES], 'severity')}${select('tactic', ['', ...TACTICS], 'tactic')}
      <label>agent <input name="agent" value=${f.agent} placeholder="claude-code" onChange=${(e: { currentTarget: HTMLInputElement }) => props.setFilters({ ...f, agent: e.currentTarget.value.trim() })} /></label>
      <label>session <input name="session" value=${f.session} onChange=${(e: { currentTarget: HTMLInputElement }) => props.setFilters({ ...f, session: e.currentTarget.value.trim() })} /></label>
      <label>status <select name="acked" value=${f.acked} onChange=${(e: { currentTarget: HTMLSelectElement }) => props.setFilters({ ...f, acked: e.currentTarget.value })}>
        <option value="false">open</option><option value="true">acknowledged</option><option value="">all</option></select></label>
    </form>
    ${props.alerts.length === 0 ? html`<p class="empty">No alerts match.</p>` : props.alerts.map((a) => html`<${AlertCard} key=${a.id} alert=${a} now=${props.now} changed=${props.changed} />`)}
  </div>`;
}

type Detail = { evidence: Event[]; effects: Event[] };

function AlertCard(props: { alert: ConsoleAlert & { project?: string; evidenceEvents?: Event[] }; now: number; changed(a: ConsoleAlert): void }) {
  const a = props.alert;
  const [detail, setDetail] = useState<Detail | undefined>(a.evidenceEvents ? { evidence: a.evidenceEvents, effects: [] } : undefined);
  const [scope, setScope] = useState('project');
  const [note, setNote] = useState('');
  useEffect(() => {
    // A live alert carries evidence ids only: its events come from the store.
    if (detail && detail.effects.length > 0) return;
    getJson<Detail>(`/v1/console/alerts/${encodeURIComponent(a.id)}`).then(setDetail, (err: Error) => setNote(err.message));
  }, [a.id, a.count]);
  const act = (path: string, body?: object) => postJson<{ message: string }>(`/v1/console/alerts/${encodeURIComponent(a.id)}/${path}`, body)
    .then((r) => { setNote(r.message); props.changed({ ...a, acked: true }); }, (err: Error) => setNote(err.message));
  const project = a.project ?? detail?.evidence.find((e) => e.cwd)?.cwd;
  const mute = () => postJson<{ message: string }>('/v1/console/mutes', { rule: a.rule, project }).then((r) => setNote(r.message), (err: Error) => setNote(err.message));
  return html`<article class=${`alert sev-${a.severity}${a.acked ? ' acked' : ''}`} data-alert=${a.id}>
    <header>
      <span class="sev">${a.severity}</span><strong class="title">${a.title}</strong>
      <span class="meta">${a.tactic}${a.technique ? ` · ${a.technique}` : ''} · ${a.rule} · ${a.agent.kind}
        ${a.sessionId && html` · session <a href=${`#/session/${encodeURIComponent(a.sessionId)}`}>${a.sessionId.slice(0, 12)}</a>`}
        · ${age(a.ts, props.now)} ago${a.count > 1 ? ` · ×${a.count}` : ''} · policy ${policyDid(a)}${a.acked ? ' · acknowledged' : ''}</span>
    </header>
    <p class="reason">${a.reason}</p>
    <div class="evidence">
      ${detail === undefined ? html`<span class="empty">evidence loading…</span>` : html`<ul>
        ${detail.evidence.map((e) => html`<li class="ev"><time>${clock(e.ts)}</time> <span class="kind">${e.kind}</span> ${summary(e)}</li>`)}
        ${detail.effects.map((e) => html`<li class="ev effect"><time>${clock(e.ts)}</time> <span class="kind">${e.kind}</span> ${summary(e)} <i>(${e.attribution ?? 'caused'})</i></li>`)}
        ${detail.evidence.length === 0 && html`<li class="empty">the evidence events are no longer stored</li>`}</ul>`}
    </div>
    <div class="actions">
      ${!a.acked && html`<button class="ack" onClick=${() => act('ack')}>Acknowledge</button>`}
      <span class="mine"><button onClick=${() => act('mine', { scope })}>This was me</button>
        <select aria-label="scope" value=${scope} onChange=${(e: { currentTarget: HTMLSelectElement }) => setScope(e.currentTarget.value)}>
          <option value="session">this session</option><option value="project">this project</option><option value="agent">this agent, everywhere</option></select></span>
      ${project && html`<button class="mute" title=${`mute ${a.rule} in ${project}`} onClick=${mute}>Mute rule in project</button>`}
      ${note && html`<span class="note">${note}</span>`}
    </div>
  </article>`;
}

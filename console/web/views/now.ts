// Now: the agents running, their sessions (hooks arriving or not), the process tier, and a live strip of
// the latest events of each session.
import { html } from '../html.js';
import type { Event, Session } from '../api.js';
import { age, laneOf, summary } from '../format.js';

export interface NowData { agents: Event[]; sessions: Session[]; health: { tier?: { active: string; why?: string }; status?: string; policy?: string } }

export function NowView(props: { data?: NowData; strip: Event[]; now: number }) {
  const d = props.data;
  if (!d) return html`<p>Loading…</p>`;
  const bySession = new Map<string, Event[]>();
  for (const e of props.strip) if (e.sessionId) bySession.set(e.sessionId, [...(bySession.get(e.sessionId) ?? []), e].slice(-16));
  return html`<div class="now">
    <p class="tier">Daemon ${d.health.status ?? 'ok'} · policy ${d.health.policy ?? 'observe'} · process tier <b>${d.health.tier?.active ?? '?'}</b>${d.health.tier?.why ? ` (${d.health.tier.why})` : ''}</p>
    <h2>Agents running</h2>
    ${d.agents.length === 0 ? html`<p class="empty">No agent process seen running.</p>` : html`<table class="agents"><thead><tr><th>agent</th><th>pid</th><th>started</th><th>directory</th></tr></thead><tbody>
      ${d.agents.map((a) => html`<tr><td>${a.agent.kind}</td><td>${a.pid ?? a.agent.pid ?? ''}</td><td>${age(a.ts, props.now)} ago</td><td>${a.cwd ?? ''}</td></tr>`)}</tbody></table>`}
    <h2>Sessions</h2>
    ${d.sessions.length === 0 ? html`<p class="empty">No session in the last day.</p>` : html`<table class="sessions"><thead><tr><th>agent</th><th>session</th><th>project</th><th>hooks</th><th>events</th><th>open alerts</th><th>live</th></tr></thead><tbody>
      ${d.sessions.map((s) => {
        const hooks = s.lastHookTs ? `arriving, last ${age(s.lastHookTs, props.now)} ago` : 'none — OS tier only';
        return html`<tr class=${s.openAlerts > 0 ? 'has-alerts' : ''}>
          <td>${s.agent}</td><td><a href=${`#/session/${encodeURIComponent(s.id)}`}>${s.id.slice(0, 13)}</a></td><td>${s.cwd ?? ''}</td>
          <td class=${s.lastHookTs ? 'ok' : 'warn'}>${hooks}</td><td>${s.events}</td><td>${s.openAlerts}</td>
          <td class="strip">${(bySession.get(s.id) ?? []).map((e) => html`<span class=${`chip lane-${laneOf(e)}`} title=${`${e.kind}: ${summary(e)}`}>${e.kind}</span>`)}</td></tr>`;
      })}</tbody></table>`}
  </div>`;
}

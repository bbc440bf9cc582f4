// The web console's page: navigation by URL hash (#/now, #/alerts, #/session/<id>, #/baselines, #/mcp),
// data from /v1/console/* and live updates from /v1/stream (events, alerts, agents, held actions).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { getJson, type Baseline, type ConsoleAlert, type Event, type Pending } from './api.js';
import { connectLive, type Live, type LiveMessage } from './live.js';
import { NowView, type NowData } from './views/now.js';
import { AlertsView, NO_FILTERS, matches, queryOf, type AlertFilters } from './views/alerts.js';
import { TimelineView, type TimelineData } from './views/timeline.js';
import { BaselinesView } from './views/baselines.js';
import { McpView, type McpData } from './views/mcp.js';
import { PendingCards } from './views/pending.js';

const STRIP = 300;
const route = () => (location.hash.replace(/^#\/?/, '') || 'now').split('/').map(decodeURIComponent);

let live: Live | undefined;

function App() {
  const [path, setPath] = useState(route());
  const [up, setUp] = useState(false);
  const [now, setNow] = useState(Date.now());
  const [nowData, setNowData] = useState<NowData>();
  const [strip, setStrip] = useState<Event[]>([]);
  const [filters, setFilters] = useState<AlertFilters>(NO_FILTERS);
  const [alerts, setAlerts] = useState<ConsoleAlert[]>([]);
  const [timeline, setTimeline] = useState<{ id: string; data?: TimelineData; error?: string }>();
  const [baselines, setBaselines] = useState<Baseline[]>();
  const [mcp, setMcp] = useState<McpData>();
  const [pending, setPending] = useState<Pending[]>([]);
  const [error, setError] = useState('');
  const view = path[0] ?? 'now';

  const fail = (err: Error) => setError(err.message);
  const loadNow = () => getJson<NowData & { recent: Event[] }>('/v1/console/agents').then((d) => { setNowData(d); setStrip((s) => (s.length ? s : d.recent)); }, fail);
  const loadAlerts = (f: AlertFilters) => getJson<{ alerts: ConsoleAlert[] }>(`/v1/console/alerts?${queryOf(f)}`).then((r) => setAlerts(r.alerts), fail);
  const loadMcp = () => getJson<McpData>('/v1/console/mcp').then(setMcp, fail);

  useEffect(() => {
    const onHash = () => { const r = route(); setPath((p) => (p.join('/') === r.join('/') ? p : r)); };
    window.addEventListener('hashchange', onHash);
    // The hash may have changed since the first render, before this listener was there (effects run after
    // the first paint): a link followed at once would otherwise show the view the page started on.
    onHash();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    live = connectLive(onLive, setUp);
    return () => { window.removeEventListener('hashchange', onHash); clearInterval(tick); live?.close(); };
  }, []);

  // Each view loads what it shows when it is opened; the stream keeps it current after that.
  useEffect(() => {
    if (view === 'now') { void loadNow(); const t = setInterval(loadNow, 5000); return () => clearInterval(t); }
    if (view === 'alerts') void loadAlerts(filters);
    if (view === 'baselines') void getJson<{ baselines: Baseline[] }>('/v1/console/baselines').then((r) => setBaselines(r.baselines), fail);
    if (view === 'mcp') void loadMcp();
    if (view === 'session' && path[1]) {
      const id = path[1];
      setTimeline({ id });
      getJson<TimelineData>(`/v1/console/sessions/${encodeURIComponent(id)}/timeline`).then((data) => setTimeline({ id, data }), (err: Error) => setTimeline({ id, error: err.message }));
    }
    return undefined;
  }, [view, path[1], filters]);

  function onLive(m: LiveMessage): void {
    if (m.type === 'event') {
      const e = m.event as Event;
      setStrip((s) => [...s.slice(-(STRIP - 1)), e]);
      setTimeline((t) => (t?.data && t.id === e.sessionId && !t.data.events.some((x) => x.id === e.id) ? { ...t, data: { ...t.data, events: [...t.data.events, e] } } : t));
    } else if (m.type === 'alert') {
      // On the stream an alert acknowledged since it was raised carries `acknowledged: true` (the Alert type).
      const raw = m.alert as Partial<ConsoleAlert> & { acknowledged?: boolean };
      const a = { ...raw, acked: raw.acked ?? raw.acknowledged ?? false, seq: raw.seq ?? 0 } as ConsoleAlert;
      setAlerts((list) => upsert(list, a));
      setTimeline((t) => (t?.data && t.id === a.sessionId ? { ...t, data: { ...t.data, alerts: upsert(t.data.alerts, a) } } : t));
    } else if (m.type === 'pending') {
      const p = m.pending as Pending;
      setPending((list) => [...list.filter((x) => x.id !== p.id), p]);
    } else if (m.type === 'resolved') {
      setPending((list) => list.filter((x) => x.id !== m.pendingId));
    }
  }

  const decide = (id: string, answer: 'allow' | 'deny') => {
    if (!live?.send({ type: 'decide', pendingId: id, answer })) setError('not connected to the daemon: the decision was not sent');
  };
  const shown = alerts.filter((a) => matches(a, filters));
  const open = alerts.filter((a) => !a.acked).length;
  const nav = (id: string, label: string) => html`<a href=${`#/${id}`} class=${view === id ? 'active' : ''}>${label}</a>`;
  return html`<div class="app">
    <nav><span class="brand">agentwatch</span>${nav('now', 'Now')}${nav('alerts', `Alerts${open ? ` (${open})` : ''}`)}${nav('baselines', 'Baselines')}${nav('mcp', 'MCP')}
      <span class=${`conn ${up ? 'up' : 'down'}`}>${up ? 'live' : 'disconnected — reconnecting'}</span></nav>
    ${error && html`<p class="error" onClick=${() => setError('')}>${error}</p>`}
    <${PendingCards} pending=${pending} now=${now} decide=${decide} />
    <main>
      ${view === 'now' && html`<${NowView} data=${nowData} strip=${strip} now=${now} />`}
      ${view === 'alerts' && html`<${AlertsView} alerts=${shown} filters=${filters} setFilters=${setFilters} now=${now} changed=${(a: ConsoleAlert) => setAlerts((l) => upsert(l, a))} />`}
      ${view === 'session' && html`<${TimelineView} data=${timeline?.data} error=${timeline?.error} />`}
      ${view === 'baselines' && html`<${BaselinesView} baselines=${baselines} />`}
      ${view === 'mcp' && html`<${McpView} data=${mcp} reload=${loadMcp} />`}
    </main>
  </div>`;
}

/** The list with `a` in place of the alert of the same id, or first (newest) when new. */
function upsert(list: ConsoleAlert[], a: ConsoleAlert): ConsoleAlert[] {
  const i = list.findIndex((x) => x.id === a.id);
  if (i < 0) return [a, ...list];
  const next = [...list];
  next[i] = { ...list[i]!, ...a, seq: a.seq || list[i]!.seq };
  return next;
}

render(html`<${App} />`, document.getElementById('app')!);

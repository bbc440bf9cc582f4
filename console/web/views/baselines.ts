// Baselines: for each agent × project, what is normal — hosts, programs, n-grams (how many sessions each
// appeared in) and the rates sampled (uPlot) — and what the last anomaly deviated from.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { html } from '../html.js';
import type { Baseline, Count } from '../api.js';

function Chart(props: { title: string; series: { label: string; values: number[]; stroke: string }[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const n = Math.max(0, ...props.series.map((s) => s.values.length));
    if (!el.current || n === 0) return;
    const xs = Array.from({ length: n }, (_, i) => i + 1);
    const plot = new uPlot({
      title: props.title, width: 420, height: 160, scales: { x: { time: false } },
      axes: [{ label: 'sample' }, {}],
      series: [{ label: 'sample' }, ...props.series.map((s) => ({ label: s.label, stroke: s.stroke, width: 1.5 }))],
    }, [xs, ...props.series.map((s) => xs.map((_, i) => s.values[i] ?? null))] as uPlot.AlignedData, el.current);
    return () => plot.destroy();
  }, [props.series]);
  return html`<div class="chart" ref=${el}></div>`;
}

function Bars(props: { title: string; counts: Count[]; total: number }) {
  return html`<div class="bars"><h4>${props.title}</h4>${props.counts.length === 0 ? html`<p class="empty">none yet</p>` : props.counts.slice(0, 12).map((c) => html`
    <div class="bar" title=${`${c.item}: in ${c.sessions} of ${props.total} sessions`}><span class="fill" style=${`width:${Math.min(100, (c.sessions / Math.max(1, props.total)) * 100)}%`}></span><span class="label">${c.item}</span><span class="n">${c.sessions}</span></div>`)}</div>`;
}

export function BaselinesView(props: { baselines?: Baseline[] }) {
  if (!props.baselines) return html`<p>Loading…</p>`;
  if (props.baselines.length === 0) return html`<p class="empty">No baseline learned yet: each agent × project learns from its finished sessions.</p>`;
  return html`<div class="baselines">${props.baselines.map((b) => html`<article class="baseline">
    <h2>${b.agent} <small>× ${b.project}</small></h2>
    <p>${b.sessions} sessions learned · since ${b.firstTs.slice(0, 10)} · updated ${b.updatedTs.slice(0, 16).replace('T', ' ')}</p>
    ${b.lastAnomaly && html`<p class="anomaly sev-${b.lastAnomaly.severity}"><b>Last anomaly:</b> ${b.lastAnomaly.reason}</p>`}
    <div class="charts">
      <${Chart} title="events per active minute" series=${[{ label: 'rate', values: b.minuteRates, stroke: '#3b82f6' }]} />
      <${Chart} title="reads outside the project per session" series=${[{ label: 'outside reads', values: b.outsideReads, stroke: '#f59e0b' }]} />
    </div>
    <div class="columns"><${Bars} title="hosts" counts=${b.hosts} total=${b.sessions} /><${Bars} title="programs" counts=${b.programs} total=${b.sessions} /><${Bars} title="n-grams" counts=${b.ngrams} total=${b.sessions} /></div>
  </article>`)}</div>`;
}

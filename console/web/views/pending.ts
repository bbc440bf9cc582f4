// Held actions (policy answer `hold`): a PreToolUse waits for the developer. One card per pending action,
// with its context and a countdown to the policy's fallback; Approve / Refuse answer it over the stream.
import { html } from '../html.js';
import type { Pending } from '../api.js';
import { clock } from '../format.js';

export function PendingCards(props: { pending: Pending[]; now: number; decide(id: string, answer: 'allow' | 'deny'): void }) {
  if (props.pending.length === 0) return null;
  return html`<section class="pending" aria-live="assertive">
    ${props.pending.map((p) => {
      const left = Math.max(0, Math.ceil((Date.parse(p.deadline) - props.now) / 1000));
      const input = p.tool.input as { command?: string; file_path?: string } | undefined;
      return html`<article class="pending-card sev-${p.severity}" data-pending=${p.id}>
        <header><strong>Waiting for you: ${p.title}</strong><span class="countdown" title="then the policy answers ${p.fallback}">${left}s → ${p.fallback}</span></header>
        <p class="reason">${p.reason}</p>
        <p><b>${p.agent.kind}</b> wants to run <b>${p.tool.name}</b> in session <a href=${`#/session/${encodeURIComponent(p.sessionId ?? '')}`}>${(p.sessionId ?? '—').slice(0, 12)}</a> (rule ${p.rule})</p>
        <pre class="command">${input?.command ?? input?.file_path ?? JSON.stringify(p.tool.input, null, 1)}</pre>
        ${p.steps.length > 0 && html`<details open><summary>What came before</summary><ol class="steps">
          ${p.steps.map((s) => html`<li><time>${clock(s.ts)}</time> <span class="kind">${s.kind}</span> ${s.summary}</li>`)}</ol></details>`}
        <div class="actions">
          <button class="approve" onClick=${() => props.decide(p.id, 'allow')}>Approve</button>
          <button class="refuse" onClick=${() => props.decide(p.id, 'deny')}>Refuse</button>
        </div>
      </article>`;
    })}
  </section>`;
}

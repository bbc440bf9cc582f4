// MCP: every configured server (where, what it launches, allowlist status and findings as the config
// watcher last saw them), the live scans' pins with a Re-pin after review, and the MCP alerts (rug pulls
// with their diffs, poisoning, config changes).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { postJson, type ConsoleAlert } from '../api.js';

export interface McpData {
  servers: { id: string; agent: string; scope: string; file: string; name: string; body: { transport?: string; launch?: string; disabled?: boolean; allowlist?: string; findings?: { severity: string; title?: string; message?: string }[] } }[];
  pins: { key: string; label: string; pinnedTs: string; scannedTs: string; tools: string[] }[];
  alerts: ConsoleAlert[];
}

export function McpView(props: { data?: McpData; reload(): void }) {
  const [note, setNote] = useState('');
  const d = props.data;
  if (!d) return html`<p>Loading…</p>`;
  const pin = (key: string) => postJson<{ message: string }>(`/v1/console/mcp/${encodeURIComponent(key)}/pin`).then((r) => { setNote(r.message); props.reload(); }, (e: Error) => setNote(e.message));
  return html`<div class="mcp">
    <h2>Configured servers</h2>
    ${d.servers.length === 0 ? html`<p class="empty">No MCP server configured (or the inventory has not run yet).</p>` : html`<table><thead><tr><th>agent</th><th>scope</th><th>name</th><th>launches</th><th>file</th><th>findings</th></tr></thead><tbody>
      ${d.servers.map((s) => html`<tr><td>${s.agent}</td><td>${s.scope}</td><td>${s.name}${s.body.disabled ? ' (disabled)' : ''}</td><td><code>${s.body.launch ?? ''}</code></td><td>${s.file}</td>
        <td>${(s.body.findings ?? []).map((f) => html`<div class=${`sev-${f.severity}`}>${f.title ?? f.message}</div>`)}${s.body.allowlist ? html`<div>allowlist: ${s.body.allowlist}</div>` : ''}</td></tr>`)}</tbody></table>`}
    <h2>Pins</h2>
    ${note && html`<p class="note">${note}</p>`}
    ${d.pins.length === 0 ? html`<p class="empty">No server pinned yet (agentwatch mcp --scan pins them).</p>` : html`<table><thead><tr><th>server</th><th>tools</th><th>pinned</th><th>last scan</th><th></th></tr></thead><tbody>
      ${d.pins.map((p) => html`<tr><td>${p.label}</td><td>${p.tools.join(', ')}</td><td>${p.pinnedTs.slice(0, 16)}</td><td>${p.scannedTs.slice(0, 16)}</td><td><button onClick=${() => pin(p.key)}>Re-pin after review</button></td></tr>`)}</tbody></table>`}
    <h2>MCP alerts</h2>
    ${d.alerts.length === 0 ? html`<p class="empty">none</p>` : d.alerts.map((a) => html`<article class=${`alert sev-${a.severity}`}><strong>${a.title}</strong> <span class="meta">${a.rule}${a.acked ? ' · acknowledged' : ''}</span><pre class="reason">${a.reason}</pre></article>`)}
  </div>`;
}

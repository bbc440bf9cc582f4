// A scan report for people (a few lines per server) and for programs (one NDJSON object per server).
import type { ServerScanReport } from './scan-inventory.js';
import { describeDiff } from './pins.js';
import { escapeInvisible } from './quote.js';
import { redactString } from '../../../core/redact.js';

export function scanJson(r: ServerScanReport): Record<string, unknown> {
  const res = r.result;
  return {
    type: 'scan', server: r.entry.name, id: r.entry.id, key: r.key, agent: r.entry.provenance.agent, scope: r.entry.provenance.scope,
    file: r.entry.provenance.file, transport: res?.transport ?? r.entry.transport, approval: r.entry.status,
    status: r.skipped ? 'skipped' : res?.status, ...(r.skipped ? { skipped: r.skipped } : {}),
    ...(res ? {
      ms: res.ms, ...(res.error ? { error: res.error, stderr: redactString(res.stderr.slice(-2000)) } : {}),
      serverInfo: res.serverInfo, tools: res.tools?.map((t) => t.name), prompts: res.prompts?.map((p) => p.name),
      resources: res.resources?.length, unsupported: res.unsupported,
    } : {}),
    ...(r.pin ? { pin: r.pin } : {}),
    findings: r.findings,
    alerts: r.alerts.map((a) => ({ id: a.id, rule: a.rule, severity: a.severity })),
  };
}

/** Lines for a terminal: a server's names and texts never reach it with escapes or invisible characters. */
export function scanLines(r: ServerScanReport): string[] {
  return rawLines(r).map(escapeInvisible);
}

function rawLines(r: ServerScanReport): string[] {
  const e = r.entry;
  const name = `${e.provenance.agent}/${e.name}`;
  if (r.skipped) return [`${name}: skipped: ${r.skipped}`];
  const res = r.result!;
  if (res.status !== 'ok') {
    const tail = res.stderr.trim().split('\n').pop();
    return [`${name}: ${res.status} after ${res.ms} ms: ${res.error}${tail ? ` (stderr: ${redactString(tail).slice(0, 200)})` : ''}`];
  }
  const info = res.serverInfo!;
  const lines = [`${name}: ok in ${res.ms} ms via ${res.transport} — ${info.name} ${info.version}: ${res.tools!.length} tools, ${res.prompts!.length} prompts, ${res.resources!.length} resources${pinText(r)}`];
  if (r.pin?.state === 'changed') lines.push(...describeDiff(r.pin.diff).map((l) => `  ${l}`));
  for (const f of r.findings) lines.push(`  ${f.severity.toUpperCase()} ${f.id}: ${f.message}: ${f.evidence ?? ''}`);
  for (const a of r.alerts) lines.push(`  alert ${a.rule} (${a.severity}) ${a.id}`);
  return lines;
}

function pinText(r: ServerScanReport): string {
  switch (r.pin?.state) {
    case undefined: return '';
    case 'pinned': return '; pinned now';
    case 'unchanged': return `; unchanged since pinned ${r.pin.pinnedTs}`;
    case 'changed': return `; CHANGED since pinned ${r.pin.pinnedTs}:`;
  }
}

// Alerts of a live scan: a rug pull (pinned tools changed) and high-severity tool poisoning. Written
// through the daemon's own EventStore (same insert and dedupe as the pipeline), merged into the stored
// alert with the same identity, so scanning a changed server again counts up instead of piling up.
import crypto from 'node:crypto';
import type { Alert } from '../../../core/event.js';
import type { DB } from '../../../daemon/store/database.js';
import { EventStore } from '../../../daemon/store/event-store.js';
import { redactString } from '../../../core/redact.js';
import type { McpServerEntry } from '../types.js';
import type { PinOutcome } from './pin-store.js';
import { describeDiff } from './pins.js';
import { escapeInvisible } from './quote.js';
import type { PoisonFinding } from './poisoning.js';

export interface AlertDraft { alert: Omit<Alert, 'id' | 'ts' | 'lastTs' | 'count'>; key: string }

const MAX_EVIDENCE_LINES = 60;

export function rugPullAlert(entry: McpServerEntry, pin: PinOutcome): AlertDraft | undefined {
  if (pin.state !== 'changed') return undefined;
  const d = pin.diff;
  const parts = [
    d.changed.length ? `changed: ${d.changed.map((c) => c.name).join(', ')}` : '',
    d.added.length ? `added: ${d.added.join(', ')}` : '',
    d.removed.length ? `removed: ${d.removed.join(', ')}` : '',
    d.instructions ? 'instructions changed' : '',
  ].filter(Boolean);
  const lines = describeDiff(d);
  return {
    key: `${pin.key}:${pin.digest}`,
    alert: {
      severity: 'high', tactic: 'initial-access', technique: 'T1195', rule: 'mcp-rug-pull',
      title: `MCP server "${entry.name}" changed its tools since they were pinned`,
      reason: redactString(`${where(entry)} tells the model something different from what was pinned on ${pin.pinnedTs}: ${parts.join('; ')}`),
      agent: { kind: entry.provenance.agent },
      evidence: (lines.length > MAX_EVIDENCE_LINES ? [...lines.slice(0, MAX_EVIDENCE_LINES), `… ${lines.length - MAX_EVIDENCE_LINES} more lines`] : lines).map(redactString),
    },
  };
}

export function poisoningAlert(entry: McpServerEntry, serverKey: string, findings: PoisonFinding[]): AlertDraft | undefined {
  const high = findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
  if (high.length === 0) return undefined;
  const ids = [...new Set(high.map((f) => f.id))].sort();
  const fingerprint = crypto.createHash('sha256').update(high.map((f) => `${f.id}\0${f.where}\0${f.evidence ?? ''}`).sort().join('\n')).digest('hex').slice(0, 16);
  return {
    key: `${serverKey}:${fingerprint}`,
    alert: {
      severity: 'high', tactic: 'defense-evasion', rule: 'mcp-tool-poisoning',
      title: `MCP server "${entry.name}" has poisoned tool descriptions`,
      reason: redactString(`${where(entry)}: ${high.length} finding(s) (${ids.join(', ')}) in ${[...new Set(high.map((f) => f.where))].join('; ')}`),
      agent: { kind: entry.provenance.agent },
      evidence: high.slice(0, MAX_EVIDENCE_LINES).map((f) => `${f.id} ${f.where}: ${f.evidence ?? ''}`),
    },
  };
}

const where = (e: McpServerEntry) => `${e.provenance.agent} ${e.provenance.scope} config ${e.provenance.file}`;

// Alert text reaches terminals (`agentwatch alerts`): server-chosen names and text must not carry escapes.
const clean = (s: string) => escapeInvisible(redactString(s));

/** Stores the drafts (new, or merged into the alert with the same rule and key); returns the stored alerts. */
export function saveAlerts(db: DB, drafts: AlertDraft[], now = new Date().toISOString()): Alert[] {
  let failure: unknown;
  const store = new EventStore(db, { batchSize: 1000, flushMs: 60_000, onError: (err) => { failure = err; } });
  const saved: Alert[] = [];
  for (const { alert: draft, key } of drafts) {
    const alert = { ...draft, title: clean(draft.title), reason: clean(draft.reason), evidence: draft.evidence.map(clean) };
    const known = store.findAlert(undefined, alert.rule, key);
    const a: Alert = known
      ? { ...known, lastTs: now, count: known.count + 1, evidence: alert.evidence, reason: alert.reason }
      : { ...alert, id: crypto.randomUUID(), ts: now, lastTs: now, count: 1 };
    store.saveAlert(a, key);
    saved.push(a);
  }
  store.flush();
  if (failure) throw failure;
  return saved;
}

// Alerts of a live scan: a rug pull (pinned tools changed) and high-severity tool poisoning. They go
// out through the daemon's one alert path (ScanAlertSink), merged into the alert with the same identity,
// so scanning a changed server again counts up instead of piling up.
import crypto from 'node:crypto';
import type { Alert, AlertDraft } from '../../../core/event.js';
import { redactString } from '../../../core/redact.js';
import type { McpServerEntry } from '../types.js';
import type { PinOutcome } from './pin-check.js';
import { describeDiff } from './pins.js';
import { escapeInvisible } from './quote.js';
import type { PoisonFinding } from './poisoning.js';

export type { AlertDraft };

/** Where a scan's alerts go: the running daemon (stored and streamed), or the store when none runs. */
export interface ScanAlertSink {
  /** Raises each draft at `ts`; resolves with the alerts as stored (new, or merged into an earlier one). */
  raise(drafts: readonly AlertDraft[], ts: string): Promise<Alert[]>;
}

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

/** The draft as it may be shown: what the server chose (names, descriptions) without terminal escapes. */
export function forTerminal({ alert, key }: AlertDraft): AlertDraft {
  return { key, alert: { ...alert, title: clean(alert.title), reason: clean(alert.reason), evidence: alert.evidence.map(clean) } };
}

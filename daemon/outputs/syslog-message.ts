// Pure: one output record as an RFC 5424 syslog message, and its octet-counted frame (RFC 6587 §3.4.1).
// `<PRI>1 TIMESTAMP HOSTNAME agentwatch PROCID MSGID - MSG`: no structured data; MSG is the formatted
// record as one JSON object (a JSON text never holds a raw newline, so the spool keeps one per line).
import type { Severity } from '../../core/event.js';
import type { OutputRecord } from './record.js';

/** RFC 5424 severities: critical → 2 (crit) … info → 6 (informational). Events are informational. */
const SYSLOG_SEVERITY: Record<Severity, number> = { critical: 2, high: 3, medium: 4, low: 5, info: 6 };

export interface SyslogHeader { facility: number; hostname: string; procId: number }

/** PRINTUSASCII only, at most `max` characters, `-` (the nil value) when nothing is left. */
const printable = (s: string, max: number) => s.replace(/[^\x21-\x7e]/g, '').slice(0, max) || '-';

/** The record class: the formatted record's OCSF `class_name` when it has one, else the record type. */
function msgIdOf(rec: OutputRecord, body: Record<string, unknown>): string {
  return printable(typeof body.class_name === 'string' ? body.class_name : rec.type, 32);
}

function timestampOf(rec: OutputRecord): string {
  const ts = rec.type === 'event' ? rec.event.ts : rec.change === 'new' ? rec.alert.ts : rec.alert.lastTs;
  const ms = Date.parse(ts);
  return new Date(Number.isNaN(ms) ? Date.now() : ms).toISOString();
}

export function syslogMessage(rec: OutputRecord, body: Record<string, unknown>, h: SyslogHeader): string {
  const severity = rec.type === 'alert' ? SYSLOG_SEVERITY[rec.alert.severity] ?? 5 : 6;
  const pri = h.facility * 8 + severity;
  return `<${pri}>1 ${timestampOf(rec)} ${printable(h.hostname, 255)} agentwatch ${h.procId} ${msgIdOf(rec, body)} - ${JSON.stringify(body)}`;
}

/** Octet-counting framing: the message's length in bytes, a space, the message. */
export const frame = (msg: string): string => `${Buffer.byteLength(msg)} ${msg}`;

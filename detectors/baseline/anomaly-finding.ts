// Deviations → one behavior-anomaly finding per event, whose reason names what deviated (and what
// else this session already did that was new), and whose key carries the items an ack folds in.
import path from 'node:path';
import type { Event } from '../../core/event.js';
import type { Finding } from '../detector.js';
import type { SessionTrace } from './model.js';
import { encodeAnomalyKey } from './allowance.js';
import { outsideExamples, type Deviation } from './score.js';

export const ANOMALY_RULE = 'behavior-anomaly';
const MAX_EVIDENCE = 20;
const MAX_PHRASES = 3;

/** The finding for this event's deviations, and the trace that remembers they were raised. */
export function raiseAnomaly(devs: Deviation[], trace: SessionTrace, event: Event, home: string): { finding: Finding; trace: SessionTrace } {
  const kinds = new Set([...trace.raisedKinds, ...devs.map((d) => d.kind)]);
  const fresh = new Set(devs.map((d) => d.kind));
  // Earlier deviations of other kinds: "…, in a session that also read 12 files outside the project (…)".
  const earlier: { text: string; items: string[] }[] = trace.context.filter((c) => !fresh.has(c.kind as Deviation['kind']));
  if (trace.raisedKinds.includes('outside-reads') && !fresh.has('outside-reads')) {
    earlier.unshift({ text: `read ${trace.outsidePaths.length} files outside the project (${outsideExamples(trace, home)})`, items: [`outside-reads:${trace.outsidePaths.length}`] });
  }
  const phrases = devs.slice(0, MAX_PHRASES).map((d) => d.phrase);
  if (devs.length > MAX_PHRASES) phrases.push(`and ${devs.length - MAX_PHRASES} more`);
  const lead = phrases.join('; ');
  const context = earlier.length > 0 ? `, in a session that also ${earlier.slice(0, MAX_PHRASES).map((e) => e.text).join(' and ')}` : '';
  const items = [...new Set([...devs.flatMap((d) => d.items), ...earlier.flatMap((e) => e.items)])];
  const evidence = [...trace.evidence.filter((id) => id !== event.id), event.id].slice(-MAX_EVIDENCE);
  const finding: Finding = {
    rule: ANOMALY_RULE,
    severity: severityOf(kinds),
    tactic: 'behavior-anomaly',
    title: `Unusual for ${trace.agent} in ${path.basename(trace.project) || trace.project}: ${devs.map((d) => d.kind).join(', ')}`,
    reason: `${lead.charAt(0).toUpperCase()}${lead.slice(1)}${context}.`,
    evidence,
    key: encodeAnomalyKey(trace.project, items),
    block: false,
  };
  const next: SessionTrace = {
    ...trace,
    anomalous: true,
    raised: [...trace.raised, ...devs.map((d) => d.id)].slice(-500),
    raisedKinds: [...kinds],
    context: [...trace.context, ...devs.filter((d) => d.context !== '').map((d) => ({ kind: d.kind, text: d.context, items: d.items }))].slice(-20),
    evidence,
  };
  return { finding, trace: next };
}

// A new program or an unseen order of actions alone is everyday variety in a young baseline (low);
// a new host, a new class of sensitive file, a new MCP tool or many reads outside the project is
// worth a look (medium); several of those together, or one with other oddities, is high.
const STRONG = new Set(['host', 'outside-reads', 'class', 'mcp']);
function severityOf(kinds: ReadonlySet<string>): 'low' | 'medium' | 'high' {
  const strong = [...kinds].filter((k) => STRONG.has(k)).length;
  if (strong === 0) return 'low';
  return kinds.size >= 2 ? 'high' : 'medium';
}

// Slow exfiltration: many small data-carrying calls (curl -d/-F/-T, wget --post-data, nc fed input,
// /dev/tcp) to one host that is neither local nor allowlisted. Each call is small enough to pass;
// together they move a file out piece by piece (ATT&CK T1030, data transfer size limits). From the
// threshold on, every further call is blockable.
import type { Detector, Finding } from '../detector.js';
import { isAllowedHost } from '../command/egress.js';
import { SEQUENCE_LIMITS, type SequenceLimits } from './limits.js';
import { msOf } from '../../core/time.js';
import { dataCallsOf } from './steps.js';
import { timedMemory, type Stamp } from './bounded.js';

/** Data-carrying egress calls (key = host), at most MAX_STAMPS. */
export interface DataCallMemory { dataCalls: Stamp[] }

export function createSlowExfil(limits: Partial<SequenceLimits> = {}): Detector<DataCallMemory> {
  const l = { ...SEQUENCE_LIMITS, ...limits };
  return {
    name: 'slow-exfiltration',
    judges: 'intent',
    memory: timedMemory('dataCalls', false, ({ event, facts }, now) => dataCallsOf(event, facts).map((c) => ({ key: c.host, eventId: event.id, t: now }))),
    evaluate({ event, facts, state, ctx }) {
      const calls = dataCallsOf(event, facts).filter((c) => !isAllowedHost(c.host, ctx.egressAllow));
      if (calls.length === 0) return [];
      const now = msOf(event.ts);
      const out: Finding[] = [];
      for (const host of new Set(calls.map((c) => c.host))) {
        const before = state.dataCalls.filter((s) => s.key === host && now - s.t <= l.dataCallsWindowMin * 60_000);
        const total = before.length + calls.filter((c) => c.host === host).length;
        if (total < l.dataCalls) continue;
        const tools = [...new Set(calls.filter((c) => c.host === host).map((c) => c.tool))].join('/');
        out.push({
          rule: 'slow-exfiltration', severity: 'high', tactic: 'exfiltration', technique: 'T1030',
          title: `${total} data uploads to ${host} within ${l.dataCallsWindowMin} minutes`,
          reason: `The agent has sent data to ${host} ${total} times within ${l.dataCallsWindowMin} minutes (this time with ${tools}), a host that is neither local nor allowlisted: small pieces can add up to a whole file.`,
          evidence: [...new Set([...before.map((s) => s.eventId), event.id])], key: host, block: true,
        });
      }
      return out;
    },
  };
}

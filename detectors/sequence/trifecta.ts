// The lethal trifecta: untrusted content came in (a web page, a search, an MCP result, curl output),
// then a secret was read, and now data goes out. Any one is routine; in that order they are how a
// prompt injection steals credentials.
import type { Detector } from '../detector.js';
import { isAllowedHost, isLocalHost } from '../command/egress.js';

export const trifecta: Detector = {
  name: 'lethal-trifecta',
  evaluate({ event, facts, session, ctx }) {
    const e = facts.egress.find((x) => !isLocalHost(x.host) && !isAllowedHost(x.host, ctx.egressAllow));
    if (e === undefined) return [];
    // The two first legs: remembered, or the read happens in this very command (`cat key | curl …`).
    const intake = session.untrusted;
    const read = session.trifecta?.read ?? (intake ? facts.secrets[0] : undefined);
    const first = session.trifecta?.intake ?? intake;
    if (first === undefined || read === undefined) return [];
    return [{
      rule: 'lethal-trifecta', severity: 'critical', tactic: 'exfiltration', technique: 'T1048',
      title: `Untrusted input, secret read, then egress to ${e.host}`,
      reason: `After ${first.what} the session read ${read.path} (${read.label}) and now sends data with ${e.tool} to ${e.host}, the pattern of a prompt injection stealing a secret.`,
      evidence: [...new Set([first.eventId, read.eventId, event.id])], key: e.host.toLowerCase(), block: true,
    }];
  },
};

// The lethal trifecta: untrusted content came in (a web page, a search, an MCP result, curl output),
// then a secret was read, and now data goes out. Any one is routine; in that order they are how a
// prompt injection steals credentials.
import type { Detector } from '../detector.js';
import type { SecretRead } from '../facts.js';
import { isAllowedHost, isLocalHost } from '../command/egress.js';
import { intakeOf, type Intake } from './steps.js';
import { egressAfterSecret } from './egress-after-secret.js';

export interface TrifectaMemory {
  /** The latest untrusted input (WebFetch, WebSearch, MCP result, curl to stdout): one entry. */
  untrusted?: Intake;
  /** The first untrusted input → secret read pair: two legs of the lethal trifecta. */
  trifecta?: { intake: Intake; read: SecretRead };
}

export const trifecta: Detector<TrifectaMemory> = {
  name: 'lethal-trifecta',
  judges: 'intent',
  memory: {
    initial: () => ({}),
    update({ event, facts, state }) {
      const untrusted = intakeOf(event, facts) ?? state.untrusted;
      const read = facts.secrets[0];
      const pair = state.trifecta ?? (untrusted && read && untrusted.eventId !== event.id ? { intake: untrusted, read } : undefined);
      if (untrusted === state.untrusted && pair === state.trifecta) return state;
      return { ...(untrusted ? { untrusted } : {}), ...(pair ? { trifecta: pair } : {}) };
    },
  },
  evaluate({ event, facts, state, ctx, session }) {
    const remote = facts.egress.filter((x) => !isLocalHost(x.host) && !isAllowedHost(x.host, ctx.egressAllow));
    if (remote.length === 0) return [];
    // The two first legs: remembered, or the read happens in this very command (`cat key | curl …`).
    const intake = state.untrusted;
    const read = state.trifecta?.read ?? (intake ? facts.secrets[0] : undefined);
    const first = state.trifecta?.intake ?? intake;
    if (first === undefined || read === undefined) return [];
    // A read in this command goes with it: nothing to weigh. One before it: whether this call can carry it (or what
    // the call reads itself, which it names).
    const sameCommand = state.trifecta === undefined;
    const after = sameCommand ? undefined : egressAfterSecret(event, facts, remote, [read, ...facts.secrets], session.secretTokens);
    const e = sameCommand ? remote[0]! : after!.to[0];
    if (e === undefined) return [];
    const speculative = after?.speculative === true;
    return [{
      rule: 'lethal-trifecta', severity: speculative ? 'medium' : 'critical', tactic: 'exfiltration', technique: 'T1048',
      title: `Untrusted input, secret read, then egress to ${e.host}`,
      reason: `After ${first.what} the session read ${read.path} (${read.label}) and now sends data with ${e.tool} to ${e.host}, the pattern of a prompt injection stealing a secret.`,
      evidence: [...new Set([first.eventId, read.eventId, event.id])], key: e.host.toLowerCase(), block: !speculative,
    }];
  },
};

// Whether a network call after a secret read can carry the secret out, and how surely. Shared by
// egress-after-secret-read (rules/exfiltration.ts) and the lethal trifecta: both judge a call made after
// the read, which names no secret itself.
import type { Event } from '../../core/event.js';
import type { EventFacts, SecretRead } from '../facts.js';
import type { SecretToken } from '../session-state.js';
import { isAllowedHost, type Egress } from '../command/egress.js';
import { KNOWN_CODE_HOSTS } from '../command/known-hosts.js';
import { SECRET_FILES } from '../catalog.js';
import { dataCallsOf } from './steps.js';
import { vendorTokenHomes } from '../rules/token-egress.js';

/** Secret classes the catalog rates low: a project's .env, a shell history. */
const LOW_CLASSES: ReadonlySet<string> = new Set(SECRET_FILES.filter((c) => c.severity === 'low').map((c) => c.id));

export interface EgressAfterSecret {
  /** The calls that can carry it. */
  to: Egress[];
  /** A secret read earlier whose path the command names. */
  named?: SecretRead;
  /** …or a distinctive word of a secret's content the command carries. */
  token?: SecretToken;
  /**
   * Nothing ties the call to the secret: it sends no body (or only one typed on the line), upload or secret text,
   * and every secret read is of a low class (a project's .env, a history). Looking up docs after reading the
   * settings is everyday: worth a look, not a stop.
   */
  speculative: boolean;
}

/**
 * What of `remote` (the event's calls to hosts neither local nor allowlisted) can carry `reads` out. `sameLine`:
 * secrets the command itself reads without sending them (read-flow.ts), which it names by reading them.
 */
export function egressAfterSecret(event: Event, facts: EventFacts, remote: readonly Egress[], reads: readonly SecretRead[], tokens: readonly SecretToken[], sameLine: readonly SecretRead[] = []): EgressAfterSecret {
  const command = event.command ?? '';
  const named = reads.find((r) => command.includes(r.path) || command.includes(r.abs));
  const token = named ? undefined : tokens.find((k) => command.includes(k.token));
  const calls = dataCallsOf(event, facts);
  const dataTo = new Set(calls.map((c) => c.host));
  const sendsData = (r: Egress) => r.publishes === true || dataTo.has(r.host.toLowerCase());
  // A body typed on the line (`-d '{"text":"deploy done"}'`) holds no file or variable: after a low-class read it is
  // weighed as a call with no body. The secret's own words typed into it are `token`'s to find.
  const fedTo = new Set(calls.filter((c) => c.literal !== true).map((c) => c.host));
  const feedsData = (r: Egress) => r.publishes === true || fedTo.has(r.host.toLowerCase());
  // A download from a code host or registry (a release, a README, a package's metadata) sends only its URL, which
  // carries the secret only as its text; a vendor's API called with the vendor's key from the environment
  // (`curl -H "x-api-key: $ANTHROPIC_API_KEY" https://api.anthropic.com/…`) is the key used where it belongs.
  const plain = named === undefined && token === undefined;
  const vendorHome = plain ? vendorTokenHomes(event.command) : () => false;
  const to = remote.filter((r) => !plain || (!vendorHome(r.host) && (sendsData(r) || !isAllowedHost(r.host, KNOWN_CODE_HOSTS))));
  const speculative = !named && !token && !to.some(feedsData) && [...reads, ...sameLine].every((s) => LOW_CLASSES.has(s.classId));
  return { to, ...(named ? { named } : {}), ...(token ? { token } : {}), speculative };
}

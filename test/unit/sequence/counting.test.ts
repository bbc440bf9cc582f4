import { describe, expect, it } from 'vitest';
import type { Event } from '../../../core/event.js';
import { factsOf } from '../../../detectors/facts.js';
import { advanceSession, newSessionState } from '../../../detectors/session-state.js';
import { createCountingDetectors } from '../../../detectors/sequence/counting.js';
import { SEQUENCE_LIMITS } from '../../../detectors/sequence/limits.js';
import { allOf, at, bash, CTX, expectOneSentence, lastOf, only, read, rules } from './replay.js';

const hosts = (n: number, from = 0) => Array.from({ length: n }, (_, i) => bash(`curl -s https://h${from + i}.example/x -o /dev/null`));

describe('many-egress-hosts', () => {
  it('5 distinct remote hosts within 10 minutes (the default)', () => {
    at(0);
    const events = hosts(5);
    const f = only(lastOf(events), 'many-egress-hosts');
    expect(f).toMatchObject({ severity: 'medium', tactic: 'command-and-control', technique: 'T1071', block: false, key: 'window' });
    expect(f.evidence).toEqual(events.map((e) => e.id));
    expectOneSentence(f.reason, '5 distinct remote hosts', '10 minutes', 'h0.example', 'h4.example');
    expect(SEQUENCE_LIMITS.egressHosts).toBe(5);
  });

  it('a sixth new host fires again (merged by key), a repeat host does not', () => {
    at(0);
    const r = [...hosts(6), bash('curl https://h0.example/y')];
    const per = r.map((_, i) => rules(lastOf(r.slice(0, i + 1))).includes('many-egress-hosts'));
    expect(per).toEqual([false, false, false, false, true, true, false]);
  });

  it.each([
    ['4 hosts', () => { at(0); return hosts(4); }],
    ['5 hosts spread over more than 10 minutes', () => { at(0); const a = hosts(2); at(11); return [...a, ...hosts(3, 2)]; }],
    ['allowlisted and local hosts do not count', () => { at(0); return [...hosts(3), bash('curl https://registry.npmjs.org/x'), bash('curl https://api.github.com/x'), bash('curl http://localhost:3000')]; }],
  ])('near miss: %s', (_name, events) => {
    expect(rules(lastOf(events()))).not.toContain('many-egress-hosts');
  });
});

describe('mass-deletion', () => {
  it('20 single-file deletes within 5 minutes', () => {
    at(0);
    const events = Array.from({ length: 10 }, (_, i) => bash(`rm src/a${i}.ts src/b${i}.ts`));
    const f = only(lastOf(events), 'mass-deletion');
    expect(f).toMatchObject({ severity: 'high', tactic: 'impact', technique: 'T1485', block: false });
    expect(f.evidence).toHaveLength(10);
    expectOneSentence(f.reason, '20 files', '5 minutes', '~/proj/src/a9.ts');
  });

  it('recursive deletes of real folders count as many files', () => {
    at(0);
    expect(rules(lastOf([bash('rm -rf src'), bash('rm -rf lib'), bash('rm -rf docs'), bash('rm -rf test')]))).toContain('mass-deletion');
  });

  it('a file.delete event counts too, and thresholds are configurable', () => {
    const [det] = [createCountingDetectors({ deletions: 2 })[1]!];
    const del = (p: string): Event => ({ id: p, ts: '2026-01-01T00:00:00.000Z', source: 'file', kind: 'file.delete', agent: { kind: 'claude-code' }, sessionId: 's', path: p });
    const e1 = del('/home/dev/proj/a');
    const s0 = newSessionState(e1);
    const m1 = det.memory!.update({ event: e1, facts: factsOf(e1, CTX), session: s0, state: det.memory!.initial(), ctx: CTX });
    const s1 = advanceSession(s0, e1, factsOf(e1, CTX));
    const e2 = del('/home/dev/proj/b');
    expect(det.evaluate({ event: e2, facts: factsOf(e2, CTX), session: s1, state: m1, ctx: CTX }).map((f) => f.rule)).toEqual(['mass-deletion']);
  });

  it.each([
    ['19 files', () => { at(0); return Array.from({ length: 19 }, (_, i) => bash(`rm f${i}`)); }],
    ['20 files over more than 5 minutes', () => { at(0); const a = Array.from({ length: 10 }, (_, i) => bash(`rm f${i}`)); at(6); return [...a, ...Array.from({ length: 10 }, (_, i) => bash(`rm g${i}`))]; }],
    ['rebuilding: rm -rf node_modules dist repeatedly', () => { at(0); return Array.from({ length: 4 }, () => bash('rm -rf node_modules dist build .cache')); }],
  ])('near miss: %s', (_name, events) => {
    expect(rules(lastOf(events()))).not.toContain('mass-deletion');
  });
});

describe('many-secret-reads', () => {
  const secrets = ['/home/dev/.aws/credentials', '/home/dev/.ssh/id_rsa', '/home/dev/.kube/config', '/home/dev/.npmrc', '/home/dev/.docker/config.json'];

  it('5 different credential files within 5 minutes', () => {
    at(0);
    const events = secrets.map((p) => read(p));
    const f = only(lastOf(events), 'many-secret-reads');
    expect(f).toMatchObject({ severity: 'high', tactic: 'credential-access', technique: 'T1552.001', block: false });
    expect(f.evidence).toEqual(events.map((e) => e.id));
    expectOneSentence(f.reason, '5 different credential files', '~/.aws/credentials', '~/.docker/config.json');
  });

  it('one command reading them all', () => {
    expect(rules(lastOf([bash(`tar czf /tmp/k.tgz ${secrets.join(' ')}`)]))).toContain('many-secret-reads');
  });

  it.each([
    ['the same secret five times', () => { at(0); return Array.from({ length: 5 }, () => read('/home/dev/.aws/credentials')); }],
    ['4 different ones', () => { at(0); return secrets.slice(0, 4).map((p) => read(p)); }],
    ['5 over more than 5 minutes', () => { at(0); const a = secrets.slice(0, 2).map((p) => read(p)); at(6); return [...a, ...secrets.slice(2).map((p) => read(p))]; }],
  ])('near miss: %s', (_name, events) => {
    expect(allOf(events(), 'many-secret-reads')).toEqual([]);
  });
});

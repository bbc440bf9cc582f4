// Pure scoring: first-seen executables, hosts and path classes, volume and rate deviations, each
// said once per session, and the finding that names them.
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../core/event.js';
import { factsOf } from '../../../detectors/facts.js';
import { scoreEvent, type Deviation } from '../../../detectors/baseline/score.js';
import { raiseAnomaly } from '../../../detectors/baseline/anomaly-finding.js';
import { newModel, newTrace, type BaselineModel, type SessionTrace } from '../../../detectors/baseline/model.js';
import { EMPTY_ALLOWANCE, allowItems, type Allowance } from '../../../detectors/baseline/allowance.js';
import { defaultBaselineConfig } from '../../../detectors/baseline/config.js';
import { CTX } from './memory-store.js';
import { PROJECT } from './synthetic-sessions.js';

const cfg = defaultBaselineConfig();
let n = 0;
const ev = (extra: Partial<Event>, secs = n): Event => ({
  id: `e${++n}`, ts: new Date(Date.UTC(2026, 1, 1, 10, 0, secs)).toISOString(), source: 'hook', kind: 'tool.call',
  agent: { kind: 'claude-code' }, sessionId: 's1', cwd: PROJECT, ...extra,
});
const bash = (command: string, secs?: number) => ev({ command, tool: { name: 'Bash', input: { command } } }, secs);
const read = (path: string) => ev({ kind: 'file.read', path, tool: { name: 'Read', input: { file_path: path } } });

const base: BaselineModel = {
  ...newModel('claude-code', PROJECT, '2026-01-01T00:00:00Z'), sessions: 240,
  tokens: { EXEC_GIT: 240, READ_PROJECT: 240, EXEC_NET_TOOL: 100, NET_EGRESS_KNOWN_HOST: 100, READ_OUTSIDE_PROJECT: 50, EXEC_FILE_UTIL: 200 },
  items: { 'exe:git': 240, 'exe:curl': 100, 'host:registry.npmjs.org': 100, 'exe:cat': 200 },
  minuteRates: [3, 4, 5, 4, 6, 5, 4], outsideReads: [0, 1, 0, 2, 1, 0, 1],
};

function run(events: Event[], opts: { model?: BaselineModel; allow?: Allowance; learning?: boolean } = {}) {
  let trace: SessionTrace = newTrace('s1', 'claude-code', PROJECT, events[0]!.ts);
  const all: Deviation[][] = [];
  for (const event of events) {
    const r = scoreEvent({ event, facts: factsOf(event, CTX), home: CTX.home, model: opts.model ?? base, allow: opts.allow ?? EMPTY_ALLOWANCE,
      trace, learning: opts.learning ?? false, cfg: { ...cfg, ngram: { ...cfg.ngram, mismatches: 1000, frame: 1000 } } });
    trace = r.trace;
    if (r.deviations.length > 0) trace = raiseAnomaly(r.deviations, trace, event, CTX.home).trace;
    all.push(r.deviations);
  }
  return { all, trace };
}
const ids = (ds: Deviation[]) => ds.map((d) => d.id);

describe('novelty', () => {
  it('a first connection to a host names the host and the session count', () => {
    const [d] = run([bash('curl -s http://10.9.8.7:8080/x')]).all;
    expect(ids(d!)).toEqual(['host:10.9.8.7']);
    expect(d![0]!.phrase).toBe(`first connection from claude-code to 10.9.8.7 after 240 sessions in ${PROJECT}`);
  });

  it('a known host and known tools are no news', () => {
    expect(run([bash('git log'), bash('curl -s https://registry.npmjs.org/zod')]).all.flat()).toEqual([]);
  });

  it('a new executable, a new secret class and a new kind of action', () => {
    const { all } = run([bash('nmap -sS 10.0.0.0/24'), read('/home/dev/.aws/credentials'), bash('rm -rf /tmp/cache')]);
    expect(all.map(ids)).toEqual([['exe:nmap'], ['class:aws'], ['exe:rm', 'tok:DELETE_RECURSIVE']]);
    expect(all[1]![0]!.phrase).toBe(`first access by claude-code to aws files after 240 sessions in ${PROJECT}`);
  });

  it('each novelty is said once per session', () => {
    const { all } = run([bash('curl http://10.9.8.7/a'), bash('curl http://10.9.8.7/b')]);
    expect(all.map(ids)).toEqual([['host:10.9.8.7'], []]);
  });

  it('nothing while learning', () => {
    expect(run([bash('nmap 10.0.0.1'), bash('curl http://10.9.8.7/a')], { learning: true }).all.flat()).toEqual([]);
  });

  it('acknowledged items are no news', () => {
    const allow = allowItems(EMPTY_ALLOWANCE, ['host:10.9.8.7', 'exe:nmap']);
    expect(run([bash('curl http://10.9.8.7/a'), bash('nmap 10.0.0.1')], { allow }).all.flat()).toEqual([]);
  });
});

describe('volume and rate', () => {
  it('reading many files outside the project, once past median + 6·MAD', () => {
    const files = Array.from({ length: 9 }, (_, i) => read(`/etc/conf-${i}`));
    const { all } = run(files);
    const at = all.findIndex((d) => d.length > 0);
    expect(at).toBe(7); // 8 reads > 1 + 6·1
    expect(all[at]![0]!.phrase).toMatch(/^this claude-code session read 8 files outside \/home\/dev\/proj \(\/etc\/conf-5, \/etc\/conf-6, \/etc\/conf-7 …\), where its sessions there usually read 1$/);
    expect(all.slice(at + 1).flat()).toEqual([]);
    expect(run(files, { allow: allowItems(EMPTY_ALLOWANCE, ['outside-reads:9']) }).all.flat()).toEqual([]);
  });

  it('a burst of events in one minute, against the median per-minute rate', () => {
    const burst = Array.from({ length: 45 }, (_, i) => bash('git status', i));
    const { all } = run(burst);
    const d = all.flat().find((x) => x.kind === 'rate')!;
    expect(d.phrase).toBe(`41 events in one minute from this claude-code session, where its sessions in ${PROJECT} usually have 4 (MAD 1)`);
  });
});

describe('the finding', () => {
  it('is medium for one kind, high when kinds coincide, and names the earlier deviations', () => {
    const files = Array.from({ length: 8 }, (_, i) => read(`/etc/conf-${i}`));
    let trace = newTrace('s1', 'claude-code', PROJECT, files[0]!.ts);
    const findings = [];
    for (const event of [...files, bash('curl -s http://10.9.8.7:8080/x')]) {
      const r = scoreEvent({ event, facts: factsOf(event, CTX), home: CTX.home, model: base, allow: EMPTY_ALLOWANCE, trace, learning: false, cfg });
      trace = r.trace;
      if (r.deviations.length === 0) continue;
      const raised = raiseAnomaly(r.deviations, trace, event, CTX.home);
      trace = raised.trace;
      findings.push(raised.finding);
    }
    expect(findings.map((f) => f.severity)).toEqual(['medium', 'high']);
    expect(findings[1]!.reason).toMatch(/^First connection from claude-code to 10\.9\.8\.7 after 240 sessions in \/home\/dev\/proj.*, in a session that also read 8 files outside the project \(/);
    expect(findings[1]!).toMatchObject({ rule: 'behavior-anomaly', tactic: 'behavior-anomaly', block: false });
    expect(findings[1]!.evidence).toHaveLength(2);
  });
});

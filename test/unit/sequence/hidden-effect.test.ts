// Effects a hooked session's tool calls (or its MCP servers) cause on the OS, judged against what the call
// announced: a background dev server is no hook bypass, but one that reads a credential and connects out is
// still caught, as that call's effect.
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../core/event.js';
import type { Finding } from '../../../detectors/detector.js';
import { factsOf } from '../../../detectors/facts.js';
import { DetectorSet } from '../../../detectors/detector-set.js';
import { createSequenceDetectors } from '../../../detectors/sequence/index.js';
import { CTX, HOME, WORKSPACE, expectOneSentence } from './replay.js';

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
let n = 0;
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const SID = 'sess-hidden';
const os = (kind: Event['kind'], s: number, extra: Partial<Event>): Event =>
  ({ id: `os-${++n}`, ts: at(s), source: kind === 'net.connect' ? 'network' : kind === 'exec' ? 'process' : 'file', kind,
    agent: { kind: 'claude-code' }, sessionId: SID, attribution: 'exact', pid: 700, cwd: WORKSPACE, ...extra });
const bash = (command: string, useId: string, s: number): Event =>
  ({ id: `hk-${++n}`, ts: at(s), source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, sessionId: SID, cwd: WORKSPACE,
    hookEvent: 'PreToolUse', command, tool: { name: 'Bash', input: { command }, useId } });
const done = (useId: string, s: number): Event =>
  ({ id: `hk-${++n}`, ts: at(s), source: 'hook', kind: 'tool.result', agent: { kind: 'claude-code' }, sessionId: SID, cwd: WORKSPACE,
    hookEvent: 'PostToolUse', tool: { name: 'Bash', input: {}, useId } });
const connect = (addr: string, s: number, extra: Partial<Event> = {}) => os('net.connect', s, { remote: { addr, port: 443 }, ...extra });
const readOs = (path: string, s: number, extra: Partial<Event> = {}) => os('file.read', s, { path, ...extra });

const fail = (name: string, err: unknown) => { throw new Error(`${name}: ${String(err)}`); };
/** Every sequence detector (hook-bypass and hidden-effect among them), as the pipeline runs them. */
function replay(events: Event[]): Finding[] {
  const set = new DetectorSet(createSequenceDetectors());
  return events.flatMap((e) => set.evaluate(e, factsOf(e, CTX), CTX, fail));
}
const BG = { toolUseId: 'toolu_bg' };
/** `npm run dev &` in a hooked session: the call, its server starting, the call's result. */
const devServer = (): Event[] => [bash('npm run dev &', 'toolu_bg', 1), os('exec', 1.2, { argv: ['node', 'server.js'], ...BG }), done('toolu_bg', 2)];

describe('hidden-effect: what a tool call left running does minutes later', () => {
  it('writes, connects and spawns under its call: no hook-bypass, no alert', () => {
    expect(replay([...devServer(),
      os('file.write', 300, { path: `${WORKSPACE}/.next/cache.json`, ...BG }), connect('203.0.113.5', 301, BG),
      os('exec', 302, { argv: ['node', 'worker.js'], ...BG })])).toEqual([]);
  });

  it('reads AWS credentials its command never named, then connects to an unknown host: high, as that call\'s effect', () => {
    const secret = readOs(`${HOME}/.aws/credentials`, 300, BG);
    const conn = connect('203.0.113.5', 301, BG);
    const found = replay([...devServer(), secret, conn]);
    expect(found.map((f) => f.rule)).toEqual(['hidden-secret-egress']);
    expect(found[0]).toMatchObject({ severity: 'high', tactic: 'exfiltration', evidence: [secret.id, conn.id] });
    expectOneSentence(found[0]!.reason, '`npm run dev &`', '~/.aws/credentials', '203.0.113.5:443', 'never named');
  });

  it('the same effects with no tool call and no MCP server behind them are a hook bypass', () => {
    const found = replay([...devServer(), readOs(`${HOME}/.aws/credentials`, 300), connect('203.0.113.5', 301)]);
    expect(found.map((f) => f.rule)).toEqual(['hook-bypass', 'hook-bypass']);
  });

  it('writes a shell rc file its command never named: hidden persistence', () => {
    const found = replay([...devServer(), os('file.write', 300, { path: `${HOME}/.bashrc`, ...BG })]);
    expect(found).toMatchObject([{ rule: 'hidden-persistence-write', severity: 'high', tactic: 'persistence', technique: 'T1546.004' }]);
  });

  it('near misses: an owner reading its own credential, a named path, the project\'s .env and TLS key, known and allowlisted hosts, a package manager\'s git hook', () => {
    const call = (cmd: string, id: string): Event[] => [bash(cmd, id, 1), done(id, 2)];
    expect(replay([...call('aws s3 ls', 'a'), readOs(`${HOME}/.aws/credentials`, 3, { toolUseId: 'a', exe: '/usr/bin/python3' }), connect('52.216.0.1', 4, { toolUseId: 'a' })])).toEqual([]);
    expect(replay([...call('npm install', 'b'), readOs(`${HOME}/.npmrc`, 3, { toolUseId: 'b', exe: '/usr/bin/node' }), connect('104.16.0.1', 4, { toolUseId: 'b' })])).toEqual([]);
    expect(replay([...call('python deploy.py --creds ~/.aws/credentials', 'c'), readOs(`${HOME}/.aws/credentials`, 3, { toolUseId: 'c' }), connect('203.0.113.5', 4, { toolUseId: 'c' })])).toEqual([]);
    expect(replay([...devServer(), readOs(`${WORKSPACE}/.env`, 300, BG), readOs(`${WORKSPACE}/certs/key.pem`, 300, BG), connect('203.0.113.5', 301, BG)])).toEqual([]);
    const toHost = (host: string) => connect('140.82.112.3', 301, { ...BG, remote: { addr: '140.82.112.3', port: 443, host } });
    expect(replay([...devServer(), readOs(`${HOME}/.aws/credentials`, 300, BG), toHost('api.github.com'), toHost('registry.npmjs.org')])).toEqual([]);
    expect(replay([...call('npm install', 'd'), os('file.write', 3, { path: `${WORKSPACE}/.git/hooks/pre-commit`, toolUseId: 'd' })])).toEqual([]);
  });

  it('an MCP server the agent started from its config: no hook-bypass for its activity; a hidden credential read and egress still alert', () => {
    const mcp = { mcpServer: 'files' };
    expect(replay([bash('ls', 'x', 1), connect('203.0.113.5', 300, mcp), os('exec', 301, { argv: ['node', 'index.js'], ...mcp })])).toEqual([]);
    const found = replay([bash('ls', 'x', 1), readOs(`${HOME}/.ssh/id_ed25519`, 300, mcp), connect('203.0.113.5', 301, mcp)]);
    expect(found.map((f) => f.rule)).toEqual(['hidden-secret-egress']);
    expectOneSentence(found[0]!.reason, 'MCP server files', '~/.ssh/id_ed25519');
  });

  it('a session with no hooks at all is not this detector\'s: its OS events are judged as its intent', () => {
    expect(replay([readOs(`${HOME}/.aws/credentials`, 300, BG), connect('203.0.113.5', 301, BG)]).map((f) => f.rule)).not.toContain('hidden-secret-egress');
  });
});

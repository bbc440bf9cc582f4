// Real processes that look like agents (a tiny node/python program installed as `claude`, `codex`,
// `gemini`, `aider`, `goose`, whose children carry the agents' env stamps) → `agentwatch agents --json`
// finds each with the right agent, pid, cwd, session ids and children; a real store on disk adds the
// session tied by cwd, whether hooks arrive, and a recent session whose process is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv } from '../helpers/run-cli.js';
import { cli, cliMain, openStream, rmHome, startDaemon } from '../helpers/daemon.js';
import { openDatabase } from '../../daemon/store/database.js';
import { EventStore } from '../../daemon/store/event-store.js';
import { stateFiles } from '../../daemon/state-dir.js';
import type { Event } from '../../core/event.js';
import pino from 'pino';
import { createAgentCollector } from '../../collectors/agents/agent-collector.js';
import { ownTable, ProcScanner } from '../../collectors/agents/proc-scan.js';
import { AgentsConfigSchema } from '../../collectors/agents/config.js';

// Spawns one child (`sleep 300`) with the env given in AGENT_CHILD_ENV, then idles until killed.
const FAKE_NODE = `#!/usr/bin/env node
const { spawn } = require('node:child_process');
const env = { ...process.env, ...JSON.parse(process.env.AGENT_CHILD_ENV || '{}') };
spawn('sleep', ['300'], { env, stdio: 'ignore' });
setInterval(() => {}, 1e6);
`;
const FAKE_PY = `#!/usr/bin/env python3
import os, subprocess, time
subprocess.Popen(['sleep', '300'])
time.sleep(300)
`;
const CLAUDE_SID = '0c0ffee0-1111-4222-8333-444455556666';
const CLAUDE2_SID = '0c0ffee0-9999-4222-8333-444455556666';
const CODEX_SID = '0199aaaa-bbbb-7ccc-8ddd-eeeeffff0000';
const GEMINI_SID = '72c210ee-9ede-4fd5-a2c7-c35134fb5a0b';
const SECRET = 'sk-ant-api03-CANARYcanaryCANARYcanary0123';

interface Row { live: boolean; agent: string; variant?: string; pid?: number; cwd?: string; sessionIds: string[]; children?: number; hooksInstalled?: boolean; hooksArriving: boolean; lastHookTs?: string; user?: string; startedAt?: string }

describe('agentwatch agents, real agent-like processes', () => {
  let root: string;
  let home: string;
  const procs: Record<string, ChildProcess> = {};
  const ws = (name: string) => path.join(root, 'ws', name);

  function start(name: string, bin: string, childEnv: Record<string, string> = {}, args = ['--fake']): ChildProcess {
    fs.mkdirSync(ws(name), { recursive: true });
    const child = spawn(path.join(root, 'bin', bin), args, {
      cwd: ws(name), stdio: 'ignore', detached: true,
      env: cleanEnv({ HOME: home, AGENT_CHILD_ENV: JSON.stringify(childEnv) }),
    });
    procs[name] = child;
    return child;
  }

  const agents = (extra: string[] = []): Row[] => {
    const r = spawnSync(process.execPath, [cliMain, 'agents', '--json', ...extra], { env: cleanEnv({ HOME: home }), encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
  };
  const rowOf = (rows: Row[], name: string) => rows.find((r) => r.pid === procs[name]!.pid);

  beforeAll(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aw-agents-')));
    home = path.join(root, 'home');
    fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
    for (const b of ['claude', 'codex', 'gemini', 'goose']) fs.writeFileSync(path.join(root, 'bin', b), FAKE_NODE, { mode: 0o755 });
    fs.writeFileSync(path.join(root, 'bin', 'aider'), FAKE_PY, { mode: 0o755 });
    // agentwatch's hooks are installed for Claude Code only.
    fs.mkdirSync(path.join(home, '.claude', 'sessions'), { recursive: true });
    fs.writeFileSync(path.join(home, '.claude', 'settings.json'), JSON.stringify({ hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'http', url: 'http://127.0.0.1:47474/v1/hooks/claude-code' }] }] } }));

    start('claude', 'claude', { CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: CLAUDE_SID });
    const quiet = start('claude2', 'claude'); // no stamped children: its session comes from ~/.claude/sessions/<pid>.json
    start('codex', 'codex', { CODEX_SESSION_ID: CODEX_SID, CODEX_TOOL_CALL_ID: 'call_1' });
    start('gemini', 'gemini', { GEMINI_CLI: '1' });
    start('aider', 'aider');
    start('goose', 'goose', {}, ['session', '--api-key', SECRET]);
    await new Promise((r) => setTimeout(r, 700)); // children spawned
    const procStart = fs.readFileSync(`/proc/${quiet.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19];
    fs.writeFileSync(path.join(home, '.claude', 'sessions', `${quiet.pid}.json`),
      JSON.stringify({ pid: quiet.pid, sessionId: CLAUDE2_SID, cwd: ws('claude2'), procStart, version: '2.1.197' }));

    // A real store: hook events of the Gemini session (tied by cwd) and of a Codex session long gone.
    const dbFile = stateFiles(path.join(home, '.local', 'state', 'agentwatch')).db;
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    const { db } = openDatabase(dbFile);
    const store = new EventStore(db, { batchSize: 100, flushMs: 10, onError: (e) => { throw e; } });
    const now = Date.now();
    const ev = (id: string, sessionId: string, agent: Event['agent']['kind'], cwd: string, ago: number): Event =>
      ({ id, ts: new Date(now - ago).toISOString(), source: 'hook', kind: 'tool.call', agent: { kind: agent }, sessionId, cwd } as Event);
    store.appendEvent(ev('g1', GEMINI_SID, 'gemini-cli', ws('gemini'), 0));
    store.appendEvent(ev('old1', 'gone-session-1', 'codex', '/somewhere/else', 5 * 60_000));
    store.flush();
    db.close();
  }, 30_000);

  afterAll(() => {
    for (const c of Object.values(procs)) { try { process.kill(-c.pid!, 'SIGKILL'); } catch { /* gone */ } }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists every agent with its pid, cwd, session ids and live children', () => {
    const rows = agents();
    expect(rowOf(rows, 'claude')).toMatchObject({ live: true, agent: 'claude-code', cwd: ws('claude'), sessionIds: [CLAUDE_SID], children: 1, hooksInstalled: true, user: 'root' });
    expect(rowOf(rows, 'claude2')).toMatchObject({ agent: 'claude-code', cwd: ws('claude2'), sessionIds: [CLAUDE2_SID], children: 1 });
    expect(rowOf(rows, 'codex')).toMatchObject({ agent: 'codex', variant: 'cli', cwd: ws('codex'), sessionIds: [CODEX_SID], children: 1, hooksInstalled: false, hooksArriving: false });
    expect(rowOf(rows, 'gemini')).toMatchObject({ agent: 'gemini-cli', cwd: ws('gemini'), sessionIds: [GEMINI_SID], children: 1, hooksArriving: true });
    expect(rowOf(rows, 'aider')).toMatchObject({ agent: 'aider', cwd: ws('aider'), children: 1, sessionIds: [] });
    expect(rowOf(rows, 'goose')).toMatchObject({ agent: 'goose', cwd: ws('goose'), children: 1 });
    expect(JSON.stringify(rows)).not.toContain(SECRET); // argv is redacted before it is printed
    expect((rowOf(rows, 'goose') as { argv?: string[] }).argv?.slice(2, 4)).toEqual(['session', '--api-key']);
    // start time within the test run
    expect(Date.parse(rowOf(rows, 'goose')!.startedAt!)).toBeGreaterThan(Date.now() - 120_000);
    // the session whose process is gone
    expect(rows.find((r) => r.sessionIds.includes('gone-session-1'))).toMatchObject({ live: false, agent: 'codex' });
    // the stamped sleep children are not agents themselves
    expect(rows.filter((r) => r.live && r.cwd?.startsWith(root)).length).toBe(6);
  });

  it('notices an agent that exits', () => {
    procs.goose!.kill('SIGKILL');
    spawnSync('sleep', ['0.3']);
    expect(rowOf(agents(), 'goose')).toBeUndefined();
  });

  it('the ps-list path (what macOS and Windows use) finds the same agents', () => {
    const rows = agents(['--ps-list']);
    expect(rowOf(rows, 'claude')).toMatchObject({ agent: 'claude-code', children: 1 });
    expect(rowOf(rows, 'codex')).toMatchObject({ agent: 'codex', children: 1 });
    expect(rowOf(rows, 'aider')).toMatchObject({ agent: 'aider' });
  });

  it('prints a readable table without --json', () => {
    const r = spawnSync(process.execPath, [cliMain, 'agents'], { env: cleanEnv({ HOME: home }), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^AGENT\s+VARIANT\s+PID/);
    expect(r.stdout).toMatch(new RegExp(`claude-code\\s+\\S+\\s+${procs.claude!.pid}\\s`));
    expect(r.stdout).toContain(CLAUDE_SID);
  });

  it('a bad --since is a one-line error', () => {
    const r = spawnSync(process.execPath, [cliMain, 'agents', '--since', 'yesterdayish'], { env: cleanEnv({ HOME: home }), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the agent collector in the daemon', () => {
  it('emits agent.start and agent.exit for an agent process of its user, and no alert for them', async () => {
    const daemon = await startDaemon({ config: { collectors: { kernel: { enabled: false }, agents: { intervalMs: 200, activeIntervalMs: 100 } } } });
    const bin = path.join(daemon.home, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'claude'), FAKE_NODE, { mode: 0o755 });
    const sid = '0c0ffee0-aaaa-4222-8333-444455556666';
    const events = () => cli(daemon, ['events', '--json']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
    const waitFor = async (pred: (e: Event) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const hit = events().find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 100));
      }
      return undefined;
    };
    const stream = await openStream(daemon, '?topics=agents');
    const agent = spawn(path.join(bin, 'claude'), ['-p', 'x', '--session-id', sid], {
      cwd: daemon.home, stdio: 'ignore', detached: true,
      env: cleanEnv({ HOME: daemon.home, AGENT_CHILD_ENV: JSON.stringify({ CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: sid }) }),
    });
    try {
      const started = await waitFor((e) => e.kind === 'agent.start' && e.pid === agent.pid);
      expect(started).toMatchObject({ source: 'process', agent: { kind: 'claude-code' }, sessionId: sid, cwd: daemon.home, procKey: expect.stringMatching(new RegExp(`^${agent.pid}:\\d+$`)) });
      expect(started!.argv).toEqual(['node', path.join(bin, 'claude'), '-p', 'x', '--session-id', sid]);
      // Consoles subscribed to `agents` hear of it too (SPEC: {"type":"agent","agent":…}).
      const msg = await stream.waitFor((m) => m.type === 'agent' && (m.agent as { pid?: number }).pid === agent.pid);
      expect(msg.agent).toMatchObject({ kind: 'claude-code', live: true, sessionId: sid, procKey: started!.procKey });
      process.kill(-agent.pid!, 'SIGKILL');
      const exited = await waitFor((e) => e.kind === 'agent.exit' && e.pid === agent.pid);
      expect(exited).toMatchObject({ agent: { kind: 'claude-code' }, procKey: started!.procKey });
      await stream.waitFor((m) => m.type === 'agent' && (m.agent as { pid?: number; live?: boolean }).pid === agent.pid && (m.agent as { live?: boolean }).live === false);
      // Exactly one start and one exit: only changes become events.
      expect(events().filter((e) => e.pid === agent.pid && e.kind.startsWith('agent.')).map((e) => e.kind)).toEqual(['agent.start', 'agent.exit']);
      const alerts = cli(daemon, ['alerts', '--json']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { evidence?: string[] });
      expect(alerts.filter((a) => a.evidence?.includes(started!.id) || a.evidence?.includes(exited!.id))).toEqual([]);
      const status = JSON.parse(cli(daemon, ['status', '--json']).stdout) as { collectors: Record<string, { ok: boolean; tier?: string }> };
      expect(status.collectors.agents).toMatchObject({ ok: true, tier: expect.stringContaining('/proc') });
    } finally {
      try { process.kill(-agent.pid!, 'SIGKILL'); } catch { /* gone */ }
      stream.close();
      await daemon.stop();
      rmHome(daemon.home);
    }
  }, 60_000);
});

describe('the agent collector on the ps-list path (what macOS and Windows run)', () => {
  it('emits agent.start and agent.exit from ps-list scans', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aw-agents-ps-')));
    fs.writeFileSync(path.join(dir, 'goose'), FAKE_NODE, { mode: 0o755 });
    const events: Event[] = [];
    let n = 0;
    const c = createAgentCollector(AgentsConfigSchema.parse({ intervalMs: 100, activeIntervalMs: 100 }), { psList: true });
    await c.start({ emit: (e) => events.push(e) }, {
      log: pino({ level: 'silent' }), home: dir, selfPid: process.pid, selfPaths: [], onHookActivity: () => {}, onWorkspace: () => {},
      newId: () => `t${++n}`, now: () => new Date().toISOString(),
    });
    const agent = spawn(path.join(dir, 'goose'), ['session'], { cwd: dir, stdio: 'ignore', detached: true, env: cleanEnv({ HOME: dir }) });
    const until = async (pred: () => boolean) => { for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 100)); };
    try {
      await until(() => events.some((e) => e.kind === 'agent.start' && e.pid === agent.pid));
      expect(events.find((e) => e.kind === 'agent.start' && e.pid === agent.pid)).toMatchObject({ agent: { kind: 'goose' }, procKey: expect.stringMatching(new RegExp(`^${agent.pid}:\\d+$`)) });
      expect(c.health()).toMatchObject({ ok: true, tier: expect.stringContaining('ps-list') });
      process.kill(-agent.pid!, 'SIGKILL');
      await until(() => events.some((e) => e.kind === 'agent.exit' && e.pid === agent.pid));
      expect(events.filter((e) => e.pid === agent.pid).map((e) => e.kind)).toEqual(['agent.start', 'agent.exit']);
    } finally {
      try { process.kill(-agent.pid!, 'SIGKILL'); } catch { /* gone */ }
      await c.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('incremental process scans', () => {
  it.each([
    ['/proc', () => new ProcScanner()],
    ['ps-list', () => new ProcScanner(ownTable({ psList: true }))],
  ] as const)('%s: a new process is reported once as started, then once as exited; identity is pid:starttime', async (_name, make) => {
    const scanner = make();
    await scanner.scan();
    const child = spawn('sleep', ['30'], { stdio: 'ignore', env: cleanEnv({ CODEX_SESSION_ID: 'scan-test-1', HOME: os.tmpdir() }) });
    await new Promise((r) => setTimeout(r, 200));
    const first = await scanner.scan();
    const mine = first.started.filter((p) => p.pid === child.pid);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ ppid: process.pid, argv: ['sleep', '30'], procKey: expect.stringMatching(new RegExp(`^${child.pid}:\\d+$`)) });
    if (_name === '/proc') expect(mine[0]!.stamp).toMatchObject({ agent: 'codex', sessionId: 'scan-test-1' });
    expect((await scanner.scan()).started.filter((p) => p.pid === child.pid)).toEqual([]); // unchanged: no news
    child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const gone = await scanner.scan();
    expect(gone.exited.map((p) => p.procKey)).toContain(mine[0]!.procKey);
    expect(gone.procs.some((p) => p.pid === child.pid)).toBe(false);
  });
});

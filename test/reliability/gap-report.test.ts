// Unwatched time shows: hook calls the shim could not deliver are counted (0600) and reported at the next
// contact, and a daemon killed with SIGKILL leaves a gap — last heartbeat → restart, with the sessions
// that ran meanwhile — that the next start reports.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, makeHome, openStream, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import type { Alert, Event } from '../../core/event.js';

const homes: string[] = [];
afterAll(() => { for (const h of homes) rmHome(h); });

const alerts = (d: { home: string }) => cli(d, ['alerts', '--json']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Alert);
const hook = (d: { home: string; stateDir: string }, agent: string, sessionId: string, extra: string[] = []) =>
  cli(d, ['hook', agent, '--state-dir', d.stateDir, ...extra], JSON.stringify({ hook_event_name: 'SessionStart', session_id: sessionId, cwd: d.home }));

async function poll<T>(probe: () => T | undefined, ms: number): Promise<T | undefined> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('gaps in watching are reported', () => {
  it('counts hook calls that could not reach a running daemon and reports them at the next heartbeat', async () => {
    const home = makeHome();
    homes.push(home);
    const d = await startDaemon({ home });
    try {
      const r = hook(d, 'codex', 'sess-missed-1', ['--port', '1', '--timeout-ms', '500']); // nothing listens on port 1
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('{}'); // failed open
      expect(r.stderr).toContain('allowing (fail open)');
      const missed = await poll(() => alerts(d).find((a) => a.rule === 'hooks-failed-open'), 10_000);
      expect(missed).toMatchObject({ severity: 'medium', tactic: 'defense-evasion', agent: { kind: 'codex' }, sessionId: 'sess-missed-1' });
      expect(missed!.reason).toMatch(/^1 codex hook call\(s\) between/);
      expect(fs.existsSync(path.join(d.stateDir, 'hook-misses.ndjson'))).toBe(false); // taken
    } finally { await d.stop(); }
  }, 60_000);

  it('reports a SIGKILL: the span from the last heartbeat to the restart, and the sessions that ran in it', async () => {
    const home = makeHome();
    homes.push(home);
    const first: TestDaemon = await startDaemon({ home });
    expect((await postHook(first, { session_id: 'sess-open-1', hook_event_name: 'UserPromptSubmit', cwd: home, prompt: 'hi' })).status).toBe(200);
    const beat = JSON.parse(fs.readFileSync(path.join(first.stateDir, 'heartbeat.json'), 'utf8')) as { pid: number; ts: string };
    expect(beat.pid).toBe(first.pid);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    // While no daemon runs: a new codex session's hook fails open and is counted.
    expect(hook(first, 'codex', 'sess-gap-1').code).toBe(0);
    const misses = path.join(first.stateDir, 'hook-misses.ndjson');
    expect((fs.statSync(misses).mode & 0o777).toString(8)).toBe('600');
    await new Promise((r) => setTimeout(r, 1000));
    const d = await startDaemon({ home });
    try {
      const killed = alerts(d).find((a) => a.rule === 'agentwatch-killed');
      expect(killed).toMatchObject({ severity: 'medium', tactic: 'defense-evasion' });
      expect(killed!.reason).toContain(`pid ${first.pid}`);
      expect(killed!.reason).toMatch(/from its last heartbeat at \S+ until this start \(\d+ s\), while 2 agent session\(s\) ran/);
      expect(killed!.reason).toContain('codex sess-gap-1');
      expect(killed!.reason).toContain('claude-code sess-open-1');
      const events = cli(d, ['events', '--json']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
      const gap = events.find((e) => e.kind === 'daemon.unclean-exit');
      const detail = gap!.detail as Record<string, unknown>;
      const lastBeat = Date.parse(detail.lastHeartbeat as string);
      expect(lastBeat).toBeGreaterThanOrEqual(Date.parse(beat.ts));
      expect(Date.parse(detail.restartedAt as string) - lastBeat).toBeGreaterThanOrEqual(1000);
      expect(detail.gapS).toBeGreaterThanOrEqual(1);
      expect(detail.sessionCount).toBe(2);
      expect(alerts(d).find((a) => a.rule === 'hooks-failed-open')?.sessionId).toBe('sess-gap-1');
    } finally { await d.stop(); }
  }, 90_000);

  it('reports no gap after a clean stop', async () => {
    const home = makeHome();
    homes.push(home);
    await (await startDaemon({ home })).stop();
    const d = await startDaemon({ home });
    try {
      expect(alerts(d).filter((a) => a.rule === 'agentwatch-killed' || a.rule === 'agentwatch-stopped')).toEqual([]);
      expect(fs.existsSync(path.join(d.stateDir, 'heartbeat.json'))).toBe(true);
    } finally { await d.stop(); }
    expect(fs.existsSync(path.join(d.stateDir, 'heartbeat.json'))).toBe(false);
  }, 60_000);

  it('raises agentwatch-stopped when a daemon a service manager started is stopped, seen live and kept', async () => {
    const home = makeHome();
    homes.push(home);
    const first = await startDaemon({ home, env: { INVOCATION_ID: 'test-invocation' } }); // as systemd starts it
    const stream = await openStream(first, '?topics=alerts');
    const stopped = stream.waitFor((m) => m.type === 'alert' && (m.alert as Alert).rule === 'agentwatch-stopped', 10_000);
    await first.stop();
    expect((await stopped).alert).toMatchObject({ severity: 'medium', tactic: 'defense-evasion', reason: expect.stringContaining('started by systemd, was stopped by SIGTERM') });
    stream.close();
    const d = await startDaemon({ home });
    try {
      expect(alerts(d).filter((a) => a.rule === 'agentwatch-stopped')).toHaveLength(1);
      expect(alerts(d).filter((a) => a.rule === 'agentwatch-killed')).toEqual([]);
    } finally { await d.stop(); }
  }, 60_000);
});

// Baselines through the running daemon and the CLI, as a user meets them: learn from ordinary Claude
// Code sessions, flag a session that does something new by name, and stop flagging it after
// `agentwatch alerts ack ID --this-was-me --scope project`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { anomalousSteps, benignSteps, HOME, PROJECT } from '../unit/baseline/synthetic-sessions.js';
import type { Alert } from '../../core/event.js';

async function session(d: TestDaemon, id: string, steps: Record<string, unknown>[]): Promise<void> {
  const all = [{ hook_event_name: 'SessionStart', source: 'startup' }, ...steps, { hook_event_name: 'SessionEnd', reason: 'exit' }];
  for (const p of all) {
    const r = await postHook(d, { session_id: id, transcript_path: `${HOME}/.claude/projects/x/${id}.jsonl`, cwd: PROJECT, ...p });
    expect(r.status).toBe(200);
  }
}

const anomalies = (d: TestDaemon, sid: string) => {
  const out = cli(d, ['alerts', '--json', '--session', sid]).stdout.trim();
  return out === '' ? [] : out.split('\n').map((l) => JSON.parse(l) as Alert).filter((a) => a.rule === 'behavior-anomaly');
};

describe('behavior-anomaly through the daemon', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startDaemon({ config: { detection: { baseline: { learning: { sessions: 6, minSessions: 6 }, saveEveryMs: 200 } } } });
  });
  afterAll(async () => { await d.stop(); rmHome(d.home); });

  it('names what was new after learning, and --this-was-me stops it recurring in that project', async () => {
    try { for (let i = 0; i < 8; i++) await session(d, `benign-${i}`, benignSteps(i)); } catch (err) { throw new Error(`${String(err)}; daemon output: ${d.output().slice(-3000)}`); }
    for (let i = 0; i < 8; i++) expect(anomalies(d, `benign-${i}`), `benign-${i}`).toEqual([]);

    await session(d, 'odd-1', anomalousSteps('10.9.8.7'));
    await new Promise((r) => setTimeout(r, 300));
    const raised = anomalies(d, 'odd-1');
    expect(raised.length).toBeGreaterThan(0);
    const reasons = raised.map((a) => a.reason).join(' | ');
    expect(reasons).toMatch(/First connection from claude-code to 10\.9\.8\.7 after \d+ sessions in \/home\/dev\/proj/);
    expect(reasons).toMatch(/files outside the project/);
    expect(raised[0]).toMatchObject({ tactic: 'behavior-anomaly', sessionId: 'odd-1', agent: { kind: 'claude-code' } });

    for (const a of raised) {
      const r = cli(d, ['alerts', 'ack', a.id, '--this-was-me', '--scope', 'project']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/acknowledged/);
    }
    await new Promise((r) => setTimeout(r, 600)); // the engine picks acknowledgements up on its timer

    await session(d, 'odd-2', anomalousSteps('10.9.8.7'));
    await new Promise((r) => setTimeout(r, 300));
    expect(anomalies(d, 'odd-2')).toEqual([]);

    // Only what was acknowledged is now normal: a host never seen before still stands out.
    await session(d, 'odd-3', anomalousSteps('10.66.5.4'));
    await new Promise((r) => setTimeout(r, 300));
    expect(anomalies(d, 'odd-3').map((a) => a.reason).join(' ')).toMatch(/10\.66\.5\.4/);
  });

  it('refuses to ack an unknown alert id with one line', () => {
    const r = cli(d, ['alerts', 'ack', 'no-such-alert', '--this-was-me']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^agentwatch: no alert with id no-such-alert$/);
  });
});

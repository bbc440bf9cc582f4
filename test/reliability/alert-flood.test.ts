// An alert flood from any local process: 2,000 hook posts, each a secret read under a new session id.
// The real daemon answers every one of them as its policy says (the decision is never capped), but keeps
// at most the per-minute cap of new alerts and folds the rest into one alert-flood summary per minute;
// health and `agentwatch status` say how many were folded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import type { Alert } from '../../core/event.js';

const POSTS = 2000;
const PER_MINUTE = 120;

describe('alert flood caps (real daemon)', () => {
  let d: TestDaemon;
  // A generous decision budget: on a busy test machine a late verdict would (rightly) let a call proceed.
  beforeAll(async () => { d = await startDaemon({ config: { policy: { mode: 'enforce', decisionBudgetMs: 60_000, rules: { 'secret-read': 'deny' } } } }); });
  afterAll(async () => { await d.stop(); rmHome(d.home); });

  it('2,000 secret reads with new session ids: every one denied, at most the cap stored, the rest in summaries', async () => {
    const read = (i: number) => ({
      session_id: `flood-${i}`, transcript_path: '/tmp/t.jsonl', cwd: d.home, hook_event_name: 'PreToolUse',
      tool_name: 'Read', tool_input: { file_path: `${d.home}/.aws/credentials` }, tool_use_id: `t${i}`,
    });
    let denied = 0;
    for (let i = 0; i < POSTS; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => postHook(d, read(i + j))));
      for (const r of batch) {
        expect(r.status).toBe(200);
        if ((r.json as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision === 'deny') denied++;
      }
    }
    expect(denied).toBe(POSTS); // the answer to the agent is never what the cap folds

    await new Promise((r) => setTimeout(r, 300)); // the store's batch timer
    const alerts = cli(d, ['alerts', '--json', '--limit', '10000']).stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Alert);
    const reads = alerts.filter((a) => a.rule === 'secret-read');
    const floods = alerts.filter((a) => a.rule === 'alert-flood');
    // The posts may straddle a minute boundary: at most the cap per minute, one summary per minute that folded any.
    const minute = (ts: string) => Math.floor(Date.parse(ts) / 60_000);
    const perMinute = new Map<number, number>();
    for (const a of reads) perMinute.set(minute(a.ts), (perMinute.get(minute(a.ts)) ?? 0) + 1);
    expect(perMinute.size).toBeLessThanOrEqual(2);
    for (const n of perMinute.values()) expect(n).toBeLessThanOrEqual(PER_MINUTE);
    expect(floods.length).toBeGreaterThanOrEqual(1);
    expect(new Set(floods.map((a) => minute(a.ts))).size).toBe(floods.length);
    const folded = floods.reduce((n, a) => n + a.count, 0);
    expect(reads.length + folded).toBe(POSTS);
    expect(floods[0]!.reason).toMatch(/new alert\(s\) in the minute from .* were over the cap \(30 per session, 120 in all per minute\)/);
    expect(floods[0]!.reason).toContain('Rules: secret-read ×');
    expect(floods[0]!.reason).toMatch(/flood-\d+ ×1/);

    const health = await (await fetch(d.url('/v1/health'))).json() as { status: string; components: Record<string, { status: string; reason?: string; suppressed?: number }> };
    expect(health.components.alerts).toMatchObject({ status: 'degraded', suppressed: folded });
    expect(health.components.alerts!.reason).toMatch(/^alert flood: \d+ new alert\(s\) over the cap/);
    const status = cli(d, ['status']).stdout;
    expect(status).toMatch(new RegExp(`alerts: .*suppressed ${folded}\\b`));
  });
});

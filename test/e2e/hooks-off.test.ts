// The real Claude Code CLI with agentwatch's hooks NOT installed (and every hook disabled): the OS
// collectors still see its Bash step, the environment stamp CLAUDE_CODE_SESSION_ID ties the exec and the
// connection to Claude's own session_id, and the missing hooks raise a hook-bypass alert.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { runClaude } from '../helpers/claude-cli.js';
import { createTestHost, netnsSkipReason, startSink, type TestHost } from '../helpers/netns.js';
import { cli, rmHome, startDaemon } from '../helpers/daemon.js';
import type { Alert, Event } from '../../core/event.js';
import { KernelConfigSchema } from '../../collectors/kernel/config.js';
import { kernelTierUnavailable } from '../../collectors/kernel/kernel-collector.js';

// The agent's curl lives a few milliseconds and no hook precedes it: only the kernel tier sees such a
// process for sure (a poller sees it only by luck), so this needs root and bpftrace.
const skip = kernelTierUnavailable(KernelConfigSchema.parse({})) ?? netnsSkipReason();

function stored<T>(d: { home: string }, what: 'events' | 'alerts', sid: string): T[] {
  const r = cli(d, [what, '--json', '--session', sid]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

describe('Claude Code with its hooks off', () => {
  it.skipIf(!!skip)(`its Bash curl is still seen, attributed to its session, and flagged as a hook bypass${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aw-e2e-nohooks-')));
    const ws = path.join(home, 'project');
    fs.mkdirSync(ws);
    fs.mkdirSync(path.join(home, '.claude'));
    fs.writeFileSync(path.join(home, '.claude', 'settings.json'), JSON.stringify({ disableAllHooks: true }));
    const daemon = await startDaemon({ home, kernel: true });
    let host: TestHost | undefined;
    try {
      const health = (await (await fetch(daemon.url('/v1/health'))).json()) as { tier: { active: string } };
      host = await createTestHost('e2enohook', 234);
      const sink = await startSink(host, 8080);
      // A 5 ms shell and curl, gone before the daemon could read their /proc/<pid>/environ on a loaded machine:
      // the kernel tier reads their session stamp from the execve itself (collectors/kernel/program.ts).
      const command = `curl -s --max-time 5 ${sink.url}/ping`;
      const fake = await startFakeAnthropic([{ tool: 'Bash', input: { command, description: 'ping' } }, { text: 'Pinged.' }]);
      try {
        const run = await runClaude({ home, cwd: ws, baseUrl: fake.url, prompt: 'ping the server' });
        expect(run.code, run.stderr).toBe(0);
        expect(fake.toolResults()[0]?.content).toContain('ok');
        const sid = run.result!.session_id;
        let events: Event[] = [];
        let alerts: Alert[] = [];
        const wantConnect = health.tier.active === 'kernel'; // a poller may miss a connection this short
        for (let i = 0; i < 40; i++) {
          events = stored<Event>(daemon, 'events', sid);
          alerts = stored<Alert>(daemon, 'alerts', sid);
          const seen = events.some((e) => e.kind === 'exec' && e.argv?.[0]?.endsWith('curl'))
            && (!wantConnect || events.some((e) => e.kind === 'net.connect')) && alerts.some((a) => a.rule === 'hook-bypass');
          if (seen) break;
          await new Promise((r) => setTimeout(r, 250));
        }
        expect(events.filter((e) => e.source === 'hook')).toEqual([]); // the hooks really were off
        const curl = events.find((e) => e.kind === 'exec' && e.argv?.[0]?.endsWith('curl'));
        expect(curl, JSON.stringify(events.map((e) => [e.kind, e.attribution, e.argv?.slice(0, 3)]))).toMatchObject({ sessionId: sid, agent: { kind: 'claude-code' }, attribution: 'exact' });
        if (wantConnect) {
          expect(events.find((e) => e.kind === 'net.connect' && e.remote?.addr === host!.nsAddr)).toMatchObject({ sessionId: sid, attribution: 'exact', pid: curl!.pid });
        }
        const bypass = alerts.find((a) => a.rule === 'hook-bypass');
        expect(bypass).toMatchObject({ sessionId: sid, tactic: 'defense-evasion', technique: 'T1562.001' });
        expect(bypass!.reason).toContain(sid);
        expect(bypass!.evidence).toContain(curl!.id);
        // The human listing shows how each effect was attributed.
        expect(cli(daemon, ['events', '--session', sid]).stdout).toMatch(/process\/exact\s+exec/);
      } finally {
        await fake.close();
        await sink.stop();
      }
    } finally {
      await host?.destroy();
      await daemon.stop();
      rmHome(home);
    }
  });
});

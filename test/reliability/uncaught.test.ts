// An error nothing catches inside the daemon (a component's timer that throws, a promise nobody awaits) is
// a bug: it is recorded — a log line and a health counter — and the daemon keeps running and answering.
// There is no real way to make a component throw on demand, so AGENTWATCH_TEST_FAULT (tests only,
// daemon/lifecycle/fault-steps.ts) injects each kind once.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';

interface ProcessHealth { status: string; reason?: string; uncaughtErrors: number; unhandledRejections: number }

async function processHealth(d: TestDaemon): Promise<ProcessHealth> {
  const h = (await (await fetch(d.url('/v1/health'))).json()) as { components: { process: ProcessHealth } };
  return h.components.process;
}

describe('an uncaught error inside the daemon', () => {
  for (const [fault, counter] of [['timer', 'uncaughtErrors'], ['rejection', 'unhandledRejections']] as const) {
    it(`${fault}: recorded in health and the log, the daemon keeps answering hooks`, async () => {
      const d = await startDaemon({ env: { AGENTWATCH_TEST_FAULT: fault } });
      try {
        let p = await processHealth(d);
        for (let i = 0; i < 100 && p[counter] === 0; i++) { await new Promise((r) => setTimeout(r, 100)); p = await processHealth(d); }
        expect(p).toMatchObject({ status: 'degraded', [counter]: 1, reason: expect.stringContaining('injected fault') });
        const r = await postHook(d, { session_id: 'after-fault', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' } });
        expect(r.status).toBe(200);
        expect(d.child.exitCode).toBeNull();
        expect(fs.readFileSync(path.join(d.stateDir, 'agentwatch.log'), 'utf8')).toMatch(/uncaught error \(a bug\).*injected fault|injected fault.*uncaught error \(a bug\)/);
        expect(await d.stop()).toBe(0);
      } finally {
        if (d.child.exitCode === null) d.child.kill('SIGKILL');
        rmHome(d.home);
      }
    });
  }
});

// The real daemon's threads: the main thread (hooks are answered there) keeps its priority, every other
// (V8's compiler and GC, libuv's pool) runs at nice 19, so it yields to the agent and to the main thread.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';

/** Field 19 of /proc/<pid>/task/<tid>/stat, after the command name (which may hold spaces). */
const niceOf = (pid: number, tid: string) => {
  const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};

describe.runIf(process.platform === 'linux')('the daemon\'s background threads', () => {
  let d: TestDaemon;
  beforeAll(async () => { d = await startDaemon(); });
  afterAll(async () => { await d.stop(); rmHome(d.home); });

  it('run at the lowest priority, the main thread at its own', async () => {
    const own = niceOf(process.pid, String(process.pid));
    const tids = fs.readdirSync(`/proc/${d.pid}/task`);
    expect(tids.length).toBeGreaterThan(1);
    const others = tids.filter((t) => Number(t) !== d.pid);
    expect(niceOf(d.pid, String(d.pid))).toBe(own);
    expect(others.map((t) => niceOf(d.pid, t))).toEqual(others.map(() => 19));
    const health = (await (await fetch(d.url('/v1/health'))).json()) as { components: { threads: { lowered: number; nice: number } } };
    expect(health.components.threads).toMatchObject({ nice: 19 });
    expect(health.components.threads.lowered).toBeGreaterThanOrEqual(others.length);
    expect(cli(d, ['status']).stdout).toMatch(/threads: ok/);
  });
});

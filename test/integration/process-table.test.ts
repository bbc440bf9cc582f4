// One process table shared by the poll tier and the agent collector: the poll tier's scans serve the agent
// collector, which scans nothing of its own while they are fresh enough; both see a new process.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import pino from 'pino';
import type { Event } from '../../core/event.js';
import type { CollectorContext } from '../../collectors/collector.js';
import { PollConfigSchema } from '../../collectors/poll/config.js';
import { createProcessPollCollector } from '../../collectors/poll/process-poll-collector.js';
import { AgentsConfigSchema } from '../../collectors/agents/config.js';
import { createAgentCollector } from '../../collectors/agents/agent-collector.js';
import { ProcessTable } from '../../collectors/proc/process-table.js';
import { tableReader } from '../../daemon/attribution/proc-info.js';
import { waitFor } from '../helpers/wait-for.js';

let n = 0;
const ctx: CollectorContext = {
  log: pino({ level: 'silent' }), home: '/nonexistent', selfPid: -1, selfPaths: [],
  onHookActivity: () => {}, onWorkspace: () => {}, newId: () => `t-${++n}`, now: () => new Date().toISOString(),
};
const stops: (() => Promise<void>)[] = [];
afterEach(async () => { for (const s of stops.splice(0)) await s(); });

describe.skipIf(process.platform !== 'linux')('the shared process table', () => {
  it('scans at the poll tier\'s pace; the agent collector takes those scans; attribution reads the same records', async () => {
    const table = new ProcessTable();
    const events: Event[] = [];
    const poll = createProcessPollCollector(PollConfigSchema.parse({ process: { intervalMs: 50 } }), table);
    await poll.start({ emit: (e) => events.push(e) }, ctx);
    stops.push(() => poll.stop());
    // The agent collector alone would scan every 100 ms; beside a 50 ms poll tier it never needs to.
    const agents = createAgentCollector(AgentsConfigSchema.parse({ intervalMs: 100, activeIntervalMs: 100 }), { table });
    await agents.start({ emit: () => {} }, ctx);
    stops.push(() => agents.stop());
    const scansAtStart = table.scans;
    const started = Date.now();
    const child = spawn('sleep', ['5'], { stdio: 'ignore' });
    stops.push(async () => { child.kill('SIGKILL'); });
    const exec = await waitFor(() => events.find((e) => e.kind === 'exec' && e.pid === child.pid), 5000, 'the exec of sleep');
    expect(exec).toMatchObject({ argv: ['sleep', '5'] });
    await new Promise((r) => setTimeout(r, 600));
    // At most one scan per poll period (plus slack for timers firing together), not one more per agent look.
    expect(table.scans - scansAtStart).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 50) + 3);
    expect(agents.health()).toMatchObject({ ok: true });
    // Attribution's lookups are the table's records.
    const rec = tableReader(table).process(child.pid!);
    expect(rec).toBe(table.get(exec!.procKey!));
  });
});

describe.skipIf(process.platform !== 'linux')('a pid looked up on every hook', () => {
  it('is read through a kept-open stat file on /proc: a process that exits is gone, not its last stat', async () => {
    const table = new ProcessTable();
    const child = spawn('sleep', ['30']);
    const pid = child.pid!;
    try {
      const first = table.byPid(pid);
      expect(first).toMatchObject({ pid, comm: 'sleep' });
      for (let i = 0; i < 5; i++) expect(table.byPid(pid)).toBe(first); // the same process: the same record
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited; // reaped: its pid is free
      expect(table.byPid(pid)).toBeUndefined();
    } finally {
      child.kill('SIGKILL');
    }
  });
});

// The lifecycle as a user meets it: a taken port fails first and fast, a collector that cannot start is
// `failed` (with its reason) in /v1/health and `agentwatch status`, and a live MCP scan run beside a
// daemon raises its alerts through the daemon, so they reach the stream.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliMain, makeHome, openStream, rmHome, startDaemon } from '../helpers/daemon.js';
import { runCli } from '../helpers/run-cli.js';
import { fixture } from '../fixtures/mcp-servers/scan-helpers.js';

describe('daemon start-up steps', () => {
  it('a second daemon on a taken port fails in under 1 s, in one line naming the port', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    const home = makeHome();
    try {
      // The real default: the kernel tier on (bpftrace attaches in seconds when it can); the port comes first.
      const config = path.join(home, 'config.json');
      fs.writeFileSync(config, JSON.stringify({ collectors: { kernel: { enabled: true } } }));
      const r = await runCli({ name: 'daemon', bin: process.execPath, args: [cliMain, 'daemon', '--port', String(port), '--config', config, '--state-dir', path.join(home, 'state')], cwd: home, env: { HOME: home }, timeoutMs: 20_000 });
      console.log(`second daemon on taken port ${port}: exited ${r.code} after ${r.ms} ms`);
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`port ${port}`);
      expect(fs.existsSync(path.join(home, 'state', 'daemon.json'))).toBe(false);
      // It failed at the port step, before anything slow (detectors, collectors, bpftrace) was started;
      // how long that takes is printed above and measured by bench/startup.ts.
      const log = fs.readFileSync(path.join(home, 'state', 'agentwatch.log'), 'utf8');
      expect(log).toContain('start-up step failed: port');
      expect(log).not.toMatch(/started: (pipeline|collectors)/);
    } finally {
      taken.close();
      rmHome(home);
    }
  });

  it('a collector that fails to start is failed in /v1/health and `status`, with the reason; the daemon is degraded', async () => {
    // The kernel tier forced on with a bpftrace that is not there: it fails, the poll tier runs instead.
    const d = await startDaemon({ config: { collectors: { kernel: { enabled: true, bpftracePath: '/nonexistent/bpftrace' } } } });
    try {
      type State = { ok: boolean; status: string; reason?: string };
      const health = (await (await fetch(d.url('/v1/health'))).json()) as State & { collectors: Record<string, State>; components: Record<string, State> };
      expect(health.collectors['kernel-tier']).toMatchObject({ ok: false, status: 'failed', reason: expect.stringMatching(/bpftrace not found|needs root/) });
      expect(health.collectors['process-poll']).toMatchObject({ ok: true, status: 'ok' });
      expect(health).toMatchObject({ status: 'degraded', ok: true });
      expect(health.components).toMatchObject({ store: { status: 'ok' }, server: { status: 'ok' }, stream: { status: 'ok' }, rules: { status: 'ok' }, queue: { status: 'ok' } });
      const out = cli(d, ['status']).stdout;
      expect(out).toContain('status: degraded');
      expect(out).toMatch(/kernel-tier: failed \((bpftrace not found|kernel tier needs root)/);
      expect(JSON.parse(cli(d, ['status', '--json']).stdout)).toMatchObject({ status: 'degraded', collectors: { 'kernel-tier': { status: 'failed' } } });
    } finally {
      await d.stop();
      rmHome(d.home);
    }
  });
});

describe('one alert path for the live MCP scan', () => {
  it('`agentwatch mcp --scan` beside a running daemon: its alerts reach the stream and the store', async () => {
    const d = await startDaemon({ config: { mcp: { watch: false } } });
    try {
      fs.mkdirSync(path.join(d.home, '.cursor'));
      fs.writeFileSync(path.join(d.home, '.cursor', 'mcp.json'), JSON.stringify({ mcpServers: { poisoned: { command: process.execPath, args: [fixture('poisoned-server.mjs')] } } }));
      const stream = await openStream(d, '?topics=alerts');
      const scan = await runCli({ name: 'scan', bin: process.execPath, args: [cliMain, 'mcp', '--scan', '--allow-unapproved', '--json', '--state-dir', d.stateDir], cwd: d.home, env: { HOME: d.home }, timeoutMs: 30_000 });
      expect(scan.code, scan.stderr).toBe(0);
      const live = await stream.waitFor((m) => m.type === 'alert' && (m.alert as { rule: string }).rule === 'mcp-tool-poisoning', 10_000);
      expect(live.alert).toMatchObject({ severity: 'high', agent: { kind: 'cursor' }, count: 1 });
      stream.close();
      await new Promise((r) => setTimeout(r, 200)); // the daemon's store batch
      const stored = cli(d, ['alerts', '--json']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; rule: string });
      expect(stored.find((a) => a.rule === 'mcp-tool-poisoning')?.id).toBe((live.alert as { id: string }).id);
    } finally {
      await d.stop();
      rmHome(d.home);
    }
  });
});

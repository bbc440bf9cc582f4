// An agent IT adds in a catalog file of its own (config `collectors.agents.catalogFiles`), with no code:
// `agentwatch agents` lists its running process like any shipped agent, and a child it stamped is tied
// to its session by the daemon's attribution.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/run-cli.js';
import { cliMain, makeHome, rmHome, startDaemon, waitForEvents, type TestDaemon } from '../helpers/daemon.js';

const linux = process.platform === 'linux';

const CATALOG = `agents:
  - kind: zeta-agent
    label: Zeta Agent
    commands: [zeta]
    variants:
      - id: zeta-cli
        variant: cli
        label: Zeta Agent CLI
        match: [{program: ^zeta$}]
    configFiles: [~/.zeta/config.json]
    envStamps: [ZETA_SESSION]
    sessionEnv: ZETA_SESSION
`;

describe.skipIf(!linux)('an agent added in a configured catalog file', () => {
  let home: string;
  let config: string;
  let agent: ChildProcess;
  let daemon: TestDaemon;

  beforeAll(async () => {
    home = makeHome('aw-zeta-');
    fs.writeFileSync(path.join(home, 'zeta.yaml'), CATALOG);
    config = path.join(home, 'config.json');
    fs.writeFileSync(config, JSON.stringify({ collectors: { agents: { catalogFiles: [path.join(home, 'zeta.yaml')] } } }));
    // The "agent": a node script named zeta that keeps a child it stamped with its session running.
    const bin = path.join(home, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'zeta'), `#!${process.execPath}
require('node:child_process').spawn('sleep', ['30'], { env: { ...process.env, ZETA_SESSION: 'zeta-s1' }, stdio: 'ignore' });
setTimeout(() => {}, 30000);
`, { mode: 0o755 });
    daemon = await startDaemon({ home, config: { collectors: { agents: { catalogFiles: [path.join(home, 'zeta.yaml')] }, poll: { process: { intervalMs: 50 } } } } });
    // Run as the daemon's user would: the daemon watches the agents of its own HOME.
    agent = spawn(path.join(bin, 'zeta'), [], { cwd: home, env: cleanEnv({ HOME: home }), stdio: 'ignore', detached: true });
  });

  afterAll(async () => {
    try { process.kill(-agent.pid!, 'SIGKILL'); } catch { /* gone */ }
    await daemon?.stop();
    rmHome(home);
  });

  it('`agentwatch agents` lists it, and the daemon ties its stamped child to its session', async () => {
    let rows: { agent: string; pid: number; live: boolean }[] = [];
    for (let i = 0; i < 20 && !rows.some((r) => r.agent === 'zeta-agent'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      const r = spawnSync(process.execPath, [cliMain, 'agents', '--json', '--config', config], { env: cleanEnv({ HOME: home }), encoding: 'utf8', timeout: 30_000 });
      expect(r.status, r.stderr).toBe(0);
      rows = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { agent: string; pid: number; live: boolean });
    }
    expect(rows.find((r) => r.agent === 'zeta-agent')).toMatchObject({ live: true, pid: agent.pid });
    const evs = await waitForEvents(daemon, 'zeta-s1', (e) => e.some((x) => x.kind === 'exec'));
    expect(evs.find((e) => e.kind === 'exec')).toMatchObject({ agent: { kind: 'zeta-agent' }, sessionId: 'zeta-s1', attribution: 'exact' });
  });
});

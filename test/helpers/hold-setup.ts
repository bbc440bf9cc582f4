// The setting of the hold tests with the real Claude Code: an "installer" server whose script writes the
// marker its URL names (so a test sees whether a held `curl … | sh` ran), and an enforce-mode daemon that
// holds `download-piped-to-shell` (45 s, fallback deny) with Claude Code's hooks installed for it.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { cli, startDaemon, type TestDaemon } from './daemon.js';
import type { Alert } from '../../core/event.js';

export interface HoldSetup { home: string; ws: string; d: TestDaemon; scriptUrl: string; close(): Promise<void> }

export async function startHoldSetup(prefix: string): Promise<HoldSetup> {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const ws = path.join(home, 'project');
  fs.mkdirSync(ws);
  const scripts = http.createServer((req, res) => {
    const marker = new URL(req.url ?? '/', 'http://x').searchParams.get('marker') ?? '/dev/null';
    res.end(`echo ran > '${marker}'\n`);
  });
  await new Promise<void>((r) => scripts.listen(0, '127.0.0.1', r));
  const scriptUrl = `http://127.0.0.1:${(scripts.address() as AddressInfo).port}/install.sh`;
  const d = await startDaemon({ home, args: ['--mode', 'enforce'], config: { policy: { mode: 'enforce', rules: { 'download-piped-to-shell': 'hold' }, hold: { timeoutS: 45, fallback: 'deny' } } } });
  // Install reads the daemon's config: the hold makes the PreToolUse hook's timeout 60 s.
  const inst = cli(d, ['install', '--user', '--agents', 'claude-code', '--port', String(d.port), '--config', path.join(home, 'agentwatch-config.json')]);
  if (inst.code !== 0) throw new Error(`install failed: ${inst.stderr}`);
  return { home, ws, d, scriptUrl, close: () => new Promise((r) => scripts.close(() => r())) };
}

/** The download-piped-to-shell alert of a session, as `agentwatch alerts --json` gives it. */
export function heldAlertOf(d: TestDaemon, sid: string): Alert | undefined {
  return cli(d, ['alerts', '--json', '--session', sid]).stdout.split('\n').filter(Boolean)
    .map((l) => JSON.parse(l) as Alert).find((a) => a.rule === 'download-piped-to-shell');
}

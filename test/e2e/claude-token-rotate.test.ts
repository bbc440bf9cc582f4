// `agentwatch token rotate` while a real Claude Code session runs, from inside it (the session's own Bash
// call runs it): Claude Code re-reads settings.json when it changes, so its next hooks carry the secret
// rotate wrote there, and the grace period covers the ones already on their way (the PostToolUse of the
// very call that rotated). Not one hook is refused, no event is lost, and the daemon is not restarted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { runClaude } from '../helpers/claude-cli.js';
import { cli, cliMain, rmHome, startDaemon } from '../helpers/daemon.js';
import type { Event } from '../../core/event.js';

describe('token rotate during a Claude Code session', () => {
  it('every hook after the rotation is accepted; settings.json holds the new secret', async () => {
    const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aw-e2e-rot-')));
    const ws = path.join(home, 'project');
    fs.mkdirSync(ws);
    const daemon = await startDaemon({ home });
    try {
      expect(cli(daemon, ['install', '--agents', 'claude-code', '--port', String(daemon.port)]).code).toBe(0);
      const settings = path.join(home, '.claude', 'settings.json');
      const before = fs.readFileSync(settings, 'utf8');
      const rotate = `'${process.execPath}' '${cliMain}' token rotate`;
      const fake = await startFakeAnthropic([
        { tool: 'Bash', input: { command: rotate, description: 'rotate' } },
        { tool: 'Bash', input: { command: 'echo after-rotate', description: 'after' } },
        { text: 'Done.' },
      ]);
      try {
        const run = await runClaude({ home, cwd: ws, baseUrl: fake.url, prompt: 'rotate the token' });
        expect(run.code, run.stderr).toBe(0);
        expect(fake.toolResults()[0]?.content).toMatch(/claude-code: secret-rewritten/);
        const sid = run.result!.session_id;
        await new Promise((r) => setTimeout(r, 300)); // let the last batch commit
        const events = cli(daemon, ['events', '--json', '--session', sid]).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
        const hooks = events.filter((e) => e.source === 'hook').map((e) => `${e.hookEvent} ${e.command ?? ''}`.trim());
        expect(hooks).toEqual(expect.arrayContaining([`PreToolUse ${rotate}`, `PostToolUse ${rotate}`, 'PreToolUse echo after-rotate', 'PostToolUse echo after-rotate', 'SessionEnd']));
        const health = await (await fetch(daemon.url('/v1/health'))).json() as { components: Record<string, { refused: object }> };
        expect(health.components['hook-auth']!.refused).toEqual({ noSecret: 0, wrongSecret: 0 });
        const secret = fs.readFileSync(path.join(daemon.stateDir, 'hook-secret'), 'utf8').trim();
        expect(fs.readFileSync(settings, 'utf8')).toContain(secret);
        expect(before).not.toContain(secret);
        expect(daemon.child.exitCode).toBeNull();
      } finally { await fake.close(); }
    } finally { await daemon.stop(); rmHome(home); }
  });
});

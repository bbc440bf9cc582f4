// IT's rollout with the real Claude Code CLI: `agentwatch install --system` writes the managed drop-in into
// the real /etc/claude-code/managed-settings.d/ (root only), the developer's own settings say
// `disableAllHooks: true` and hold no agentwatch hook, and the session's hooks still reach the daemon.
// Everything under /etc that install may touch is backed up first and put back exactly in afterAll.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { runClaude } from '../helpers/claude-cli.js';
import { cli, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import type { Event } from '../../core/event.js';

const skip = process.getuid?.() !== 0 ? 'needs root: it writes /etc/claude-code/managed-settings.d' : undefined;

// What `install --system` writes on a real machine, and so what must be as it was afterwards.
const SYSTEM_PATHS = ['/etc/claude-code', '/etc/agentwatch', '/etc/systemd/system/agentwatch.service'];

/** Saves each path (or notes its absence, and the first missing ancestor) so restore() puts it back exactly. */
function backup(paths: string[]): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-etc-backup-'));
  const saved = paths.map((p, i) => {
    if (fs.existsSync(p)) {
      fs.cpSync(p, path.join(dir, String(i)), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
      return { p, copy: path.join(dir, String(i)) };
    }
    let top = p;
    while (!fs.existsSync(path.dirname(top))) top = path.dirname(top);
    return { p, top };
  });
  return () => {
    for (const s of saved) {
      if ('copy' in s) { fs.rmSync(s.p, { recursive: true, force: true }); fs.cpSync(s.copy!, s.p, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true }); }
      else fs.rmSync(s.top!, { recursive: true, force: true });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

let restore: (() => void) | undefined;
let daemon: TestDaemon | undefined;
afterAll(async () => {
  try { if (daemon) cli(daemon, ['uninstall', '--system', '--root', '/', '--state-dir', daemon.stateDir, '--port', String(daemon.port)]); } finally {
    restore?.();
    await daemon?.stop();
    if (daemon) rmHome(daemon.home);
  }
});

describe('Claude Code with only the managed drop-in install --system wrote', () => {
  it.skipIf(!!skip)(`its hooks reach the daemon although the user's settings say disableAllHooks${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    restore = backup(SYSTEM_PATHS);
    const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aw-e2e-managed-')));
    const ws = path.join(home, 'project');
    fs.mkdirSync(ws);
    fs.mkdirSync(path.join(home, '.claude'));
    const userSettings = path.join(home, '.claude', 'settings.json');
    fs.writeFileSync(userSettings, JSON.stringify({ disableAllHooks: true }));
    daemon = await startDaemon({ home });

    // `--root /`: the real files, but never the real service (this machine's systemd, if it runs one, is left alone)
    const inst = cli(daemon, ['install', '--system', '--root', '/', '--agents', 'claude-code', '--state-dir', daemon.stateDir, '--port', String(daemon.port)]);
    expect(inst.code, inst.stderr).toBe(0);
    const dropIn = JSON.parse(fs.readFileSync('/etc/claude-code/managed-settings.d/agentwatch.json', 'utf8')) as { allowManagedHooksOnly?: boolean };
    expect(dropIn.allowManagedHooksOnly).toBe(true);
    expect(fs.readFileSync(userSettings, 'utf8')).not.toContain('agentwatch'); // the user level has no hook of ours

    const fake = await startFakeAnthropic([{ tool: 'Bash', input: { command: 'echo managed-hooks-ran', description: 'echo' } }, { text: 'Done.' }]);
    try {
      const run = await runClaude({ home, cwd: ws, baseUrl: fake.url, prompt: 'say something' });
      expect(run.code, run.stderr).toBe(0);
      const sid = run.result!.session_id;
      let hooks: Event[] = [];
      for (let i = 0; i < 40 && !hooks.some((e) => e.hookEvent === 'PostToolUse'); i++) {
        const r = cli(daemon, ['events', '--json', '--session', sid]);
        hooks = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event).filter((e) => e.source === 'hook');
        await new Promise((res) => setTimeout(res, 250));
      }
      const names = hooks.map((e) => e.hookEvent);
      expect(names).toEqual(expect.arrayContaining(['UserPromptSubmit', 'PreToolUse', 'PostToolUse']));
      expect(hooks.find((e) => e.hookEvent === 'PreToolUse')?.command).toBe('echo managed-hooks-ran');
      // SessionStart goes through the command hook: the system copy of the secret, the port given
      expect(names).toContain('SessionStart');
    } finally {
      await fake.close();
    }

    const un = cli(daemon, ['uninstall', '--system', '--root', '/', '--state-dir', daemon.stateDir, '--port', String(daemon.port)]);
    expect(un.code, un.stderr).toBe(0);
    expect(fs.existsSync('/etc/claude-code/managed-settings.d/agentwatch.json')).toBe(false);
  });
});

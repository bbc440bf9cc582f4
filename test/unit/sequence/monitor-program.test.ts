// The installed program is the daemon's own too (2026-12-06): the agents' command hooks run its main.js, so a
// file of it replaced or the package removed silences them. A development checkout (a git work tree) is not,
// where editing and building the source is an agent's work. A file system mounted over the state dir hides it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { installedProgramDir, monitorPaths } from '../../../daemon/monitor-paths.js';
import { CTX, HOME, at, bash, lastOf, write } from './replay.js';

const PACKAGE = '/usr/lib/node_modules/agentwatch';
const ctx = { ...CTX, monitor: { pid: 9911, paths: [`${HOME}/.local/state/agentwatch`, PACKAGE] } };
const tamper = (e: ReturnType<typeof bash>) => { at(0); return lastOf([e], ctx).find((f) => f.rule === 'agent-hook-tamper')?.severity; };

describe("the installed program, guarded as the daemon's own", () => {
  it.each([
    ['its main script replaced by a copy', `cp /bin/true ${PACKAGE}/dist/daemon/cli/main.js`],
    ['the package moved away', `sudo mv ${PACKAGE} /opt/aw.disabled`],
    ['its hook forwarder made unreadable', `chmod 000 ${PACKAGE}/dist`],
    ['a tmpfs mounted over the state dir', 'mount -t tmpfs -o size=1m none ~/.local/state/agentwatch'],
    ['a bind mount over the state dir', 'sudo mount --bind /var/tmp/empty /home/dev/.local/state/agentwatch'],
  ])('%s', (_name, command) => {
    expect(tamper(bash(command))).toBe('critical');
  });

  it('its script overwritten with the Write tool', () => {
    expect(tamper(write(`${PACKAGE}/dist/daemon/cli/main.js`, 'process.exit(0)\n'))).toBe('critical');
  });

  it.each([
    ['its version read', `cat ${PACKAGE}/package.json`],
    ['another global package removed', 'sudo rm -rf /usr/lib/node_modules/left-pad'],
    ['a tmpfs mounted elsewhere', 'mount -t tmpfs none /mnt/scratch'],
  ])('quiet: %s', (_name, command) => {
    expect(tamper(bash(command))).toBeUndefined();
  });
});

describe('which directory is the installed program', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });
  const packageWith = (git: boolean) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-pkg-'));
    dirs.push(root);
    fs.mkdirSync(path.join(root, 'dist', 'daemon'), { recursive: true });
    if (git) fs.mkdirSync(path.join(root, '.git'));
    return { root, module: pathToFileURL(path.join(root, 'dist', 'daemon', 'run-daemon.js')).href };
  };

  it('an installed package is guarded with the state dir and config', () => {
    const { root, module } = packageWith(false);
    expect(installedProgramDir(module)).toBe(root);
    expect(monitorPaths('/s', ['/c.json', undefined], module)).toEqual(['/s', '/c.json', root]);
  });

  it('a development checkout is not', () => {
    const { module } = packageWith(true);
    expect(installedProgramDir(module)).toBeUndefined();
    expect(monitorPaths('/s', [], module)).toEqual(['/s']);
  });
});

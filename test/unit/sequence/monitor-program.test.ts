// The installed program is the daemon's own too (2026-12-06): the agents' command hooks run its main.js, so a
// file of it replaced or the package removed silences them. A development checkout (a git work tree) is not,
// where editing and building the source is an agent's work. A file system mounted over the state dir hides it.
// And the daemon's API driven by the agent it watches (forged hook posts, its stream, its token): written after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { installedProgramDir, monitorPaths } from '../../../daemon/monitor-paths.js';
import { CTX, HOME, at, bash, lastOf, write } from './replay.js';

const PACKAGE = '/usr/lib/node_modules/agentwatch';
const ctx = { ...CTX, monitor: { pid: 9911, port: 51999, paths: [`${HOME}/.local/state/agentwatch`, PACKAGE, '/etc/agentwatch/hook-secret'] } };
const tamper = (e: ReturnType<typeof bash>) => { at(0); return lastOf([e], ctx).find((f) => f.rule === 'agent-hook-tamper')?.severity; };

describe("the installed program, guarded as the daemon's own", () => {
  it.each([
    ['its main script replaced by a copy', `cp /bin/true ${PACKAGE}/dist/daemon/main.js`],
    ['the package moved away', `sudo mv ${PACKAGE} /opt/aw.disabled`],
    ['its hook forwarder made unreadable', `chmod 000 ${PACKAGE}/dist`],
    ['a tmpfs mounted over the state dir', 'mount -t tmpfs -o size=1m none ~/.local/state/agentwatch'],
    ['a bind mount over the state dir', 'sudo mount --bind /var/tmp/empty /home/dev/.local/state/agentwatch'],
  ])('%s', (_name, command) => {
    expect(tamper(bash(command))).toBe('critical');
  });

  it('its script overwritten with the Write tool', () => {
    expect(tamper(write(`${PACKAGE}/dist/daemon/main.js`, 'process.exit(0)\n'))).toBe('critical');
  });

  it.each([
    ['its version read', `cat ${PACKAGE}/package.json`],
    ['another global package removed', 'sudo rm -rf /usr/lib/node_modules/left-pad'],
    ['a tmpfs mounted elsewhere', 'mount -t tmpfs none /mnt/scratch'],
  ])('quiet: %s', (_name, command) => {
    expect(tamper(bash(command))).toBeUndefined();
  });
});

describe("the daemon's API called by the agent it watches", () => {
  const called = (command: string) => { at(0); return lastOf([bash(command)], ctx).some((f) => f.rule === 'monitor-api-called'); };
  it.each([
    ['a hook event posted from Python', `python3 -c "import urllib.request as u; u.urlopen('http://localhost:51999/v1/hooks/codex', b'{}')"`],
    ['raw bytes to its port', 'printf \'POST /v1/hooks/gemini-cli HTTP/1.1\\r\\n\\r\\n\' | nc 127.0.0.1 51999'],
    ['its stream opened with the token', 'wscat -c ws://[::1]:51999/v1/stream -H "Authorization: Bearer $(cat ~/.local/state/agentwatch/token)"'],
    ['a health URL first, the stream after', 'curl -s http://localhost:51999/v1/health -o /dev/null http://127.0.0.1:51999/v1/stream'],
    ['the console link asked for', 'agentwatch console --web --no-open'],
    ["the hooks' secret read", 'xxd -p ~/.local/state/agentwatch/hook-secret'],
    ["a system install's secret read", 'sudo cat /etc/agentwatch/hook-secret'],
  ])('%s', (_name, command) => {
    expect(called(command)).toBe(true);
  });

  it.each([
    ['its health checked', 'curl -fsS http://localhost:51999/v1/health | jq .version'],
    ['another local port', 'curl -s http://127.0.0.1:5199/v1/hooks/stripe -d {}'],
    ['its alerts listed', 'agentwatch alerts --json'],
    ['its token rotated (nothing the agent could not read before)', 'agentwatch token rotate'],
    ['where it runs', 'cat ~/.local/state/agentwatch/daemon.json'],
  ])('quiet: %s', (_name, command) => {
    expect(called(command)).toBe(false);
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
    expect(monitorPaths('/s', ['/c.json', undefined], module)).toEqual(['/s', '/c.json', '/etc/agentwatch/hook-secret', root]);
  });

  it('a development checkout is not', () => {
    const { module } = packageWith(true);
    expect(installedProgramDir(module)).toBeUndefined();
    expect(monitorPaths('/s', [], module)).toEqual(['/s', '/etc/agentwatch/hook-secret']);
  });
});

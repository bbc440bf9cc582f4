// The Linux packages scripts/build-deb.sh makes, installed the way a distribution would: the .deb with
// `dpkg --root DIR --force-script-chrootless` (its maintainer scripts run `agentwatch install --system`
// under $DPKG_ROOT), the tarball with install.sh --root. Both put the service and the managed hooks in
// place, the packaged daemon starts from the pruned node_modules, and removal leaves no file behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';

const dpkg = spawnSync('dpkg-deb', ['--version']).status === 0 && spawnSync('dpkg', ['--version']).status === 0;
const skip = !dpkg ? 'no dpkg / dpkg-deb' : process.getuid?.() !== 0 ? 'dpkg --root needs root' : undefined;
const FIXTURE_ETC = path.join(repoRoot, 'test', 'fixtures', 'rollout', 'etc');

let out = '';
let deb = '';
let tarball = '';
const tmp: string[] = [];
const mk = (p: string) => { const d = fs.mkdtempSync(path.join(os.tmpdir(), p)); tmp.push(d); return d; };

beforeAll(() => {
  if (skip) return;
  out = mk('aw-pkg-');
  const r = spawnSync('bash', [path.join(repoRoot, 'scripts', 'build-deb.sh'), out], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  expect(r.status, r.stderr).toBe(0);
  const built = r.stdout.trim().split('\n');
  deb = built[0]!;
  tarball = built[1]!;
}, 330_000);
afterAll(() => { for (const d of tmp) fs.rmSync(d, { recursive: true, force: true }); });

/** Every path under root but dpkg's own database. */
function files(root: string): string[] {
  const outp: string[] = [];
  const walk = (d: string) => { for (const n of fs.readdirSync(d)) { const p = path.join(d, n); outp.push(path.relative(root, p)); if (fs.lstatSync(p).isDirectory()) walk(p); } };
  walk(root);
  return outp.filter((p) => !p.startsWith('var/lib/dpkg')).sort();
}

function fakeMachine(): string {
  const root = mk('aw-machine-');
  fs.mkdirSync(path.join(root, 'var/lib/dpkg/updates'), { recursive: true });
  fs.mkdirSync(path.join(root, 'var/lib/dpkg/info'));
  fs.writeFileSync(path.join(root, 'var/lib/dpkg/status'), '');
  fs.cpSync(FIXTURE_ETC, path.join(root, 'etc'), { recursive: true }); // IT's own managed settings
  return root;
}

/** The packaged daemon (node_modules as shipped) starts and writes daemon.json; then it is stopped. */
async function packagedDaemonStarts(root: string): Promise<void> {
  const state = mk('aw-pkg-state-');
  const child = spawn(process.execPath, [path.join(root, 'usr/lib/agentwatch/dist/daemon/main.js'), 'daemon', '--port', '0', '--state-dir', state], {
    env: { PATH: process.env.PATH, HOME: state }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    for (let i = 0; i < 100 && !fs.existsSync(path.join(state, 'daemon.json')); i++) await new Promise((r) => setTimeout(r, 150));
    expect(fs.existsSync(path.join(state, 'daemon.json')), stderr).toBe(true);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const dpkgIn = (root: string, ...args: string[]) => spawnSync('dpkg', [`--root=${root}`, '--force-script-chrootless', '--force-depends', '--log=/dev/null', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('the .deb', () => {
  it.skipIf(!!skip)(`installs the service and hooks under dpkg --root, and purge leaves no file behind${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const root = fakeMachine();
    const before = files(root);
    const acme = fs.readFileSync(path.join(root, 'etc/codex/requirements.toml'), 'utf8');
    const i = dpkgIn(root, '-i', deb);
    expect(i.status, i.stderr + i.stdout).toBe(0);

    const unit = fs.readFileSync(path.join(root, 'etc/systemd/system/agentwatch.service'), 'utf8');
    // the unit and the hooks name the package's CLI as the machine will see it, not the build root
    expect(unit).toContain('"/usr/lib/agentwatch/dist/daemon/main.js" "daemon"');
    expect(unit).not.toContain(root);
    expect(fs.readFileSync(path.join(root, 'etc/claude-code/managed-settings.d/agentwatch.json'), 'utf8')).toContain('"allowManagedHooksOnly": true');
    expect(fs.readFileSync(path.join(root, 'etc/codex/requirements.toml'), 'utf8')).toContain('/usr/lib/agentwatch/dist/daemon/main.js hook codex');
    expect(fs.readFileSync(path.join(root, 'etc/cursor/hooks.json'), 'utf8')).toContain('hook cursor');
    expect(fs.readFileSync(path.join(root, 'etc/gemini-cli/settings.json'), 'utf8')).toContain('hook gemini-cli');
    expect(fs.readlinkSync(path.join(root, 'usr/bin/agentwatch'))).toBe('../lib/agentwatch/dist/daemon/main.js');
    // no devDependency ships: the agents' CLIs, vitest, typescript
    for (const dev of ['@anthropic-ai', '@openai', 'vitest', 'typescript', '@google']) expect(fs.existsSync(path.join(root, 'usr/lib/agentwatch/node_modules', dev))).toBe(false);
    await packagedDaemonStarts(root);
    // The optional C-heap trim ships built (runtime-deps lists the linked package under node_modules).
    const addon = path.join(root, 'usr/lib/agentwatch/node_modules/@agentwatch/malloc-trim');
    const trim = spawnSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(addon)}).trim() !== undefined))`], { encoding: 'utf8' });
    expect(trim.stdout, trim.stderr).toBe('true');

    const p = dpkgIn(root, '--purge', 'agentwatch');
    expect(p.status, p.stderr + p.stdout).toBe(0);
    expect(files(root)).toEqual(before);
    expect(fs.readFileSync(path.join(root, 'etc/codex/requirements.toml'), 'utf8')).toBe(acme);
  }, 120_000);
});

describe('the tarball with install.sh', () => {
  it.skipIf(!!skip)(`unpacks and installs under --root, and --uninstall removes every file${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const root = fakeMachine();
    const before = files(root);
    const installSh = path.join(out, 'install.sh');
    const i = spawnSync('sh', [installSh, tarball, '--root', root], { encoding: 'utf8', timeout: 60_000 });
    expect(i.status, i.stderr).toBe(0);
    expect(fs.existsSync(path.join(root, 'etc/systemd/system/agentwatch.service'))).toBe(true);
    expect(fs.readFileSync(path.join(root, 'etc/cursor/hooks.json'), 'utf8')).toContain('/usr/lib/agentwatch/dist/daemon/main.js hook cursor');
    const u = spawnSync('sh', [installSh, '--uninstall', '--root', root], { encoding: 'utf8', timeout: 60_000 });
    expect(u.status, u.stderr).toBe(0);
    expect(files(root)).toEqual(before);
  }, 60_000);
});

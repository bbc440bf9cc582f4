// `agentwatch install / uninstall` as IT and a developer run it, into a --root prefix holding a fixture
// home and a fake /etc with real-looking settings for Claude Code, Codex, Gemini CLI and Cursor (comments,
// unknown keys, hooks of their own): every hook lands, a second install rewrites nothing (bytes and mtimes),
// uninstall leaves every file byte-identical and every created file and directory gone. Unit files are
// checked with systemd-analyze, the macOS plist with a real plist parser.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseJsonc } from 'jsonc-parser';
import { cleanEnv } from '../helpers/run-cli.js';
import { cliMain } from '../helpers/daemon.js';
import { repoRoot } from '../helpers/repo-root.js';
import { CODEX_EVENTS } from '../../installer/codex-hooks.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'rollout');
const HOME = '/home/dev';
const AGENTS = 'claude-code,codex,gemini-cli,cursor,copilot-cli,windsurf';

type Json = Record<string, unknown>;
const roots: string[] = [];
afterEach(() => { for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true }); });

function fixtureRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-rollout-'));
  roots.push(root);
  fs.cpSync(FIXTURE, root, { recursive: true });
  return root;
}

function aw(root: string, args: string[]) {
  const r = spawnSync(process.execPath, [cliMain, ...args, '--root', root], {
    env: cleanEnv({ HOME, XDG_CONFIG_HOME: '', XDG_STATE_HOME: '' }), encoding: 'utf8', timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file and directory under root: content hash, mode and mtime for files. */
function tree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      const st = fs.lstatSync(p);
      const rel = path.relative(root, p);
      if (st.isDirectory()) { out.set(`${rel}/`, 'dir'); walk(p); continue; }
      out.set(rel, `${crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')} ${(st.mode & 0o777).toString(8)} ${st.mtimeMs}`);
    }
  };
  walk(root);
  return out;
}
const withoutMtimes = (t: Map<string, string>) => new Map([...t].map(([k, v]) => [k, v.split(' ').slice(0, 2).join(' ')]));

const read = (root: string, p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const jsonc = (root: string, p: string) => parseJsonc(read(root, p)) as Json;
/** The commands and urls of every hook entry in a hooks table, nested groups or flat. */
function hookTargets(hooks: unknown): string[] {
  return Object.values((hooks ?? {}) as Record<string, unknown[]>).flat().flatMap((g) => {
    const entries = Array.isArray((g as Json).hooks) ? (g as Json).hooks as Json[] : [g as Json];
    return entries.map((h) => String(h.url ?? h.command));
  });
}

describe('install --user into a fixture home (--root)', () => {
  it('every hook present, user hooks, comments and unknown keys kept; again = no write; uninstall = byte-identical', () => {
    const root = fixtureRoot();
    const before = tree(root);

    const dry = aw(root, ['install', '--user', '--agents', AGENTS, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('[dry run] gemini-cli: installed');
    expect(dry.stdout).toMatch(/^\+ .*hook codex/m);
    expect(tree(root)).toEqual(before);

    const first = aw(root, ['install', '--user', '--agents', AGENTS]);
    expect(first.code, first.stderr).toBe(0);
    const claude = jsonc(root, `${HOME}/.claude/settings.json`);
    expect(hookTargets(claude.hooks)).toEqual(expect.arrayContaining(['/usr/local/bin/my-guard --strict', 'http://127.0.0.1:47474/v1/hooks/claude-code']));
    expect(claude.futureKeyAgentwatchDoesNotKnow).toEqual({ nested: [1, 2, 3] });
    expect(fs.statSync(path.join(root, HOME, '.claude/settings.json')).mode & 0o777).toBe(0o600); // it holds the hook secret
    const codex = JSON.parse(read(root, `${HOME}/.codex/hooks.json`)) as Json;
    expect(hookTargets(codex.hooks).filter((c) => c.includes(' hook codex '))).toHaveLength(CODEX_EVENTS.length);
    expect(hookTargets(codex.hooks)).toContain('/home/dev/bin/codex-done.sh');
    const gemini = read(root, `${HOME}/.gemini/settings.json`);
    expect(gemini).toContain('// Gemini CLI settings (JSON with comments)');
    expect(gemini).toContain('/* the MCP servers I use */');
    expect(hookTargets((parseJsonc(gemini) as Json).hooks).filter((c) => c.includes(' hook gemini-cli '))).toHaveLength(7);
    const cursor = JSON.parse(read(root, `${HOME}/.cursor/hooks.json`)) as Json;
    expect(hookTargets(cursor.hooks).filter((c) => c.includes(' hook cursor '))).toHaveLength(7);
    expect(hookTargets(cursor.hooks)).toContain('./hooks/audit.sh');
    const copilot = read(root, `${HOME}/.copilot/settings.json`);
    expect(copilot).toContain('// Copilot CLI user config (JSONC)');
    const copilotHooks = (parseJsonc(copilot) as Json).hooks as Record<string, { bash: string }[]>;
    expect(copilotHooks.PreToolUse!.map((h) => h.bash)).toEqual([expect.stringContaining(' hook copilot-cli ')]);
    expect(copilotHooks.preToolUse).toEqual([{ type: 'command', bash: '~/.copilot/hooks/guard.sh', timeoutSec: 30 }]);
    const windsurf = JSON.parse(read(root, `${HOME}/.codeium/windsurf/hooks.json`)) as Json;
    expect(hookTargets(windsurf.hooks)).toContain('python3 /home/dev/bin/block.py');
    expect(hookTargets(windsurf.hooks).filter((c) => c.includes(' hook windsurf '))).toHaveLength(9);
    // the user service and the config, pointing at the home as the machine sees it
    const unit = read(root, `${HOME}/.config/systemd/user/agentwatch.service`);
    expect(unit).toContain(`"--state-dir" "${HOME}/.local/state/agentwatch"`);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^WantedBy=default.target$/m);
    expect(read(root, `${HOME}/.config/agentwatch/config.yaml`)).toMatch(/^port: 47474$/m);
    expect(read(root, `${HOME}/.codex/config.toml`)).toBe(read(FIXTURE, `${HOME}/.codex/config.toml`));

    const installed = tree(root);
    const again = aw(root, ['install', '--user', '--agents', AGENTS]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/: installed /);
    expect(tree(root)).toEqual(installed); // bytes, modes and mtimes: nothing rewritten

    // --agents takes out only those hooks: the service stays
    const one = aw(root, ['uninstall', '--user', '--agents', 'cursor']);
    expect(one.stdout).toContain('cursor: restored');
    expect(read(root, `${HOME}/.cursor/hooks.json`)).toBe(read(FIXTURE, `${HOME}/.cursor/hooks.json`));
    expect(fs.existsSync(path.join(root, HOME, '.config/systemd/user/agentwatch.service'))).toBe(true);

    const un = aw(root, ['uninstall', '--user']);
    expect(un.code, un.stderr).toBe(0);
    expect(un.stdout).not.toContain('not-installed');
    expect(withoutMtimes(tree(root))).toEqual(withoutMtimes(before));
  });

  it('uninstall after the user edited a file takes out only our hooks and keeps their edit and comments', () => {
    const root = fixtureRoot();
    expect(aw(root, ['install', '--user', '--agents', 'gemini-cli']).code).toBe(0);
    const file = path.join(root, HOME, '.gemini/settings.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"theme": "GitHub"', '"theme": "Dracula" /* changed after install */'));
    expect(aw(root, ['uninstall', '--user', '--agents', 'gemini-cli']).stdout).toContain('gemini-cli: removed');
    const after = fs.readFileSync(file, 'utf8');
    expect(after).toContain('/* changed after install */');
    expect(after).toContain('/* the MCP servers I use */');
    expect(after).not.toContain('hook gemini-cli');
    expect(hookTargets((parseJsonc(after) as Json).hooks)).toEqual(['$GEMINI_PROJECT_DIR/.gemini/hooks/fmt.sh']);
  });

  it('a broken agent config stops the whole install with one line and nothing written', () => {
    const root = fixtureRoot();
    fs.writeFileSync(path.join(root, HOME, '.cursor/hooks.json'), '{ "version": 1, "hooks": ');
    const before = tree(root);
    const r = aw(root, ['install', '--user', '--agents', AGENTS]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/hooks\.json is not valid JSON.*nothing was changed/);
    expect(tree(root)).toEqual(before);
  });
});

describe('install --system into a fake machine (--root)', () => {
  it('managed hooks users cannot switch off, a root service; again = no write; uninstall = byte-identical', () => {
    const root = fixtureRoot();
    const before = tree(root);
    const first = aw(root, ['install', '--system', '--agents', AGENTS.replace(',copilot-cli', '')]);
    expect(first.code, first.stderr).toBe(0);

    const dropIn = JSON.parse(read(root, '/etc/claude-code/managed-settings.d/agentwatch.json')) as Json;
    expect(dropIn.allowManagedHooksOnly).toBe(true);
    expect(dropIn.allowedHttpHookUrls).toEqual(['http://127.0.0.1:47474/*']);
    expect(hookTargets(dropIn.hooks)).toContain('http://127.0.0.1:47474/v1/hooks/claude-code');
    // every user's Claude Code reads it, so it is world-readable (and the secret in it is the system copy)
    expect(fs.statSync(path.join(root, '/etc/claude-code/managed-settings.d/agentwatch.json')).mode & 0o777).toBe(0o644);
    expect(read(root, '/etc/claude-code/managed-settings.d/10-acme.json')).toBe(read(FIXTURE, '/etc/claude-code/managed-settings.d/10-acme.json'));

    const requirements = read(root, '/etc/codex/requirements.toml');
    expect(requirements).toContain('# ACME requirements for Codex (managed by IT)');
    expect(requirements).toContain('hooks = true # pinned on');
    const toml = parseToml(requirements) as Json;
    expect(toml.allow_managed_hooks_only).toBe(true);
    expect((toml.features as Json).hooks).toBe(true);
    expect(hookTargets(toml.hooks).filter((c) => c.includes(' hook codex --port 47474 --secret-file /etc/agentwatch/hook-secret'))).toHaveLength(CODEX_EVENTS.length);

    const gemini = read(root, '/etc/gemini-cli/settings.json');
    expect(gemini).toContain('// ACME system overrides');
    expect(hookTargets((parseJsonc(gemini) as Json).hooks)).toHaveLength(7);
    const cursor = JSON.parse(read(root, '/etc/cursor/hooks.json')) as Json;
    expect(hookTargets(cursor.hooks)).toEqual(expect.arrayContaining(['/opt/acme/mcp-audit.sh']));
    expect(hookTargets(cursor.hooks).filter((c) => c.includes(' hook cursor '))).toHaveLength(7);

    const windsurf = JSON.parse(read(root, '/etc/windsurf/hooks.json')) as Json;
    expect(hookTargets(windsurf.hooks)).toContain('/opt/acme/audit-write.sh');
    expect(hookTargets(windsurf.hooks).filter((c) => c.includes(' hook windsurf --port 47474 '))).toHaveLength(9);

    const unit = read(root, '/etc/systemd/system/agentwatch.service');
    expect(unit).toMatch(/^User=root$/m);
    expect(unit).toMatch(/^MemoryMax=\S+$/m);
    expect(unit).toMatch(/^CPUQuota=\S+$/m);
    expect(unit).toMatch(/^Environment=MALLOC_ARENA_MAX=2$/m); // fewer malloc arenas: RSS after load (bench/footprint.ts)
    expect(unit).toContain('"--state-dir" "/var/lib/agentwatch" "--config" "/etc/agentwatch/config.yaml" "--port" "47474"');
    // the secret every user's command hook posts with: the state dir's own, readable by all
    const secret = read(root, '/etc/agentwatch/hook-secret');
    expect(secret.trim()).toBe(read(root, '/var/lib/agentwatch/hook-secret').trim());
    expect(JSON.stringify(dropIn)).toContain(secret.trim());
    expect(first.stdout).not.toContain(secret.trim()); // diffs show it masked

    const installed = tree(root);
    expect(aw(root, ['install', '--system', '--agents', AGENTS.replace(',copilot-cli', '')]).code).toBe(0);
    expect(tree(root)).toEqual(installed);

    // token rotate: the managed drop-in and the readable copy follow, and uninstall still restores exactly
    const rot = spawnSync(process.execPath, [cliMain, 'token', 'rotate', '--state-dir', path.join(root, 'var/lib/agentwatch')], { env: cleanEnv({ HOME }), encoding: 'utf8', timeout: 30_000 });
    expect(rot.status, rot.stderr).toBe(0);
    const rotated = read(root, '/var/lib/agentwatch/hook-secret').trim();
    expect(rotated).not.toBe(secret.trim());
    expect(read(root, '/etc/agentwatch/hook-secret').trim()).toBe(rotated);
    expect(read(root, '/etc/claude-code/managed-settings.d/agentwatch.json')).toContain(rotated);
    expect(rot.stdout).not.toContain(rotated);

    const un = aw(root, ['uninstall', '--system']);
    expect(un.code, un.stderr).toBe(0);
    expect(withoutMtimes(tree(root))).toEqual(withoutMtimes(before));
  });

  it('--system without --agents configures every agent with a managed file; an agent without one is a clear error', () => {
    const root = fixtureRoot();
    const r = aw(root, ['install', '--system']);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['/etc/claude-code/managed-settings.d/agentwatch.json', '/etc/codex/requirements.toml', '/etc/gemini-cli/settings.json', '/etc/cursor/hooks.json', '/etc/windsurf/hooks.json']) {
      expect(read(root, f)).toMatch(/hook|hooks/);
    }
    const bad = aw(root, ['install', '--system', '--agents', 'qwen-code']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/qwen-code has no managed \(system-wide\) hook file.*--user/);
  });
});

describe('service files', () => {
  const analyze = '/usr/bin/systemd-analyze';
  it.skipIf(!fs.existsSync(analyze))('systemd-analyze verify accepts the user and the system unit (skipped: no systemd-analyze)', () => {
    const root = fixtureRoot();
    expect(aw(root, ['install', '--user', '--agents', 'claude-code']).code).toBe(0);
    expect(aw(root, ['install', '--system', '--agents', 'claude-code']).code).toBe(0);
    for (const unit of [`${HOME}/.config/systemd/user/agentwatch.service`, '/etc/systemd/system/agentwatch.service']) {
      // ExecStart names this node and this checkout's main.js: real files, so verify checks them too.
      const r = spawnSync(analyze, ['verify', path.join(root, unit)], { encoding: 'utf8' });
      expect(r.status, `${unit}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/agentwatch\.service/);
    }
  });

  const python = spawnSync('python3', ['-c', 'import plistlib'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!python)('macOS layout: LaunchAgent / LaunchDaemon plists parse with plistlib and restart on failure (skipped: no python3)', () => {
    const root = fixtureRoot();
    expect(aw(root, ['install', '--user', '--platform', 'darwin', '--agents', 'claude-code']).code).toBe(0);
    expect(aw(root, ['install', '--system', '--platform', 'darwin', '--agents', 'claude-code']).code).toBe(0);
    expect(fs.existsSync(path.join(root, '/Library/Application Support/ClaudeCode/managed-settings.d/agentwatch.json'))).toBe(true);
    for (const plist of [`${HOME}/Library/LaunchAgents/dev.agentwatch.daemon.plist`, '/Library/LaunchDaemons/dev.agentwatch.daemon.plist']) {
      const r = spawnSync('python3', ['-c', 'import json,plistlib,sys; print(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))', path.join(root, plist)], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const p = JSON.parse(r.stdout) as Json;
      expect(p.Label).toBe('dev.agentwatch.daemon');
      expect(p.ProgramArguments).toEqual([process.execPath, '--v8-pool-size=1', cliMain, 'daemon', '--state-dir', expect.any(String), '--config', expect.any(String), '--port', '47474']);
      expect(p.KeepAlive).toEqual({ SuccessfulExit: false });
      expect(p.RunAtLoad).toBe(true);
    }
    expect(aw(root, ['uninstall', '--system', '--platform', 'darwin']).code).toBe(0);
    expect(fs.existsSync(path.join(root, '/Library'))).toBe(false);
  });
});

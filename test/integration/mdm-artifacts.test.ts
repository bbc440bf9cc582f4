// The MDM artifacts in installer/mdm/ as IT ships them: every shell script parses (bash -n and sh -n), the
// configuration profile is a plist whose Claude Code payload holds hooks that run agentwatch, and the Kandji
// audit script really tells "in place" from "drifted" on a machine laid out under a root.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';
import { cliMain } from '../helpers/daemon.js';

const MDM = path.join(repoRoot, 'installer', 'mdm');
type Json = Record<string, unknown>;

function shellScripts(): string[] {
  const out: string[] = [];
  const walk = (d: string) => { for (const n of fs.readdirSync(d)) { const p = path.join(d, n); if (fs.statSync(p).isDirectory()) walk(p); else if (fs.readFileSync(p, 'utf8').startsWith('#!/bin/sh') || n.endsWith('.sh')) out.push(p); } };
  walk(MDM);
  return out;
}

describe('MDM shell scripts', () => {
  const scripts = shellScripts();
  it('there are pkg, deb, Jamf, Kandji and Intune scripts', () => {
    const rel = scripts.map((s) => path.relative(MDM, s));
    expect(rel).toEqual(expect.arrayContaining(['macos/preinstall', 'macos/postinstall', 'deb/postinst', 'deb/prerm', 'deb/postrm', 'jamf/agentwatch-jamf.sh', 'kandji/agentwatch-audit.sh', 'kandji/agentwatch-remediate.sh', 'intune/agentwatch-intune.sh', 'install.sh']));
  });
  it.each(scripts.map((s) => [path.relative(MDM, s), s]))('%s parses with sh -n and bash -n', (_name, file) => {
    for (const shell of ['sh', 'bash']) {
      const r = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      expect(r.status, `${shell}: ${r.stderr}`).toBe(0);
    }
  });
});

const python = spawnSync('python3', ['-c', 'import plistlib'], { encoding: 'utf8' }).status === 0;

describe('the configuration profile', () => {
  it.skipIf(!python)('parses as a plist: Claude Code managed hooks running agentwatch, and agentwatch\'s own domain (skipped: no python3)', () => {
    const file = path.join(MDM, 'macos', 'agentwatch.mobileconfig');
    const r = spawnSync('python3', ['-c', 'import json,plistlib,sys; print(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const profile = JSON.parse(r.stdout) as Json & { PayloadContent: Json[] };
    expect(profile.PayloadType).toBe('Configuration');
    const uuids = [profile.PayloadUUID, ...profile.PayloadContent.map((p) => p.PayloadUUID)];
    expect(new Set(uuids).size).toBe(uuids.length);
    const claude = profile.PayloadContent.find((p) => p.PayloadType === 'com.anthropic.claudecode')!;
    expect(claude.allowManagedHooksOnly).toBe(true);
    const hooks = claude.hooks as Record<string, { hooks: { type: string; command: string }[] }[]>;
    // a profile goes to every machine alike: command hooks read each machine's own secret, no http header
    for (const e of ['SessionStart', 'PreToolUse', 'PostToolUse', 'UserPromptSubmit', 'Stop']) {
      expect(hooks[e]![0]!.hooks[0]).toMatchObject({ type: 'command', command: expect.stringMatching(/agentwatch hook claude-code --port \d+ --secret-file \/etc\/agentwatch\/hook-secret$/) });
    }
    const own = profile.PayloadContent.find((p) => p.PayloadType === 'dev.agentwatch')!;
    expect(own.policy).toEqual({ mode: 'observe' });
  });
});

describe('Kandji audit', () => {
  it('exits 0 when install --system would change nothing, 1 when a managed hook was removed', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-kandji-'));
    try {
      // the audit sources find-node.sh from the pkg's location; point it at this checkout instead
      const lib = path.join(root, 'lib');
      fs.mkdirSync(lib);
      fs.writeFileSync(path.join(lib, 'find-node.sh'), `CLI=${cliMain}\nNODE=${process.execPath}\n`);
      const audit = fs.readFileSync(path.join(MDM, 'kandji', 'agentwatch-audit.sh'), 'utf8')
        .replace('/usr/local/lib/agentwatch/mdm/find-node.sh', path.join(lib, 'find-node.sh'))
        .replace('install --system --dry-run', `install --system --dry-run --root ${root} --agents claude-code`);
      const script = path.join(lib, 'audit.sh');
      fs.writeFileSync(script, audit);
      const run = () => spawnSync('sh', [script], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/home/dev' } });
      expect(run().status).toBe(1); // nothing installed yet
      const inst = spawnSync(process.execPath, [cliMain, 'install', '--system', '--root', root, '--agents', 'claude-code'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/home/dev' } });
      expect(inst.status, inst.stderr).toBe(0);
      const ok = run();
      expect(ok.status, ok.stdout).toBe(0);
      fs.rmSync(path.join(root, 'etc/claude-code/managed-settings.d/agentwatch.json'));
      const drift = run();
      expect(drift.status).toBe(1);
      expect(drift.stdout).toContain('claude-code: installed');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

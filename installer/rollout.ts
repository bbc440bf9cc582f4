// Everything `agentwatch install` puts on a machine, in order: the config, the service, (for --system) a
// copy of the hook secret every user's agent can read, and each agent's hooks; `uninstall` takes the same
// list back in reverse. Every path is as the machine sees it; `root` prefixes them all on disk, so a test
// or a package build can install into a directory. Starting the service happens only on the real
// filesystem of a machine booted with systemd (or launchd), never under --root.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agentEdit, agentConfigFile, onDisk, type Level, type Platform } from './install.js';
import { installFile, readRecord, saveRecord, uninstallFile, writeWhole, type FileEdit, type InstallReport } from './file-edit.js';
import { daemonArgv, serviceFile, serviceText, SERVICE_NAME, LAUNCHD_LABEL } from './service.js';
import { agentCatalog } from '../core/agents/catalog.js';
import { hookCommand, SYSTEM_SECRET_FILE } from '../core/agents/hook-command.js';

export interface Rollout {
  level: Level;
  platform: Platform;
  /** '' = the real filesystem. */
  root: string;
  /** The home whose agents --user configures (as the machine sees it). */
  home: string;
  stateDir: string;
  configFile: string;
  port: number;
  agents: string[];
  /** How to run this CLI: [node, main.js]. */
  program: string[];
  /** The hooks' install secret (a placeholder in a dry run before it exists). */
  secret: string;
  /** Seconds a gated hook may wait when the policy holds calls (HookTargets.waitS); absent: no hold. */
  waitS?: number;
}

export const SYSTEM_STATE_DIR = '/var/lib/agentwatch';
export const SYSTEM_CONFIG_FILE = '/etc/agentwatch/config.yaml';

const configText = (port: number) => [
  '# agentwatch configuration, written by `agentwatch install` (uninstall removes it unless you edited it).',
  '# Every key: docs/config.md. IT policy that users cannot override goes in /etc/agentwatch/policy.yaml.',
  `port: ${port}`,
  '',
].join('\n');

/** A file that is wholly agentwatch's: present with exactly `text`, removed on uninstall. */
function ownFile(record: string, agent: string, file: string, text: string, mode: number, extra: Partial<FileEdit> = {}): FileEdit {
  return { record, agent, file, has: (c) => c === text, add: () => text, remove: () => null, mode, force: true, ...extra };
}

export function rolloutEdits(r: Rollout): FileEdit[] {
  const disk = (p: string) => onDisk(r.root, p);
  const argv = daemonArgv(r.program, ['--state-dir', r.stateDir, '--config', r.configFile, '--port', String(r.port)]);
  const edits: FileEdit[] = [
    // A config the user or IT already has is left alone (and so is kept on uninstall).
    { record: `config-${r.level}`, agent: 'config', file: disk(r.configFile), has: (c) => c !== null, add: (c) => c ?? configText(r.port), remove: (c) => c, mode: 0o644 },
    ownFile(`service-${r.level}`, 'service', disk(serviceFile(r.level, r.platform, r.home)), serviceText(r.platform, { level: r.level, argv, stateDir: r.stateDir }), 0o644),
  ];
  if (r.level === 'system') {
    edits.push(ownFile('hook-secret-system', 'hook-secret', disk(SYSTEM_SECRET_FILE), `${r.secret}\n`, 0o644, { mask: (s) => (s === '' ? '' : '<hook secret>\n') }));
  }
  for (const agent of r.agents) {
    const url = `http://127.0.0.1:${r.port}/v1/hooks/${agent}`;
    edits.push(agentEdit(agent, { home: r.home, level: r.level, root: r.root, platform: r.platform, targets: { url, command: hookCommand(r, agent), secret: r.secret, ...(r.waitS === undefined ? {} : { waitS: r.waitS }) } }));
  }
  return edits;
}

/** Agents whose config directory is in the home, or whose command is on PATH; --system takes every agent it can. */
export function detectAgents(r: Pick<Rollout, 'level' | 'root' | 'home' | 'platform'>, candidates: string[], env = process.env): string[] {
  if (r.level === 'system') return candidates;
  const onPath = (cmd: string) => (env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, cmd)));
  return candidates.filter((kind) => {
    const spec = agentCatalog().agents.find((a) => a.kind === kind);
    return fs.existsSync(path.dirname(onDisk(r.root, agentConfigFile(kind, r.home, 'user', r.platform))))
      || (spec?.commands ?? []).some((c) => !c.startsWith('@') && onPath(c));
  });
}

export function installAll(r: Rollout, o: { stateDir: string; dryRun: boolean }): InstallReport[] {
  const edits = rolloutEdits(r);
  // Plan every file first, so one file install cannot edit means nothing at all is changed.
  const planned = edits.map((e) => installFile(e, { ...o, dryRun: true }));
  if (o.dryRun) return planned;
  return edits.map((e) => installFile(e, o));
}

/** Everything back out; `hooksOnly` (uninstall --agents): just those agents' hooks, the service stays. */
export function uninstallAll(r: Rollout, o: { stateDir: string; dryRun: boolean; hooksOnly?: boolean }): InstallReport[] {
  const agents = new Set(r.agents);
  return rolloutEdits(r).reverse().filter((e) => !o.hooksOnly || agents.has(e.agent)).map((e) => uninstallFile(e, o));
}

/**
 * Whether install may (re)start the service: the real filesystem, the host's own service manager running,
 * and for --user the home systemd/launchd reads (a test's fake HOME never reaches the real user manager).
 */
export function canManageService(r: Pick<Rollout, 'root' | 'level' | 'platform' | 'home'>): boolean {
  if (r.root !== '' || r.platform !== (process.platform === 'darwin' ? 'darwin' : 'linux')) return false;
  if (r.level === 'user' && path.resolve(r.home) !== path.resolve(os.userInfo().homedir)) return false;
  if (r.level === 'system' && process.getuid?.() !== 0) return false;
  return r.platform === 'darwin' ? fs.existsSync('/bin/launchctl') : fs.existsSync('/run/systemd/system');
}

/** The service manager commands that start (or stop) the service; each as argv. */
export function serviceCommands(r: Pick<Rollout, 'level' | 'platform' | 'home'>, action: 'start' | 'stop'): string[][] {
  if (r.platform === 'darwin') {
    const domain = r.level === 'system' ? 'system' : `gui/${os.userInfo().uid}`;
    const plist = serviceFile(r.level, r.platform, r.home);
    return action === 'start'
      ? [['launchctl', 'bootout', `${domain}/${LAUNCHD_LABEL}`], ['launchctl', 'bootstrap', domain, plist]]
      : [['launchctl', 'bootout', `${domain}/${LAUNCHD_LABEL}`]];
  }
  const ctl = r.level === 'system' ? ['systemctl'] : ['systemctl', '--user'];
  return action === 'start'
    ? [[...ctl, 'daemon-reload'], [...ctl, 'enable', `${SERVICE_NAME}.service`], [...ctl, 'restart', `${SERVICE_NAME}.service`]]
    : [[...ctl, 'disable', '--now', `${SERVICE_NAME}.service`], [...ctl, 'daemon-reload']];
}

/** Runs them; a failure is a line to print, never a crash (the files are in place either way). */
export function runServiceCommands(cmds: string[][]): string[] {
  const lines: string[] = [];
  for (const [bin, ...args] of cmds) {
    try { execFileSync(bin!, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 }); lines.push(`service: ${[bin, ...args].join(' ')}`); } catch (err) {
      const why = ((err as { stderr?: Buffer }).stderr?.toString() || (err as Error).message).trim().split('\n')[0];
      // bootout of a job not yet loaded is expected on a first install
      if (!(bin === 'launchctl' && args[0] === 'bootout')) lines.push(`service: ${[bin, ...args].join(' ')} failed: ${why}`);
    }
  }
  return lines;
}

/** `token rotate` after install --system: the readable copy of the hook secret follows (if install wrote it and nobody changed it). */
export function rotateSystemSecretFile(stateDir: string, secret: string): InstallReport | undefined {
  const record = readRecord(stateDir, 'hook-secret-system');
  if (!record || !fs.existsSync(record.file) || fs.readFileSync(record.file, 'utf8') !== record.installed) return undefined;
  const next = `${secret}\n`;
  writeWhole(record.file, next, 0o644);
  saveRecord(stateDir, 'hook-secret-system', { ...record, installed: next });
  return { agent: 'hook-secret', file: record.file, action: 'secret-rewritten' };
}

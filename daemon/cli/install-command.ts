// `agentwatch install | uninstall [--user | --system] [--agents a,b] [--dry-run] [--root DIR]`: resolves
// where everything goes (installer/rollout.ts does the files), makes the state dir and the hooks' secret,
// and starts or stops the service when the machine's own service manager is there to do it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentwatchError } from '../../core/errors.js';
import { ensureStateDir, loadOrCreateHookSecret, readHookSecret, stateFiles } from '../state-dir.js';
import { isSupportedAgent, onDisk, supportedAgents, systemAgents, type Level, type Platform } from '../../installer/install.js';
import { missingDirs, removeCreatedDirs, type InstallReport } from '../../installer/file-edit.js';
import {
  canManageService, detectAgents, installAll, runServiceCommands, serviceCommands, uninstallAll,
  SYSTEM_CONFIG_FILE, SYSTEM_STATE_DIR, type Rollout,
} from '../../installer/rollout.js';
import { stateDirOf, type CommonArgs } from './options.js';
import type { Config } from '../config/schema.js';

export interface InstallArgs extends CommonArgs { agents?: string[]; dryRun?: boolean; user?: boolean; system?: boolean; root?: string; platform?: string }

const out = (line: string) => process.stdout.write(`${line}\n`);
const DEFAULT_PORT = 47474;

function levelOf(args: InstallArgs): Level {
  if (args.system) return 'system';
  if (args.user === false) throw new AgentwatchError('AW_ERR_ARGS', '--no-user leaves nothing to configure: say --user or --system');
  return 'user';
}

function platformOf(args: InstallArgs): Platform {
  const host: Platform = process.platform === 'darwin' ? 'darwin' : 'linux';
  if (args.platform === undefined) return host;
  if (args.platform !== 'linux' && args.platform !== 'darwin') throw new AgentwatchError('AW_ERR_ARGS', `--platform must be linux or darwin, not "${args.platform}"`);
  if (args.platform !== host && !args.root) throw new AgentwatchError('AW_ERR_ARGS', '--platform other than this machine\'s needs --root (it only makes sense when writing into a prefix)');
  return args.platform;
}

function agentsOf(args: InstallArgs, r: Pick<Rollout, 'level' | 'root' | 'home' | 'platform'>, removing: boolean): string[] {
  const candidates = r.level === 'system' ? systemAgents() : supportedAgents();
  if (args.agents === undefined && removing) return candidates; // whatever install put anywhere
  if (args.agents === undefined) {
    const found = detectAgents(r, candidates);
    return found.length > 0 ? found : ['claude-code'];
  }
  const named = args.agents.flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  const known: string[] = [];
  for (const a of named) {
    if (!isSupportedAgent(a)) throw new AgentwatchError('AW_ERR_ARGS', `unknown agent "${a}" (supported: ${supportedAgents().join(', ')})`);
    if (r.level === 'system' && !candidates.includes(a)) throw new AgentwatchError('AW_ERR_ARGS', `${a} has no managed (system-wide) hook file agentwatch knows of (--system supports: ${candidates.join(', ')}); install it with --user`);
    if (!known.includes(a)) known.push(a);
  }
  return known;
}

/** The user's config file as the machine sees it: --config, else the one they have, else where install writes one. */
function userConfigFile(args: InstallArgs, home: string, root: string): string {
  if (args.config) return args.config;
  const dir = path.join(process.env.XDG_CONFIG_HOME || path.join(home, '.config'), 'agentwatch');
  const names = ['config.yaml', 'config.yml', 'config.json'].map((f) => path.join(dir, f));
  return names.find((f) => fs.existsSync(onDisk(root, f))) ?? names[0]!;
}

async function rolloutOf(args: InstallArgs, removing = false): Promise<Rollout> {
  const level = levelOf(args);
  const platform = platformOf(args);
  const root = args.root ? path.resolve(args.root) : '';
  const home = os.homedir();
  const system = level === 'system';
  const stateDir = system ? args.stateDir ?? SYSTEM_STATE_DIR : stateDirOf(args);
  const configFile = system ? args.config ?? SYSTEM_CONFIG_FILE : userConfigFile(args, home, root);
  const { loadConfig } = await import('../config/load.js');
  const onDiskConfig = onDisk(root, configFile);
  const config = fs.existsSync(onDiskConfig) ? loadConfig(onDiskConfig) : undefined;
  const port = args.port ?? config?.port ?? DEFAULT_PORT;
  const waitS = config ? holdWaitS(config.policy) : undefined;
  // A CLI that itself sits under --root (a package's maintainer script under `dpkg --root`) is the
  // machine's own CLI: the service and the hooks name it as the machine will see it.
  const asSeen = (p: string) => (root !== '' && p.startsWith(`${root}/`) ? p.slice(root.length) : p);
  const main = asSeen(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'main.js'));
  const base = { level, platform, root, home };
  return {
    ...base, stateDir, configFile, port, agents: agentsOf(args, base, removing), program: [asSeen(process.execPath), main],
    secret: readHookSecret(onDisk(root, stateDir)) ?? 'not-created-yet', ...(waitS === undefined ? {} : { waitS }),
  };
}

/** When the policy holds calls for the developer, a hook the agent waits on must outlast the hold: its timeout + 15 s. */
export function holdWaitS(policy: Config['policy']): number | undefined {
  const holds = Object.values(policy.bySeverity).includes('hold') || Object.values(policy.rules).includes('hold');
  return holds ? policy.hold.timeoutS + 15 : undefined;
}

export function printReport(r: InstallReport, args: { json?: boolean; dryRun?: boolean }): void {
  if (args.json) { out(JSON.stringify({ ...r, dryRun: Boolean(args.dryRun) })); return; }
  out(`${args.dryRun ? '[dry run] ' : ''}${r.agent}: ${r.action} ${r.file}`);
  if (r.diff && (args.dryRun || r.action !== 'unchanged')) out(r.diff);
  if (r.note && r.action !== 'removed' && r.action !== 'restored') out(`note: ${r.note}`);
}

// Marks a state dir install made (there was none), so uninstall can take it away again while it holds
// nothing but what install put there.
const CREATED_MARK = 'created-by-install';

export async function installCommand(args: InstallArgs): Promise<void> {
  const r = await rolloutOf(args);
  const stateDir = onDisk(r.root, r.stateDir);
  if (args.dryRun) { for (const rep of installAll(r, { stateDir, dryRun: true })) printReport(rep, args); return; }
  // Plan first (a broken agent config stops everything before the state dir is even made).
  installAll(r, { stateDir, dryRun: true });
  const created = missingDirs(stateDir);
  ensureStateDir(stateDir);
  const secret = loadOrCreateHookSecret(stateDir);
  if (created.length > 0) {
    fs.mkdirSync(stateFiles(stateDir).installs, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(stateFiles(stateDir).installs, CREATED_MARK), JSON.stringify(created));
  }
  const reports = installAll({ ...r, secret }, { stateDir, dryRun: false });
  for (const rep of reports) printReport(rep, args);
  if (canManageService(r) && reports.some((x) => (x.agent === 'service' || x.agent === 'config') && x.action === 'installed')) for (const l of runServiceCommands(serviceCommands(r, 'start'))) out(l);
  else if (!args.json && r.root === '' && !canManageService(r)) out('service: not started (no running systemd/launchd for this level here); start the daemon with: agentwatch daemon');
}

export async function uninstallCommand(args: InstallArgs): Promise<void> {
  const r = await rolloutOf(args, true);
  const stateDir = onDisk(r.root, r.stateDir);
  // --agents takes out just those agents' hooks; without it everything goes, the service first.
  const hooksOnly = args.agents !== undefined;
  if (!args.dryRun && !hooksOnly && canManageService(r)) for (const l of runServiceCommands(serviceCommands(r, 'stop'))) out(l);
  for (const rep of uninstallAll(r, { stateDir, dryRun: Boolean(args.dryRun), hooksOnly })) {
    if (hooksOnly || rep.action !== 'not-installed') printReport(rep, args);
  }
  if (!args.dryRun) removeStateDirIfOnlyOurs(stateDir, args);
}

/** A state dir install made and the daemon never used: gone again. One the daemon wrote events to is kept. */
function removeStateDirIfOnlyOurs(dir: string, args: InstallArgs): void {
  const installs = stateFiles(dir).installs;
  let created: string[];
  try { created = JSON.parse(fs.readFileSync(path.join(installs, CREATED_MARK), 'utf8')) as string[]; } catch { return; }
  if (fs.readdirSync(installs).some((f) => f !== CREATED_MARK)) return; // something is still installed
  const ours = new Set(['installs', 'hook-secret', 'token']);
  if (fs.readdirSync(dir).some((f) => !ours.has(f))) {
    if (!args.json) out(`note: kept ${dir} (the daemon's data: events, alerts); delete it yourself if it is not needed`);
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  removeCreatedDirs(created.filter((d) => d !== dir));
}

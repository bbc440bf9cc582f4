// `agentwatch install/uninstall --agents claude-code,codex,…`: agentwatch's hooks in each agent's config,
// at the level asked: the user's own file (`--user`), or the agent's managed, machine-wide file
// (`--system`) that users cannot switch off. Which agents can be installed, and where, is the agent
// catalog's `install`; the edits themselves are the pure installer/<format>-hooks.ts modules it names
// (`format`: JSON object edits, applied in place so JSONC comments survive; `textFormat`: text edits, for
// TOML). Remembering and restoring the exact bytes is installer/file-edit.ts. A user config that holds the
// install secret (Claude Code's http hook headers) is made 0600, shown with the secret masked, and
// rewritten by `token rotate`.
import fs from 'node:fs';
import path from 'node:path';
import type { HookFormat, HookTargets, TextHookFormat } from './hook-format.js';
import { AgentwatchError } from '../core/errors.js';
import { agentCatalog, type AgentSpec } from '../core/agents/catalog.js';
import { installableAgents } from '../core/agents/tables.js';
import { HOOK_SECRET_HEADER } from '../core/agents/hook-marks.js';
import { jsonTextFormat, parseJsonObject, rewriteKeys } from './jsonc-text.js';
import { installFile, readRecord, saveRecord, uninstallFile, writeWhole, type FileEdit, type InstallReport } from './file-edit.js';

/** An agent kind the catalog can install (see isSupportedAgent). */
export type SupportedAgent = string;
export type { HookTargets, InstallReport };

export type Level = 'user' | 'system';
export type Platform = 'linux' | 'darwin';

export interface InstallOptions {
  /** The home the agents run in (as they see it, without --root). */
  home: string;
  /** Where install records go (on disk). */
  stateDir: string;
  targets: HookTargets;
  dryRun: boolean;
  level?: Level;
  /** Prefix of every file path (tests, packaging); '' or undefined = the real filesystem. */
  root?: string;
  platform?: Platform;
}

type Installable = AgentSpec & { install: NonNullable<AgentSpec['install']> };
interface FormatModule { format?: HookFormat; textFormat?: TextHookFormat }

const userFormatName = (a: Installable) => a.install.format ?? a.kind;
const systemFormatName = (a: Installable) => a.install.system?.format ?? userFormatName(a);

// Every format the catalog names, loaded once: installer/<name>-hooks.ts exports `format` or `textFormat`.
const FORMATS: ReadonlyMap<string, FormatModule> = new Map(await Promise.all(
  [...new Set((installableAgents() as Installable[]).flatMap((a) => [userFormatName(a), ...(a.install.system ? [systemFormatName(a)] : [])]))]
    .map(async (name) => [name, (await import(/* @vite-ignore */ `./${name}-hooks.js`)) as FormatModule] as const),
));

/** The agents install knows, in catalog order. */
export const supportedAgents = (): string[] => installableAgents().map((a) => a.kind);
export const isSupportedAgent = (a: string): a is SupportedAgent => supportedAgents().includes(a);
/** The agents `install --system` can configure (they have a managed hook file). */
export const systemAgents = (): string[] => (installableAgents() as Installable[]).filter((a) => a.install.system).map((a) => a.kind);

function specOf(agent: SupportedAgent): Installable {
  const spec = agentCatalog().agents.find((a) => a.kind === agent && a.install !== undefined) as Installable | undefined;
  if (!spec) throw new AgentwatchError('AW_ERR_ARGS', `unknown agent "${agent}" (supported: ${supportedAgents().join(', ')})`);
  return spec;
}

function moduleOf(spec: Installable, level: Level): FormatModule {
  const name = level === 'system' ? systemFormatName(spec) : userFormatName(spec);
  const mod = FORMATS.get(name);
  if (!mod?.format && !mod?.textFormat) throw new AgentwatchError('AW_ERR_INSTALL', `${spec.kind}: no installer/${name}-hooks.ts for its hook config`);
  return mod;
}

/** The file our hooks go into, as the agent sees it: the catalog's `install.file` (user) or `install.system` (system). */
export function agentConfigFile(agent: SupportedAgent, home: string, level: Level = 'user', platform: Platform = hostPlatform()): string {
  const spec = specOf(agent);
  if (level === 'user') return path.join(home, spec.install.file.slice(2));
  const file = spec.install.system?.[platform];
  if (!file) throw new AgentwatchError('AW_ERR_ARGS', `${agent} has no managed (system-wide) hook file on ${platform} agentwatch knows of; install it with --user`);
  return file;
}

export function hostPlatform(): Platform { return process.platform === 'darwin' ? 'darwin' : 'linux'; }

/** A path as it is on disk: under the root prefix when one is given. */
export const onDisk = (root: string | undefined, file: string): string => (root ? path.join(root, file) : file);

// The install secret never reaches a terminal or a --json report: diffs show it masked.
const SECRET_VALUE = new RegExp(`("${HOOK_SECRET_HEADER}":\\s*")[^"]*"`, 'g');
const maskSecret = (s: string) => s.replace(SECRET_VALUE, '$1<hook secret>"');

/** The file edit that puts this agent's hooks in (or takes them out) at the level asked. */
export function agentEdit(agent: SupportedAgent, o: Omit<InstallOptions, 'dryRun' | 'stateDir'>): FileEdit {
  const spec = specOf(agent);
  const level = o.level ?? 'user';
  const file = onDisk(o.root, agentConfigFile(agent, o.home, level, o.platform ?? hostPlatform()));
  const mod = moduleOf(spec, level);
  const text = mod.textFormat ?? jsonTextFormat(mod.format!, file);
  // A user file with the secret in it is the user's alone; a managed file every user's agent must read.
  const secretInside = level === 'user' && mod.format?.setSecret !== undefined;
  const note = level === 'user' ? spec.install.note : spec.install.system?.note;
  return {
    record: `${agent}-${level}`, agent, file,
    has: (current) => current !== null && text.has(current, o.targets, agent),
    add: (current) => text.add(current ?? '', o.targets, agent),
    remove: (current) => text.remove(current, agent),
    mode: secretInside ? 0o600 : 0o644, force: secretInside,
    mask: maskSecret,
    ...(note === undefined ? {} : { note }),
  };
}

const recordsOf = (o: InstallOptions) => ({ stateDir: o.stateDir, dryRun: o.dryRun });

export const installAgent = (agent: SupportedAgent, o: InstallOptions): InstallReport => installFile(agentEdit(agent, o), recordsOf(o));
export const uninstallAgent = (agent: SupportedAgent, o: Omit<InstallOptions, 'targets'>): InstallReport =>
  uninstallFile(agentEdit(agent, { ...o, targets: { url: 'http://127.0.0.1/', command: '', secret: '' } }), recordsOf({ ...o, targets: { url: '', command: '', secret: '' } }));

/**
 * `agentwatch token rotate`: the new install secret in the agent's config (user, or the managed file
 * install --system wrote), wherever our hooks carry one; nothing else in the file changes. An install record that matched the file follows it, so uninstall
 * still puts back the exact original.
 */
export function rotateAgentSecret(agent: SupportedAgent, o: { home: string; stateDir: string; secret: string; level?: Level }): InstallReport {
  const spec = specOf(agent);
  const level = o.level ?? 'user';
  if (level === 'system' && !spec.install.system) return { agent, file: '', action: 'not-installed' };
  const format = moduleOf(spec, level).format;
  // A managed file is where install --system wrote it (its record names it, --root included).
  const file = level === 'user' ? agentConfigFile(agent, o.home) : readRecord(o.stateDir, `${agent}-system`)?.file ?? '';
  if (!format?.setSecret || file === '' || !fs.existsSync(file)) return { agent, file, action: 'not-installed' };
  const text = fs.readFileSync(file, 'utf8');
  const json = parseJsonObject(text, file);
  if (JSON.stringify(format.remove(json, agent)) === JSON.stringify(json)) return { agent, file, action: 'not-installed' };
  const next = rewriteKeys(text, json, format.setSecret(json, agent, o.secret));
  if (next === text) return { agent, file, action: 'unchanged' };
  writeWhole(file, next, level === 'user' ? 0o600 : fs.statSync(file).mode & 0o777);
  const name = `${agent}-${level}`;
  const record = readRecord(o.stateDir, name);
  if (record && record.file === file && record.installed === text) saveRecord(o.stateDir, name, { ...record, installed: next });
  return { agent, file, action: 'secret-rewritten' };
}

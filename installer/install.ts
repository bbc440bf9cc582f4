// `agentwatch install/uninstall --agents claude-code,codex,gemini-cli`: merge our hooks into each agent's
// user config file and remember the file as it was, so uninstall can put back exactly those bytes. Which
// agents can be installed, and where, is the agent catalog's `install`; the edits themselves are the pure
// installer/<format>-hooks.ts modules it names. A config that holds the install secret (Claude Code's
// http hook headers) is made 0600, shown with the secret masked, and rewritten by `token rotate`.
import fs from 'node:fs';
import path from 'node:path';
import { lineDiff } from '../core/line-diff.js';
import type { HookFormat, HookTargets } from './hook-format.js';
import { AgentwatchError } from '../core/errors.js';
import { agentCatalog, type AgentSpec } from '../core/agents/catalog.js';
import { installableAgents } from '../core/agents/tables.js';
import { HOOK_SECRET_HEADER } from '../core/agents/hook-marks.js';
import { stateFiles, writePrivate } from '../core/state-files.js';

type Json = Record<string, unknown>;

/** An agent kind the catalog can install (see isSupportedAgent). */
export type SupportedAgent = string;
export type { HookTargets };

export interface InstallOptions { home: string; stateDir: string; targets: HookTargets; dryRun: boolean }
export interface InstallReport {
  agent: string; file: string; action: 'installed' | 'unchanged' | 'removed' | 'restored' | 'not-installed' | 'secret-rewritten'; diff?: string;
  /** Something the user still has to do for the hooks to run. */
  note?: string;
}

type Installable = AgentSpec & { install: NonNullable<AgentSpec['install']> };
const formatName = (a: Installable) => a.install.format ?? a.kind;

// Every format the catalog names, loaded once: installer/<name>-hooks.ts exports `format`.
const FORMATS: ReadonlyMap<string, HookFormat> = new Map(await Promise.all(
  [...new Set((installableAgents() as Installable[]).map(formatName))].map(async (name) =>
    [name, ((await import(/* @vite-ignore */ `./${name}-hooks.js`)) as { format: HookFormat }).format] as const),
));

/** The agents install knows, in catalog order. */
export const supportedAgents = (): string[] => installableAgents().map((a) => a.kind);
export const isSupportedAgent = (a: string): a is SupportedAgent => supportedAgents().includes(a);

function targetOf(agent: SupportedAgent): { spec: Installable; format: HookFormat } {
  const spec = agentCatalog().agents.find((a) => a.kind === agent && a.install !== undefined) as Installable | undefined;
  if (!spec) throw new AgentwatchError('AW_ERR_ARGS', `unknown agent "${agent}" (supported: ${supportedAgents().join(', ')})`);
  const format = FORMATS.get(formatName(spec));
  if (!format) throw new AgentwatchError('AW_ERR_INSTALL', `${agent}: no installer/${formatName(spec)}-hooks.ts for its hook config`);
  return { spec, format };
}

/** The user-level file our hooks go into (the catalog's `install.file`). */
export const agentConfigFile = (agent: SupportedAgent, home: string): string => path.join(home, targetOf(agent).spec.install.file.slice(2));

/** What install wrote, kept in the state dir; `originalMode`: the file's mode before install made it 0600. */
interface InstallRecord { file: string; original: string | null; installed: string; originalMode?: number }

const recordFile = (stateDir: string, agent: SupportedAgent) => path.join(stateFiles(stateDir).installs, `${agent}-user.json`);

function readSettings(file: string): { text: string | null; json: Json } {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { text: null, json: {} };
    throw new AgentwatchError('AW_ERR_INSTALL', `cannot read ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try { json = text.trim() === '' ? {} : JSON.parse(text); } catch (err) {
    throw new AgentwatchError('AW_ERR_INSTALL', `${file} is not valid JSON (${(err as Error).message.split('\n')[0]}); fix it first, nothing was changed`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new AgentwatchError('AW_ERR_INSTALL', `${file} does not hold a JSON object; nothing was changed`);
  return { text, json: json as Json };
}

const modeOf = (file: string): number | undefined => (fs.existsSync(file) ? fs.statSync(file).mode & 0o777 : undefined);

/** Writes the file whole (rename), with `mode`, else the mode it had, else 0600. */
function writeConfig(file: string, text: string, mode?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.agentwatch-tmp`;
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' }); // never through a link planted at the temporary name
  fs.chmodSync(tmp, mode ?? modeOf(file) ?? 0o600);
  fs.renameSync(tmp, file);
}

// The install secret never reaches a terminal or a --json report: diffs show it masked.
const SECRET_VALUE = new RegExp(`("${HOOK_SECRET_HEADER}":\\s*")[^"]*"`, 'g');
const diffOf = (before: string, after: string) => lineDiff(before.replace(SECRET_VALUE, '$1<hook secret>"'), after.replace(SECRET_VALUE, '$1<hook secret>"'));

function readRecord(stateDir: string, agent: SupportedAgent): InstallRecord | undefined {
  try { return JSON.parse(fs.readFileSync(recordFile(stateDir, agent), 'utf8')) as InstallRecord; } catch { return undefined; }
}

export function installAgent(agent: SupportedAgent, o: InstallOptions): InstallReport {
  const { spec, format } = targetOf(agent);
  const file = agentConfigFile(agent, o.home);
  const note = spec.install.note === undefined ? {} : { note: spec.install.note };
  const { text, json } = readSettings(file);
  if (format.has(json, o.targets, agent)) return { agent, file, action: 'unchanged', ...note };
  const next = `${JSON.stringify(format.add(json, o.targets, agent), null, 2)}\n`;
  const diff = diffOf(text ?? '', next);
  if (o.dryRun) return { agent, file, action: 'installed', diff, ...note };
  // Keep the very first original (and its mode): a re-install over our own earlier edit must not lose it.
  const previous = readRecord(o.stateDir, agent);
  const first = previous && previous.file === file ? previous : { original: text, originalMode: modeOf(file) };
  writeConfig(file, next, format.setSecret ? 0o600 : undefined);
  saveRecord(o.stateDir, agent, { file, original: first.original, installed: next, originalMode: first.originalMode });
  return { agent, file, action: 'installed', diff, ...note };
}

function saveRecord(stateDir: string, agent: SupportedAgent, record: InstallRecord): void {
  fs.mkdirSync(stateFiles(stateDir).installs, { recursive: true, mode: 0o700 });
  writePrivate(recordFile(stateDir, agent), JSON.stringify(record));
}

/**
 * `agentwatch token rotate`: the new install secret in the agent's config, wherever our hooks carry one;
 * nothing else in the file changes. An install record that matched the file follows it, so uninstall
 * still puts back the exact original.
 */
export function rotateAgentSecret(agent: SupportedAgent, o: { home: string; stateDir: string; secret: string }): InstallReport {
  const { format } = targetOf(agent);
  const file = agentConfigFile(agent, o.home);
  if (!format.setSecret || !fs.existsSync(file)) return { agent, file, action: 'not-installed' };
  const { text, json } = readSettings(file);
  if (JSON.stringify(format.remove(json, agent)) === JSON.stringify(json)) return { agent, file, action: 'not-installed' };
  const next = `${JSON.stringify(format.setSecret(json, agent, o.secret), null, 2)}\n`;
  if (next === text) return { agent, file, action: 'unchanged' };
  writeConfig(file, next, 0o600);
  const record = readRecord(o.stateDir, agent);
  if (record && record.file === file && record.installed === text) saveRecord(o.stateDir, agent, { ...record, installed: next });
  return { agent, file, action: 'secret-rewritten' };
}

export function uninstallAgent(agent: SupportedAgent, o: Omit<InstallOptions, 'targets'>): InstallReport {
  const { format } = targetOf(agent);
  const file = agentConfigFile(agent, o.home);
  const record = readRecord(o.stateDir, agent);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  // Untouched since install: put back the exact bytes (or the absence) we found.
  if (record && record.file === file && current === record.installed) {
    if (!o.dryRun) {
      if (record.original === null) fs.rmSync(file, { force: true });
      else writeConfig(file, record.original, record.originalMode);
      fs.rmSync(recordFile(o.stateDir, agent), { force: true });
    }
    return { agent, file, action: 'restored', diff: diffOf(current, record.original ?? '') };
  }
  if (current === null) return { agent, file, action: 'not-installed' };
  // Changed since install (or installed from another state dir): take out only our hooks.
  const { json } = readSettings(file);
  const stripped = format.remove(json, agent);
  if (JSON.stringify(stripped) === JSON.stringify(json)) return { agent, file, action: 'not-installed' };
  const next = `${JSON.stringify(stripped, null, 2)}\n`;
  if (!o.dryRun) {
    writeConfig(file, next);
    fs.rmSync(recordFile(o.stateDir, agent), { force: true });
  }
  return { agent, file, action: 'removed', diff: diffOf(current, next) };
}

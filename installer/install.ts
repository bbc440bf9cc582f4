// `agentwatch install/uninstall --agents claude-code,codex,gemini-cli`: merge our hooks into each agent's
// user config file and remember the file as it was, so uninstall can put back exactly those bytes. Which
// agents can be installed, and where, is the agent catalog's `install`; the edits themselves are the pure
// installer/<format>-hooks.ts modules it names.
import fs from 'node:fs';
import path from 'node:path';
import { lineDiff } from '../core/line-diff.js';
import type { HookFormat, HookTargets } from './hook-format.js';
import { AgentwatchError } from '../core/errors.js';
import { agentCatalog, type AgentSpec } from '../core/agents/catalog.js';
import { installableAgents } from '../core/agents/tables.js';
import { stateFiles, writePrivate } from '../core/state-files.js';

type Json = Record<string, unknown>;

/** An agent kind the catalog can install (see isSupportedAgent). */
export type SupportedAgent = string;
export type { HookTargets };

export interface InstallOptions { home: string; stateDir: string; targets: HookTargets; dryRun: boolean }
export interface InstallReport {
  agent: string; file: string; action: 'installed' | 'unchanged' | 'removed' | 'restored' | 'not-installed'; diff?: string;
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

/** What install wrote, kept in the state dir. */
interface InstallRecord { file: string; original: string | null; installed: string }

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

function writeKeepingMode(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const mode = fs.existsSync(file) ? fs.statSync(file).mode & 0o777 : 0o600;
  const tmp = `${file}.agentwatch-tmp`;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}

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
  const diff = lineDiff(text ?? '', next);
  if (o.dryRun) return { agent, file, action: 'installed', diff, ...note };
  // Keep the very first original: a re-install over our own earlier edit must not lose it.
  const previous = readRecord(o.stateDir, agent);
  const original = previous && previous.file === file ? previous.original : text;
  writeKeepingMode(file, next);
  fs.mkdirSync(stateFiles(o.stateDir).installs, { recursive: true, mode: 0o700 });
  writePrivate(recordFile(o.stateDir, agent), JSON.stringify({ file, original, installed: next } satisfies InstallRecord));
  return { agent, file, action: 'installed', diff, ...note };
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
      else writeKeepingMode(file, record.original);
      fs.rmSync(recordFile(o.stateDir, agent), { force: true });
    }
    return { agent, file, action: 'restored', diff: lineDiff(current, record.original ?? '') };
  }
  if (current === null) return { agent, file, action: 'not-installed' };
  // Changed since install (or installed from another state dir): take out only our hooks.
  const { json } = readSettings(file);
  const stripped = format.remove(json, agent);
  if (JSON.stringify(stripped) === JSON.stringify(json)) return { agent, file, action: 'not-installed' };
  const next = `${JSON.stringify(stripped, null, 2)}\n`;
  if (!o.dryRun) {
    writeKeepingMode(file, next);
    fs.rmSync(recordFile(o.stateDir, agent), { force: true });
  }
  return { agent, file, action: 'removed', diff: lineDiff(current, next) };
}

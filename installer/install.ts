// `agentwatch install/uninstall --user --agents claude-code,codex,gemini-cli`: merge our hooks into
// each agent's user config file and remember the file as it was, so uninstall can put back exactly
// those bytes. One table row per agent; the edits themselves are the pure *-hooks.ts modules.
import fs from 'node:fs';
import path from 'node:path';
import { addOurHooks, hasOurHooks, removeOurHooks, type HookTargets } from './claude-code-hooks.js';
import { addCodexHooks, hasCodexHooks, removeCodexHooks } from './codex-hooks.js';
import { addGeminiHooks, hasGeminiHooks, removeGeminiHooks } from './gemini-hooks.js';
import { lineDiff } from '../core/line-diff.js';
import { AgentwatchError } from '../core/errors.js';
import { stateFiles, writePrivate } from '../daemon/state-dir.js';

type Json = Record<string, unknown>;

export const SUPPORTED_AGENTS = ['claude-code', 'codex', 'gemini-cli'] as const;
export type SupportedAgent = (typeof SUPPORTED_AGENTS)[number];
export type { HookTargets };

export interface InstallOptions { home: string; stateDir: string; targets: HookTargets; dryRun: boolean }
export interface InstallReport {
  agent: string; file: string; action: 'installed' | 'unchanged' | 'removed' | 'restored' | 'not-installed'; diff?: string;
  /** Something the user still has to do for the hooks to run. */
  note?: string;
}

interface AgentTarget {
  /** The user-level file our hooks go into. */
  file: (home: string) => string;
  has: (settings: Json, t: HookTargets) => boolean;
  add: (settings: Json, t: HookTargets) => Json;
  remove: (settings: Json) => Json;
  note?: string;
}

const AGENTS: Record<SupportedAgent, AgentTarget> = {
  'claude-code': { file: (home) => path.join(home, '.claude', 'settings.json'), has: hasOurHooks, add: addOurHooks, remove: removeOurHooks },
  codex: {
    file: (home) => path.join(home, '.codex', 'hooks.json'),
    has: (s, t) => hasCodexHooks(s, t.command), add: (s, t) => addCodexHooks(s, t.command), remove: removeCodexHooks,
    note: 'Codex runs user hooks only once trusted: review them with /hooks in the codex TUI, or pass --dangerously-bypass-hook-trust for one run, or ship them as managed hooks in requirements.toml',
  },
  'gemini-cli': {
    file: (home) => path.join(home, '.gemini', 'settings.json'),
    has: (s, t) => hasGeminiHooks(s, t.command), add: (s, t) => addGeminiHooks(s, t.command), remove: removeGeminiHooks,
  },
};

export const isSupportedAgent = (a: string): a is SupportedAgent => (SUPPORTED_AGENTS as readonly string[]).includes(a);
export const agentConfigFile = (agent: SupportedAgent, home: string): string => AGENTS[agent].file(home);
export const claudeSettingsFile = (home: string) => agentConfigFile('claude-code', home);

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
  const a = AGENTS[agent];
  const file = a.file(o.home);
  const note = a.note === undefined ? {} : { note: a.note };
  const { text, json } = readSettings(file);
  if (a.has(json, o.targets)) return { agent, file, action: 'unchanged', ...note };
  const next = `${JSON.stringify(a.add(json, o.targets), null, 2)}\n`;
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
  const a = AGENTS[agent];
  const file = a.file(o.home);
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
  const stripped = a.remove(json);
  if (JSON.stringify(stripped) === JSON.stringify(json)) return { agent, file, action: 'not-installed' };
  const next = `${JSON.stringify(stripped, null, 2)}\n`;
  if (!o.dryRun) {
    writeKeepingMode(file, next);
    fs.rmSync(recordFile(o.stateDir, agent), { force: true });
  }
  return { agent, file, action: 'removed', diff: lineDiff(current, next) };
}

export const installClaudeCode = (o: InstallOptions): InstallReport => installAgent('claude-code', o);
export const uninstallClaudeCode = (o: Omit<InstallOptions, 'targets'>): InstallReport => uninstallAgent('claude-code', o);

// `agentwatch install/uninstall --user --agents claude-code`: merge our hooks into the user's
// settings.json and remember the file as it was, so uninstall can put back exactly those bytes.
import fs from 'node:fs';
import path from 'node:path';
import { addOurHooks, hasOurHooks, removeOurHooks, type HookTargets } from './claude-code-hooks.js';
import { lineDiff } from './line-diff.js';
import { AgentwatchError } from '../daemon/errors.js';
import { stateFiles, writePrivate } from '../daemon/state-dir.js';

export const SUPPORTED_AGENTS = ['claude-code'] as const;

export interface InstallOptions { home: string; stateDir: string; targets: HookTargets; dryRun: boolean }
export interface InstallReport { agent: string; file: string; action: 'installed' | 'unchanged' | 'removed' | 'restored' | 'not-installed'; diff?: string }

/** What install wrote, kept in the state dir. */
interface InstallRecord { file: string; original: string | null; installed: string }

const recordFile = (stateDir: string) => path.join(stateFiles(stateDir).installs, 'claude-code-user.json');
export const claudeSettingsFile = (home: string) => path.join(home, '.claude', 'settings.json');

function readSettings(file: string): { text: string | null; json: Record<string, unknown> } {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { text: null, json: {} };
    throw new AgentwatchError('AW_ERR_INSTALL', `cannot read ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try { json = text.trim() === '' ? {} : JSON.parse(text); } catch (err) {
    throw new AgentwatchError('AW_ERR_INSTALL', `${file} is not valid JSON (${(err as Error).message}); fix it first, nothing was changed`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new AgentwatchError('AW_ERR_INSTALL', `${file} does not hold a JSON object; nothing was changed`);
  return { text, json: json as Record<string, unknown> };
}

function writeKeepingMode(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const mode = fs.existsSync(file) ? fs.statSync(file).mode & 0o777 : 0o600;
  const tmp = `${file}.agentwatch-tmp`;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}

export function installClaudeCode(o: InstallOptions): InstallReport {
  const file = claudeSettingsFile(o.home);
  const { text, json } = readSettings(file);
  if (hasOurHooks(json, o.targets)) return { agent: 'claude-code', file, action: 'unchanged' };
  const next = `${JSON.stringify(addOurHooks(json, o.targets), null, 2)}\n`;
  const diff = lineDiff(text ?? '', next);
  if (o.dryRun) return { agent: 'claude-code', file, action: 'installed', diff };
  // Keep the very first original: a re-install over our own earlier edit must not lose it.
  const previous = readRecord(o.stateDir);
  const original = previous && previous.file === file ? previous.original : text;
  writeKeepingMode(file, next);
  fs.mkdirSync(stateFiles(o.stateDir).installs, { recursive: true, mode: 0o700 });
  writePrivate(recordFile(o.stateDir), JSON.stringify({ file, original, installed: next } satisfies InstallRecord));
  return { agent: 'claude-code', file, action: 'installed', diff };
}

function readRecord(stateDir: string): InstallRecord | undefined {
  try { return JSON.parse(fs.readFileSync(recordFile(stateDir), 'utf8')) as InstallRecord; } catch { return undefined; }
}

export function uninstallClaudeCode(o: Omit<InstallOptions, 'targets'>): InstallReport {
  const file = claudeSettingsFile(o.home);
  const record = readRecord(o.stateDir);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  // Untouched since install: put back the exact bytes (or the absence) we found.
  if (record && record.file === file && current === record.installed) {
    if (!o.dryRun) {
      if (record.original === null) fs.rmSync(file, { force: true });
      else writeKeepingMode(file, record.original);
      fs.rmSync(recordFile(o.stateDir), { force: true });
    }
    return { agent: 'claude-code', file, action: 'restored', diff: lineDiff(current, record.original ?? '') };
  }
  if (current === null) return { agent: 'claude-code', file, action: 'not-installed' };
  // Changed since install (or installed from another state dir): take out only our hooks.
  const { json } = readSettings(file);
  const stripped = removeOurHooks(json);
  if (JSON.stringify(stripped) === JSON.stringify(json)) return { agent: 'claude-code', file, action: 'not-installed' };
  const next = `${JSON.stringify(stripped, null, 2)}\n`;
  if (!o.dryRun) {
    writeKeepingMode(file, next);
    fs.rmSync(recordFile(o.stateDir), { force: true });
  }
  return { agent: 'claude-code', file, action: 'removed', diff: lineDiff(current, next) };
}

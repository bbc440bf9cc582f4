// Which files hold agentwatch's hooks (and other installed pieces) on this machine, and whether they still
// do. The answer comes from the install records `agentwatch install` keeps in the state dir (installs/
// <agent>-<level>.json, each naming the file it wrote), so whatever install puts somewhere — a user settings
// file, a managed drop-in, a service unit — is what the tamper watcher and `agentwatch doctor` check.
// Putting hooks back is install's own installAgent, never a second writer.
import fs from 'node:fs';
import path from 'node:path';
import { hasAgentwatchHook } from '../../core/agents/hook-marks.js';
import { stateFiles } from '../../core/state-files.js';
import type { InstallReport } from '../../installer/install.js';

export interface ExpectedFile {
  /** The agent the record is for (`<agent>` in installs/<agent>-<level>.json); may name no catalog agent (a service). */
  agent: string;
  level: string;
  /** The file install wrote. */
  file: string;
  /** The record itself. */
  record: string;
}

/** `missing`: our hooks are gone; `disabled`: the agent's kill switch is on; `deleted`: the file is gone. */
export type HookFileState = 'present' | 'missing' | 'disabled' | 'deleted';

const RECORD_NAME = /^(.+)-([a-z]+)\.json$/;

/** Every file the install records name. */
export function expectedFiles(stateDir: string): ExpectedFile[] {
  const dir = stateFiles(stateDir).installs;
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return []; }
  return names.flatMap((name) => {
    const m = RECORD_NAME.exec(name);
    if (!m) return [];
    const record = path.join(dir, name);
    try {
      const { file } = JSON.parse(fs.readFileSync(record, 'utf8')) as { file?: unknown };
      return typeof file === 'string' && path.isAbsolute(file) ? [{ agent: m[1]!, level: m[2]!, file, record }] : [];
    } catch { return []; }
  });
}

/**
 * Pure: the state of one installed file from its text (null: gone). A JSON settings file is judged by its
 * hook entries (core/agents/hook-marks.ts) and Claude Code's `disableAllHooks`; anything else (TOML, a unit
 * file) by whether it still mentions agentwatch.
 */
export function hookFileState(agent: string, text: string | null): HookFileState {
  if (text === null) return 'deleted';
  let json: unknown;
  try { json = JSON.parse(text); } catch { return /agentwatch|\/v1\/hooks\//.test(text) ? 'present' : 'missing'; }
  if (json === null || typeof json !== 'object') return 'missing';
  if ((json as { disableAllHooks?: unknown }).disableAllHooks === true) return 'disabled';
  return hasAgentwatchHook(json, agent) ? 'present' : 'missing';
}

export function readState(e: Pick<ExpectedFile, 'agent' | 'file'>): HookFileState {
  let text: string | null;
  try { text = fs.readFileSync(e.file, 'utf8'); } catch { text = null; }
  return hookFileState(e.agent, text);
}

/**
 * Puts an agent's user-level hooks back with install's own edit (only where install would write them);
 * undefined when this file is not one install can restore. The installer is loaded only here, when hooks
 * are put back, not when the daemon starts (issue 10: its footprint).
 */
export async function restoreHooks(e: ExpectedFile, o: { home: string; stateDir: string; url: string; command: string; secret: string }): Promise<InstallReport | undefined> {
  const { agentConfigFile, installAgent, isSupportedAgent } = await import('../../installer/install.js');
  if (e.level !== 'user' || !isSupportedAgent(e.agent) || agentConfigFile(e.agent, o.home) !== e.file) return undefined;
  // A kill switch is the user's key, not install's: switch it off again, and keep every other key.
  if (readState(e) === 'disabled') {
    const json = JSON.parse(fs.readFileSync(e.file, 'utf8')) as Record<string, unknown>;
    delete json.disableAllHooks;
    fs.writeFileSync(e.file, `${JSON.stringify(json, null, 2)}\n`);
  }
  return installAgent(e.agent, { home: o.home, stateDir: o.stateDir, dryRun: false, targets: { url: o.url, command: o.command, secret: o.secret } });
}

// The IT policy: a config document IT pushes to `/etc/agentwatch/policy.yaml` (macOS: `/Library/Application
// Support/agentwatch/policy.yaml`; AGENTWATCH_POLICY names another file, for tests and packaging). It has the
// config file's keys (daemon/config/schema.ts); every key it sets is locked: it wins over the user's config
// and over command-line flags, and `agentwatch status` lists it with the file that locked it.
//
// A broken policy (unreadable, not YAML, an unknown key, a wrong type) is one line in health and the log, and
// the last good policy stays in force: every good read is copied into the state dir (0600), and a broken file
// falls back to that copy. With no good copy yet the user's config runs, and health says no policy is in force.
// A missing file is no policy.
import fs from 'node:fs';
import path from 'node:path';
import { parseConfig, readConfigFile } from './load.js';

export { overlay } from './load.js';
import { writePrivate } from '../../core/state-files.js';

type Json = Record<string, unknown>;

export interface ItPolicy {
  /** The policy file IT manages. */
  file: string;
  /** The document in force (the file's, or the last good copy's). */
  doc: Json;
  /** Every locked key (dotted path) with its value. */
  locked: Record<string, unknown>;
  /** `last-good`: the file is broken and the copy from its last good read is in force. */
  source: 'file' | 'last-good';
  /** Why the file itself was not taken (one line). */
  error?: string;
}

/** A policy file that could not be taken and no good copy to fall back on: nothing is locked. */
export interface BrokenPolicy { file: string; error: string }

export function defaultPolicyFile(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.AGENTWATCH_POLICY) return env.AGENTWATCH_POLICY;
  return platform === 'darwin' ? '/Library/Application Support/agentwatch/policy.yaml' : '/etc/agentwatch/policy.yaml';
}

export const lastGoodFile = (stateDir: string) => path.join(stateDir, 'policy-last-good.json');

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Pure: the dotted path of every leaf the document sets (arrays are leaves). */
export function lockedKeys(doc: Json, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isObject(v) && Object.keys(v).length > 0) Object.assign(out, lockedKeys(v, key));
    else out[key] = v;
  }
  return out;
}

/** The policy in force, undefined when there is none; a broken file falls back to the last good copy. */
export function loadItPolicy(file: string, stateDir: string | undefined): ItPolicy | BrokenPolicy | undefined {
  if (!fs.existsSync(file)) return undefined;
  let error: string;
  try {
    const doc = readConfigFile(file);
    if (!isObject(doc)) throw new Error(`policy ${file}: not a mapping of config keys`);
    parseConfig(doc, file); // the same validation as a config file: unknown keys and bad values are refused
    if (stateDir !== undefined && fs.existsSync(stateDir)) writePrivate(lastGoodFile(stateDir), JSON.stringify(doc));
    return { file, doc, locked: lockedKeys(doc), source: 'file' };
  } catch (err) {
    error = (err as Error).message.split('\n')[0]!.replace(/^config /, 'policy ');
  }
  const copy = stateDir === undefined ? undefined : readLastGood(stateDir);
  if (!copy) return { file, error };
  return { file, doc: copy, locked: lockedKeys(copy), source: 'last-good', error };
}

function readLastGood(stateDir: string): Json | undefined {
  try {
    const doc: unknown = JSON.parse(fs.readFileSync(lastGoodFile(stateDir), 'utf8'));
    return isObject(doc) ? doc : undefined;
  } catch { return undefined; }
}

export const isInForce = (p: ItPolicy | BrokenPolicy | undefined): p is ItPolicy => p !== undefined && 'doc' in p;

/** What health and `agentwatch status` say about the policy. */
export function policyHealth(p: ItPolicy | BrokenPolicy | undefined): { status: 'ok' | 'degraded'; reason?: string; file?: string; source?: string; locked?: Record<string, unknown> } {
  if (p === undefined) return { status: 'ok' };
  if (!isInForce(p)) return { status: 'degraded', reason: `${p.error}; no policy in force (no good copy to fall back on)`, file: p.file };
  return {
    status: p.error ? 'degraded' : 'ok', ...(p.error ? { reason: `${p.error}; the last good policy stays in force` } : {}),
    file: p.file, source: p.source, locked: p.locked,
  };
}

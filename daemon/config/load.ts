// Defaults ← optional JSON/YAML file ← command-line overrides; validated once, then frozen.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigSchema, type Config } from './schema.js';
import { ConfigError } from '../../core/errors.js';

export interface ConfigOverrides {
  port?: number;
  mode?: 'observe' | 'enforce';
}

/** The config file used when none is named: `$XDG_CONFIG_HOME/agentwatch/config.{yaml,yml,json}`. */
export function defaultConfigFile(env: NodeJS.ProcessEnv, home: string): string | undefined {
  const dir = path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'agentwatch');
  return ['config.yaml', 'config.yml', 'config.json'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
}

/** Reads and parses a config file; any problem is one line naming the file (and the key). */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw ConfigError(`config ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    const doc = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { logLevel: 'error' });
    return doc ?? {};
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    throw ConfigError(`config ${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${msg}`);
  }
}

export function parseConfig(raw: unknown, file = '(defaults)'): Config {
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    const key = keys.map(String).join('.') || '(root)';
    const what = issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message;
    throw ConfigError(`config ${file}: ${key}: ${what}`);
  }
  return result.data;
}

/**
 * The config: the user's file, the command-line overrides, then the IT policy (daemon/config/it-policy.ts)
 * over both, so a locked key is the policy's whatever the user writes or passes.
 */
export function loadConfig(file: string | undefined, overrides: ConfigOverrides = {}, policy?: { file: string; doc: Json }): Readonly<Config> {
  const raw = file === undefined ? {} : readConfigFile(file);
  const config = parseConfig(raw, file);
  if (overrides.port !== undefined) config.port = overrides.port;
  if (overrides.mode !== undefined) config.policy.mode = overrides.mode;
  if (policy === undefined) return deepFreeze(config);
  return deepFreeze(parseConfig(overlay(config, policy.doc), policy.file));
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Pure: `base` with every key `over` sets replaced by its value (objects merged, arrays and scalars replaced). */
export function overlay(base: unknown, over: Json): Json {
  const out: Json = isObject(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) ? overlay(out[k], v) : v;
  return out;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

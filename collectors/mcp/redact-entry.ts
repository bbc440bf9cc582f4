// A server entry as it may be printed, stored or streamed: secrets masked. env and headers are redacted with
// their names (`API_KEY=…` is a secret by its name even when the value has no recognisable shape).
import { redactString } from '../../core/redact.js';
import type { McpServerConfig } from './types.js';
import { isReference } from './findings-sensitive.js';

const MASK = '[REDACTED]';

function redactNamed(record: Record<string, string> | undefined, sep: string): Record<string, string> | undefined {
  if (!record) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) {
    if (isReference(v)) { out[k] = v; continue; }
    const whole = `${k}${sep}${v}`;
    const r = redactString(whole);
    out[k] = r === whole ? v : r.startsWith(`${k}${sep}`) ? r.slice(k.length + sep.length) : MASK;
  }
  return out;
}

export function redactServer<T extends McpServerConfig>(s: T): T {
  const args = s.args?.map((a, i, all) => (i > 0 && /^--?[\w-]*(token|secret|api[-_]?key|apikey|password|passwd|pwd|auth|credential)[\w-]*$/i.test(all[i - 1]!) && !isReference(a) ? MASK : redactString(a)));
  return {
    ...s,
    ...(s.command !== undefined ? { command: redactString(s.command) } : {}),
    ...(args ? { args } : {}),
    ...(s.env ? { env: redactNamed(s.env, '=') } : {}),
    ...(s.headers ? { headers: redactNamed(s.headers, ': ') } : {}),
    ...(s.url !== undefined ? { url: redactString(s.url) } : {}),
    ...(s.cwd !== undefined ? { cwd: redactString(s.cwd) } : {}),
  };
}

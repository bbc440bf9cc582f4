// Agent stamps in a process environment: the parser is pure (tested on plain strings), the reader is
// the only part that touches /proc. Agents stamp the processes they spawn, which is how an OS event
// is tied to a session without any help from hooks (../shared/reference/real-agents.md).
import fs from 'node:fs';
import { stampOf } from '../../core/agents/stamp.js';
import type { EnvStamp } from '../../core/agents/stamp.js';

// Which variables stamp which agent is catalog data (core/agents/catalog.yaml); the stamp itself is core.
export { stampOf, type EnvStamp };

/** `/proc/<pid>/environ`: NUL-separated `KEY=value` entries; a value may itself hold `=`. */
export function parseEnviron(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

/** Reads a live process's stamp; undefined when it has none, is gone already, or is not ours to read. */
export function readEnvironStamp(pid: number, procRoot = '/proc'): EnvStamp | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`${procRoot}/${pid}/environ`, 'latin1');
  } catch {
    return undefined; // best effort: short-lived processes are often gone before we look
  }
  return stampOf(parseEnviron(text));
}

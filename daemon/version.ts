// The package version, read once from package.json (one level above dist/daemon or daemon/).
import fs from 'node:fs';

function readVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const p = JSON.parse(fs.readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (p.name === 'agentwatch' && p.version) return p.version;
    } catch { /* try the next location */ }
  }
  return '0.0.0';
}

export const VERSION = readVersion();

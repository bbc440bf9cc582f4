// Read-only: are agentwatch's hooks in this agent's user hook config (the catalog's `install.file`)? The
// same test install uses to find its own entries (core/agents/hook-marks.ts), but this never writes and
// never throws.
import fs from 'node:fs';
import path from 'node:path';
import { agentCatalog, type Catalog } from '../../core/agents/catalog.js';
import { hasAgentwatchHook } from '../../core/agents/hook-marks.js';

export { hasAgentwatchHook };

/** true/false for agents agentwatch can install hooks into; undefined for the others. */
export function hooksInstalled(agent: string, home: string, catalog: Catalog = agentCatalog()): boolean | undefined {
  const install = catalog.agents.find((a) => a.kind === agent)?.install;
  if (!install) return undefined;
  try {
    return hasAgentwatchHook(JSON.parse(fs.readFileSync(path.join(home, install.file.slice(2)), 'utf8')), agent);
  } catch {
    return false; // missing or unreadable: no hooks of ours there
  }
}

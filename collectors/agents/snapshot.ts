// One look at the machine: scan the processes (the platform's way), recognise the agents, and add the
// session ids their files name. Shared by `agentwatch agents` and the agent collector.
import type { Catalog } from '../../core/agents/catalog.js';
import { buildInventory, type AgentProcess } from './inventory.js';
import { installedExtensions } from './editor-extensions.js';
import { ownTable, ProcScanner } from './proc-scan.js';
import type { ProcessTable } from '../proc/process-table.js';
import type { ProcessView } from './recognise.js';
import { sessionHintsFor } from './sessions.js';

/** All processes now: /proc on Linux, ps-list elsewhere (or when asked, which is how ps-list is tested on Linux). */
export async function scanProcesses(opts: { psList?: boolean } = {}): Promise<ProcessView[]> {
  return (await new ProcScanner(ownTable(opts)).scan()).procs;
}

/** The agent rows of a snapshot, with session ids from Claude's sessions/<pid>.json and open transcripts. */
export function inventoryOf(procs: readonly ProcessView[], catalog: Catalog, home: string, table?: ProcessTable): AgentProcess[] {
  const rows = buildInventory(procs, catalog, { extensions: installedExtensions(home) });
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  for (const row of rows) {
    const ids = new Set(row.sessionIds);
    for (const pid of [row.pid, ...row.innerPids]) {
      const key = byPid.get(pid)?.procKey;
      if (key) for (const id of sessionHintsFor(row.agent, pid, key, home, table)) ids.add(id);
    }
    row.sessionIds = [...ids];
  }
  return rows;
}

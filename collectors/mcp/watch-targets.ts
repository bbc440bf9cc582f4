// Which directories the MCP config watcher watches (depth 0) for a set of config files, some of which
// may not exist yet: the file watcher's planner (collectors/file/watch-plan.ts) does exactly this for
// its catalog, so the config files are handed to it as catalog entries.
import { statSync } from 'node:fs';
import { isShallowRelevant, planCatalog, type Exists, type WatchPlan } from '../file/watch-plan.js';

const exists: Exists = (p) => {
  try { return statSync(p).isDirectory() ? 'dir' : 'file'; } catch { return undefined; }
};

export class WatchTargets {
  private current: WatchPlan = { anchors: new Set(), targets: new Map(), ancestors: new Set(), deep: new Map() };
  private readonly watched = new Set<string>();

  constructor(private readonly fsExists: Exists = exists) {}

  /** Plans again for `files` (absolute); answers the directories not watched so far. */
  plan(files: readonly string[]): string[] {
    const entries = files.map((path) => ({ id: 'mcp-config', class: 'agent-config' as const, kind: 'file' as const, path }));
    this.current = planCatalog(entries, '/', process.platform, this.fsExists);
    const fresh = [...this.current.anchors].filter((a) => !this.watched.has(a));
    for (const a of fresh) this.watched.add(a);
    return fresh;
  }

  /** What the watcher lets through: watched directories, config files, directories on the way to them. */
  isRelevant(path: string): boolean {
    return this.watched.has(path) || isShallowRelevant(this.current, path);
  }

  /** A directory on the way to a config file that did not exist at the last plan. */
  isAncestor(path: string): boolean {
    return this.current.ancestors.has(path);
  }

  anchorCount(): number {
    return this.watched.size;
  }
}

// Pure planning for the file watcher: which directories to watch shallowly (parents of catalog files,
// and the nearest existing ancestor of what does not exist yet, so its creation is noticed), which to
// watch recursively, and which paths inside a recursive watch are ignored. Tested without a filesystem.
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { GIT_KEPT, type WatchEntry } from './watch-catalog.js';

export type Exists = (path: string) => 'file' | 'dir' | undefined;

export interface WatchPlan {
  /** Directories watched at depth 0; only `targets` and `ancestors` inside them are let through. */
  anchors: Set<string>;
  /** Catalog files (absolute). */
  targets: Map<string, WatchEntry>;
  /** Ancestors of catalog paths that do not exist yet: their appearance triggers a re-plan. */
  ancestors: Set<string>;
  /** Existing catalog directories, watched recursively. */
  deep: Map<string, WatchEntry>;
}

export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/** Plans the catalog for this home and platform; `exists` is the only view of the filesystem. */
export function planCatalog(catalog: readonly WatchEntry[], home: string, platform: string, exists: Exists): WatchPlan {
  const plan: WatchPlan = { anchors: new Set(), targets: new Map(), ancestors: new Set(), deep: new Map() };
  for (const entry of catalog) {
    if (entry.os && entry.os !== platform) continue;
    const abs = expandHome(entry.path, home);
    if (!isAbsolute(abs)) continue;
    const kind = exists(abs);
    if (entry.kind === 'dir' && kind === 'dir') { plan.deep.set(abs, entry); continue; }
    if (entry.kind === 'file') plan.targets.set(abs, entry);
    else plan.ancestors.add(abs); // a missing catalog dir is watched for creation like an ancestor
    // Walk up to the nearest existing directory; everything between is watched for creation.
    let parent = dirname(abs);
    while (exists(parent) !== 'dir' && parent !== dirname(parent)) {
      plan.ancestors.add(parent);
      parent = dirname(parent);
    }
    plan.anchors.add(parent);
  }
  return plan;
}

/** What the shallow watcher lets through: its anchors, catalog files, ancestors of missing paths. */
export function isShallowRelevant(plan: WatchPlan, path: string): boolean {
  return plan.anchors.has(path) || plan.targets.has(path) || plan.ancestors.has(path);
}

/** The longest root that contains `path`, or undefined. */
export function rootOf(roots: Iterable<string>, path: string): string | undefined {
  let best: string | undefined;
  for (const r of roots) {
    if ((path === r || path.startsWith(r.endsWith(sep) ? r : r + sep)) && (!best || r.length > best.length)) best = r;
  }
  return best;
}

/**
 * Ignored below a recursive root: any directory named in `ignoredDirs`, and inside `.git` everything
 * but hooks and config (objects, index, refs and logs change on every git command).
 */
export function isIgnoredBelow(root: string, path: string, ignoredDirs: ReadonlySet<string>): boolean {
  const rel = relative(root, path);
  if (!rel || rel.startsWith('..')) return false;
  const segs = rel.split(sep);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (ignoredDirs.has(s)) return true;
    if (s === '.git' && i + 1 < segs.length && !GIT_KEPT.includes(segs[i + 1]!)) return true;
  }
  return false;
}

/** True when `path` is one of `paths` or below one of them (the daemon's own files and directories). */
export function isUnderAny(paths: readonly string[], path: string): boolean {
  return paths.some((p) => path === p || path.startsWith(p.endsWith(sep) ? p : p + sep));
}

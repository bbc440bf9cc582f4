// File watcher (any user): chokidar over the sensitive-location catalog (watch-catalog.ts) and the
// workspaces of active sessions. Writes and deletes become file.write / file.delete. inotify (and so
// chokidar) reports no reads: secret *reads* need the kernel tier, and health says so.
// Every watched directory and file costs one inotify watch, from a per-user kernel pool shared with
// IDEs; we estimate the cost of a tree before adding it and refuse trees that would pass the budget.
import { watch, type FSWatcher } from 'chokidar';
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Event } from '../../core/event.js';
import type { Collector, CollectorContext, CollectorHealth, EventSink } from '../collector.js';
import type { FileWatchConfig } from './config.js';
import { watchCatalogWithAgents, type WatchEntry } from './watch-catalog.js';
import { agentCatalog } from '../../core/agents/catalog.js';
import { expandHome, isIgnoredBelow, isShallowRelevant, isUnderAny, planCatalog, rootOf, type Exists, type WatchPlan } from './watch-plan.js';
import { ProcFs } from '../proc/procfs.js';

export interface FileWatchCollector extends Collector {
  /** Watch a workspace (also registered on ctx.onWorkspace). False when refused (budget, missing). */
  addWorkspace(cwd: string): boolean;
}

const exists: Exists = (p) => {
  try { const s = statSync(p); return s.isDirectory() ? 'dir' : 'file'; } catch { return undefined; }
};

/** Watches a tree would cost (dirs + files, as chokidar watches both), counting stops past `limit`. */
export function estimateWatchCost(root: string, maxDepth: number, ignored: ReadonlySet<string>, limit: number): number {
  let cost = 1;
  let level = [root];
  for (let depth = 0; depth <= maxDepth && level.length > 0 && cost <= limit; depth++) {
    const nextLevel: string[] = [];
    for (const dir of level) {
      let entries;
      try { entries = readdirSync(dir, { withFileTypes: true }); } catch { continue; }
      for (const e of entries) {
        const p = join(dir, e.name);
        if (isIgnoredBelow(root, p, ignored)) continue;
        cost++;
        if (e.isDirectory() && depth < maxDepth) nextLevel.push(p);
        if (cost > limit) return cost;
      }
    }
    level = nextLevel;
  }
  return cost;
}

/** inotify watches this whole process holds (Linux), from /proc/self/fdinfo; undefined elsewhere. */
export function countProcessInotifyWatches(): number | undefined {
  return process.platform === 'linux' ? new ProcFs().inotifyWatches('self') : undefined;
}

export function createFileWatchCollector(cfg: FileWatchConfig, catalog: readonly WatchEntry[] = watchCatalogWithAgents(agentCatalog())): FileWatchCollector {
  const ignoredDirs = new Set(cfg.ignoredDirs);
  let sink: EventSink | undefined;
  let ctx: CollectorContext | undefined;
  let shallow: FSWatcher | undefined;
  let deep: FSWatcher | undefined;
  let plan: WatchPlan = { anchors: new Set(), targets: new Map(), ancestors: new Set(), deep: new Map() };
  const deepRoots = new Map<string, { entry?: WatchEntry; workspace: boolean; cost: number; addedAt: number }>();
  const anchorsAddedAt = new Map<string, number>();
  let used = 0;
  let emitted = 0;
  const refused = new Map<string, number>(); // root → estimated cost that did not fit
  let lastError: string | undefined;

  // chokidar (v5, followSymlinks: false) reports symlinks found by its initial scan as 'add' despite
  // ignoreInitial; a link whose inode changed before we started watching its tree is not news.
  const isOldSymlink = (path: string, fromShallow: boolean): boolean => {
    const addedAt = fromShallow ? anchorsAddedAt.get(dirname(path)) : deepRoots.get(rootOf(deepRoots.keys(), path) ?? '')?.addedAt;
    try {
      const st = lstatSync(path);
      return st.isSymbolicLink() && addedAt !== undefined && st.ctimeMs < addedAt;
    } catch { return false; }
  };

  const emit = (change: 'add' | 'change' | 'unlink', path: string, fromShallow: boolean): void => {
    if (!sink || !ctx || isUnderAny(ctx.selfPaths, path)) return;
    if (change === 'add' && isOldSymlink(path, fromShallow)) return;
    const detail: Record<string, string | number | boolean> = { tier: 'inotify', change };
    const entry = fromShallow ? plan.targets.get(path) : deepRoots.get(rootOf(deepRoots.keys(), path) ?? '')?.entry;
    const root = fromShallow ? undefined : rootOf(deepRoots.keys(), path);
    if (entry) { detail.class = entry.class; detail.catalogId = entry.id; }
    if (root && deepRoots.get(root)?.workspace) detail.workspace = root;
    const e: Event = {
      id: ctx.newId(), ts: ctx.now(), source: 'file', kind: change === 'unlink' ? 'file.delete' : 'file.write',
      agent: { kind: 'unknown' }, path, detail,
    };
    sink.emit(e);
    emitted++;
  };

  const addDeep = (root: string, meta: { entry?: WatchEntry; workspace: boolean }): boolean => {
    if (!deep || deepRoots.has(root) || rootOf(deepRoots.keys(), root)) return true; // already covered
    if (ctx && isUnderAny(ctx.selfPaths, root)) return false;
    const remaining = cfg.maxWatches - used;
    const cost = estimateWatchCost(root, cfg.maxDepth, ignoredDirs, remaining);
    if (cost > remaining) {
      refused.set(root, cost);
      ctx?.log.warn({ observed: { root }, cost, used, budget: cfg.maxWatches }, 'file watcher: over the inotify budget, not watching');
      return false;
    }
    refused.delete(root);
    used += cost;
    deepRoots.set(root, { ...meta, cost, addedAt: Date.now() });
    deep.add(root);
    return true;
  };

  const applyPlan = (): void => {
    const old = plan;
    plan = planCatalog(catalog, ctx?.home ?? '/', process.platform, exists);
    for (const a of plan.anchors) {
      if (old.anchors.has(a) && shallow?.getWatched()[a]) continue;
      if (!old.anchors.has(a)) { used += 1; anchorsAddedAt.set(a, Date.now()); } // the anchor directory itself
      shallow?.add(a);
    }
    for (const t of plan.targets.keys()) if (!old.targets.has(t) && exists(t)) used += 1;
    for (const [dir, entry] of plan.deep) addDeep(dir, { entry, workspace: false });
  };

  const ready = (w: FSWatcher): Promise<void> => new Promise((resolve) => w.once('ready', () => resolve()));

  const addWorkspace = (cwd: string): boolean => {
    if (!cfg.workspaces || !deep || exists(cwd) !== 'dir') return false;
    return addDeep(cwd, { workspace: true });
  };

  return {
    name: 'file-watch',
    addWorkspace,
    async start(s, c) {
      if (shallow) return;
      sink = s;
      ctx = c;
      const common = { ignoreInitial: true, persistent: false, followSymlinks: false, ignorePermissionErrors: true } as const;
      shallow = watch([], {
        ...common, depth: 0,
        ignored: (p: string) => !isShallowRelevant(plan, p) || isUnderAny(c.selfPaths, p),
      });
      deep = watch([], {
        ...common, depth: cfg.maxDepth,
        ignored: (p: string) => {
          const root = rootOf(deepRoots.keys(), p);
          return root === undefined ? false : isIgnoredBelow(root, p, ignoredDirs) || isUnderAny(c.selfPaths, p);
        },
      });
      for (const w of [shallow, deep]) w.on('error', (err: unknown) => { lastError = String(err); });
      shallow.on('add', (p) => emit('add', p, true)).on('change', (p) => emit('change', p, true))
        .on('unlink', (p) => emit('unlink', p, true))
        // A missing catalog directory (or one of its parents) appeared: plan again to watch into it.
        .on('addDir', (p) => { if (plan.ancestors.has(p)) applyPlan(); });
      deep.on('add', (p) => emit('add', p, false)).on('change', (p) => emit('change', p, false))
        .on('unlink', (p) => emit('unlink', p, false));
      const readyAll = Promise.all([ready(shallow), ready(deep)]);
      applyPlan();
      for (const extra of cfg.extraDirs) addDeep(expandHome(extra, c.home), { workspace: false });
      // chokidar emits 'ready' only after a first add; make sure both got one.
      if (plan.anchors.size === 0) shallow.add([]);
      if (deepRoots.size === 0) deep.add([]);
      c.onWorkspace((cwd) => { addWorkspace(cwd); });
      await Promise.race([readyAll, new Promise((r) => setTimeout(r, 10_000).unref())]);
    },
    async stop() {
      const ws = [shallow, deep];
      shallow = deep = undefined;
      sink = undefined;
      await Promise.all(ws.map((w) => w?.close()));
    },
    health(): CollectorHealth {
      const real = countProcessInotifyWatches();
      const degraded = [...refused].map(([root, cost]) => `${root} (needs ≥ ${cost})`);
      const detail = [
        degraded.length ? `degraded: over the budget of ${cfg.maxWatches} inotify watches (${used} used), not watching ${degraded.join(', ')}` : '',
        `${plan.targets.size} catalog files, ${deepRoots.size} recursive roots (${[...deepRoots.values()].filter((r) => r.workspace).length} workspaces)`,
        real !== undefined ? `${real} inotify watches held by this process` : '',
        'writes, creations and deletions only: inotify cannot tell reads (secret reads need the kernel tier)',
      ].filter(Boolean).join('; ');
      return {
        ok: shallow !== undefined && !lastError,
        tier: `inotify (${used}/${cfg.maxWatches} watches${degraded.length ? ', degraded' : ''})`,
        detail,
        ...(lastError ? { lastError } : degraded.length ? { lastError: `degraded: ${degraded.length} workspace(s) over the inotify budget` } : {}),
        emitted,
      };
    },
  };
}

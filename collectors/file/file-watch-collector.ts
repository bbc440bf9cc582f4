// File watcher (any user): chokidar over the sensitive-location catalog (watch-catalog.ts) and the
// workspaces of active sessions. Writes and deletes become file.write / file.delete. inotify (and so
// chokidar) reports no reads: secret *reads* need the kernel tier, and health says so.
// Every watched directory and file costs one inotify watch, from a per-user kernel pool shared with
// IDEs; we estimate the cost of a tree before adding it and refuse trees that would pass the budget.
// Each workspace has a watcher of its own, closed (its watches released) when its last session ends or,
// unconfirmed by an agent process, goes idle (workspace-grants.ts decides who may hold what).
import { watch, type FSWatcher } from 'chokidar';
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Event } from '../../core/event.js';
import type { Collector, CollectorContext, CollectorHealth, EventSink, WorkspaceOwner } from '../collector.js';
import type { FileWatchConfig } from './config.js';
import { watchCatalogWithAgents, type WatchEntry } from './watch-catalog.js';
import { agentCatalog } from '../../core/agents/catalog.js';
import { expandHome, isIgnoredBelow, isShallowRelevant, isUnderAny, planCatalog, rootOf, type Exists, type WatchPlan } from './watch-plan.js';
import { ProcFs } from '../proc/procfs.js';
import { ANONYMOUS, WorkspaceGrants, type Refusal } from './workspace-grants.js';

/** How often idle unconfirmed workspaces are looked for. */
const SWEEP_MS = 60_000;
/** Sessions whose workspace was refused for room, retried on their next tool call after a release. */
const MAX_PENDING = 1024;
/** Roots named in the degraded detail (refused over the whole budget); the rest are only counted. */
const MAX_REFUSED_NAMED = 20;

export interface FileWatchCollector extends Collector {
  /**
   * Watch a workspace (also registered on ctx.onWorkspace). False when refused (budget, missing, too
   * broad, the session's or the unconfirmed sessions' share). No owner: held for good.
   */
  addWorkspace(cwd: string, owner?: WorkspaceOwner): boolean;
  /** Released watches of a session that ended (also registered on ctx.onSessionEnd). */
  endSession(sessionId: string): void;
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
  const deepRoots = new Map<string, { entry?: WatchEntry; workspace: boolean; cost: number; addedAt: number; watcher?: FSWatcher }>();
  const anchorsAddedAt = new Map<string, number>();
  let used = 0;
  let emitted = 0;
  const refused = new Map<string, number>(); // root → estimated cost that did not fit the whole budget
  let lastError: string | undefined;
  let grants: WorkspaceGrants | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let releases = 0; // bumps on every release: a pending session is worth retrying
  const pending = new Map<string, { cwd: string; owner: WorkspaceOwner; releases: number }>();
  const common = { ignoreInitial: true, persistent: false, followSymlinks: false, ignorePermissionErrors: true } as const;

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

  /** Watches `root` recursively within `room` (besides the whole budget); the cost, or why it was refused. */
  const addDeep = (root: string, meta: { entry?: WatchEntry; workspace: boolean }, room = Infinity): number | Refusal | undefined => {
    if (!deep || deepRoots.has(root) || rootOf(deepRoots.keys(), root)) return undefined; // already covered
    if (ctx && isUnderAny(ctx.selfPaths, root)) return 'budget';
    const remaining = Math.min(cfg.maxWatches - used, room);
    const cost = estimateWatchCost(root, cfg.maxDepth, ignoredDirs, remaining);
    if (cost > remaining) {
      const overall = cost > cfg.maxWatches - used;
      // Only refusals over the whole budget degrade (and are named): an unconfirmed session's share running
      // out is the cap doing its job, and a flood of forged cwds must not grow the detail.
      if (overall && (refused.has(root) || refused.size < MAX_REFUSED_NAMED)) refused.set(root, cost);
      ctx?.log.warn({ observed: { root }, cost, used, budget: cfg.maxWatches, room }, overall ? 'file watcher: over the inotify budget, not watching' : 'file watcher: over the share of unconfirmed sessions, not watching');
      return overall ? 'budget' : 'unconfirmed-budget';
    }
    refused.delete(root);
    used += cost;
    const watcher = meta.workspace ? workspaceWatcher(root) : undefined;
    deepRoots.set(root, { ...meta, cost, addedAt: Date.now(), watcher });
    if (!watcher) deep.add(root);
    return cost;
  };

  /** A workspace's own watcher: closing it releases every watch of its tree (chokidar's unwatch would not). */
  const workspaceWatcher = (root: string): FSWatcher => {
    const w = watch(root, {
      ...common, depth: cfg.maxDepth,
      ignored: (p: string) => isIgnoredBelow(root, p, ignoredDirs) || isUnderAny(ctx?.selfPaths ?? [], p),
    });
    w.on('error', (err: unknown) => { lastError = String(err); });
    return w.on('add', (p) => emit('add', p, false)).on('change', (p) => emit('change', p, false)).on('unlink', (p) => emit('unlink', p, false));
  };

  const release = (freed: { root: string; cost: number }[]): void => {
    for (const { root, cost } of freed) {
      const r = deepRoots.get(root);
      if (!r?.watcher) continue;
      deepRoots.delete(root);
      used -= cost;
      void r.watcher.close();
      ctx?.log.info({ observed: { root }, cost }, 'file watcher: workspace released');
    }
    if (freed.length) releases++;
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

  const addWorkspace = (path: string, owner: WorkspaceOwner = ANONYMOUS): boolean => {
    if (!cfg.workspaces || !deep || !grants || !isAbsolute(path)) return false;
    const cwd = resolve(path); // a hook's cwd is the sender's word: `/w/../..` is `/`
    if (exists(cwd) !== 'dir') return false;
    const held = rootOf(deepRoots.keys(), cwd);
    const why = grants.precheck(cwd, owner, held);
    if (why) { grants.refuse(why); return false; }
    const now = Date.now();
    if (held !== undefined) { grants.hold(held, owner, now); return true; }
    const added = addDeep(cwd, { workspace: true }, grants.room(owner));
    if (typeof added === 'number') { grants.hold(cwd, owner, now, added); pending.delete(owner.sessionId); return true; }
    if (added === undefined) return true;
    grants.refuse(added);
    if (owner !== ANONYMOUS) {
      pending.delete(owner.sessionId);
      pending.set(owner.sessionId, { cwd, owner, releases });
      if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value as string);
    }
    return false;
  };

  const endSession = (sessionId: string): void => {
    pending.delete(sessionId);
    release(grants?.end(sessionId) ?? []);
  };

  /** A tool call of a session: not idle; and a workspace refused for room is tried again after a release. */
  const touch = (e: Event): void => {
    if (e.sessionId === undefined || !grants) return;
    grants.touch(e.sessionId, Date.now());
    const p = pending.get(e.sessionId);
    if (p && p.releases !== releases) { pending.delete(e.sessionId); addWorkspace(p.cwd, p.owner); }
  };

  return {
    name: 'file-watch',
    addWorkspace,
    endSession,
    async start(s, c) {
      if (shallow) return;
      sink = s;
      ctx = c;
      grants = new WorkspaceGrants({
        perSession: cfg.maxWorkspacesPerSession, unconfirmedWatches: Math.floor(cfg.maxWatches * cfg.unconfirmedShare),
        idleMs: cfg.workspaceIdleMinutes * 60_000,
      }, c.home);
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
      c.onWorkspace((cwd, owner) => { addWorkspace(cwd, owner); });
      c.onSessionEnd?.(endSession);
      c.onHookActivity(touch);
      sweepTimer = setInterval(() => release(grants?.sweep(Date.now()) ?? []), SWEEP_MS).unref();
      await Promise.race([readyAll, new Promise((r) => setTimeout(r, 10_000).unref())]);
    },
    async stop() {
      clearInterval(sweepTimer);
      const ws = [shallow, deep, ...[...deepRoots.values()].map((r) => r.watcher)];
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
        grants ? workspaceCounts(grants) : '',
        real !== undefined ? `${real} inotify watches held by this process` : '',
        'writes, creations and deletions only: inotify cannot tell reads (secret reads need the kernel tier)',
      ].filter(Boolean).join('; ');
      return {
        ok: shallow !== undefined && !lastError,
        tier: `inotify (${used}/${cfg.maxWatches} watches${degraded.length ? ', degraded' : ''})`,
        detail,
        ...(lastError ? { lastError } : degraded.length ? { lastError: `degraded: ${degraded.length} workspace(s) over the inotify budget` } : {}),
        emitted,
        ...(grants ? { workspaces: { refused: { ...grants.refused }, released: grants.released, unconfirmedWatches: grants.unconfirmedUsed } } : {}),
      };
    },
  };
}

/** What the workspace caps did: refused (by reason) and released workspaces, when any. */
function workspaceCounts(g: WorkspaceGrants): string {
  const refused = Object.entries(g.refused).filter(([, n]) => n > 0).map(([why, n]) => `${n} ${why}`);
  return [
    refused.length ? `workspaces refused: ${refused.join(', ')}` : '',
    g.released ? `${g.released} workspace(s) released (session ended or idle)` : '',
  ].filter(Boolean).join('; ');
}

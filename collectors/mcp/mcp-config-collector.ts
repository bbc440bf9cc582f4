// The MCP config watcher: every candidate MCP config file (user scope, managed, the configured
// roots and the workspaces of active sessions) is watched with chokidar, including files that do not
// exist yet (their nearest existing ancestor is watched, as the file watcher does, see
// collectors/file/watch-plan.ts). A write is debounced (editors write twice), only that file is parsed
// again, and every server added, removed or changed (by fingerprint) becomes one `mcp.change` event.
// The snapshot is persisted, so changes made while the daemon was down are reported at the next start;
// the very first start only records. A broken file is logged once and shown in health, never fatal.
import { readFileSync } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import type { Collector, CollectorContext, CollectorHealth, EventSink } from '../collector.js';
import type { McpConfig } from './config.js';
import { expandHome } from '../file/watch-plan.js';
import { changeEvent, diffServers, snapshotOf, type SnapshotServer } from './watch-diff.js';
import { WatchTargets } from './watch-targets.js';
import { discoverySource, type McpCandidate, type McpConfigSource } from './watch-source.js';

/** Where the watcher keeps its last snapshot (daemon/store/mcp-snapshot-store.ts implements it). */
export interface McpSnapshotPersistence {
  load(): SnapshotServer[];
  baselineTaken(): boolean;
  markBaseline(now: string): void;
  replaceFile(file: string, servers: readonly SnapshotServer[], now: string): void;
}

/** Editors write a file twice (truncate, then content; or a temp file, then rename). */
export const DEBOUNCE_MS = 150;
/** A file that turned empty or vanished is read once more this much later before its servers count as removed. */
export const SETTLE_MS = 300;
// ~/.claude.json also holds history and caches; discovery reads up to the same size.
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;
/**
 * Projects a hook alone announced (a forgeable cwd) that get their MCP configs watched; one a real agent
 * process confirmed always does. A flood of made-up cwds cannot grow the watch list without bound.
 */
export const MAX_UNCONFIRMED_PROJECTS = 32;

type ScanMode = 'report' | 'silent';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);

export function createMcpConfigCollector(cfg: McpConfig, store: McpSnapshotPersistence, source: McpConfigSource = discoverySource(cfg)): Collector {
  let sink: EventSink | undefined;
  let ctx: CollectorContext | undefined;
  let watcher: FSWatcher | undefined;
  const projects = new Set<string>();
  let unconfirmed = 0;
  let refusedProjects = 0;
  /** New workspaces are read on a timer after the hook that named them (see onWorkspace below). */
  let newProjects: NodeJS.Timeout | undefined;
  let byFile = new Map<string, McpCandidate[]>();
  const known = new Map<string, SnapshotServer[]>();
  /** Files that could not be read or parsed (the last snapshot is kept), and files with invalid entries. */
  const problems = new Map<string, string>();
  const notes = new Map<string, string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const targets = new WatchTargets();
  let emitted = 0;
  let lastError: string | undefined;

  /** Servers of one file now (`blank`: missing or empty), or the reason it cannot be read. */
  const read = (file: string): { servers: SnapshotServer[]; blank: boolean } | string => {
    notes.delete(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      return ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((err as NodeJS.ErrnoException).code ?? '') ? { servers: [], blank: true } : message(err);
    }
    if (text.trim() === '') return { servers: [], blank: true };
    if (text.length > MAX_CONFIG_BYTES) return `larger than ${MAX_CONFIG_BYTES} bytes`;
    const out: SnapshotServer[] = [];
    const failed: string[] = [];
    const candidates = byFile.get(file) ?? [];
    for (const c of candidates) { // one file can be several candidates (~/.claude.json: user and local scope)
      try {
        const r = source.parse(c, text);
        if (r.problem && r.servers.length === 0) failed.push(r.problem.error);
        else if (r.problem) notes.set(file, r.problem.error); // some invalid entries: the valid ones count
        for (const e of r.servers) out.push(snapshotOf(e, source.fingerprint(e)));
      } catch (err) { failed.push(message(err)); }
    }
    // Nothing usable anywhere (bad syntax): unreadable as a whole, so its last servers are kept.
    if (candidates.length > 0 && failed.length === candidates.length) return failed[0]!;
    if (failed.length > 0) notes.set(file, failed[0]!);
    return { servers: out, blank: false };
  };

  const scan = (file: string, mode: ScanMode, settled = false): void => {
    if (!ctx || !byFile.has(file)) return;
    const result = read(file);
    if (typeof result === 'string') {
      // Keep the last good snapshot: the next valid write is diffed against it.
      if (problems.get(file) !== result) ctx.log.warn({ observed: { file }, err: result }, 'MCP config file unreadable; keeping its last servers');
      problems.set(file, result);
      return;
    }
    problems.delete(file);
    const before = known.get(file);
    // Truncated (or renamed away) in the middle of a write: look again before calling every server removed.
    if (result.blank && before && !settled && mode === 'report') { later(file, SETTLE_MS, true); return; }
    const now = result.servers;
    const changes = diffServers(before ?? [], now);
    if (mode === 'report' && sink) {
      for (const c of changes) { sink.emit(changeEvent(c, ctx.newId(), ctx.now())); emitted++; }
    }
    if (changes.length > 0 || (before === undefined && now.length > 0)) {
      try { store.replaceFile(file, now, ctx.now()); } catch (err) { lastError = message(err); ctx.log.error({ err: lastError }, 'MCP snapshot not saved'); }
    }
    if (now.length > 0) known.set(file, now); else known.delete(file);
  };

  const later = (file: string, ms: number, settled: boolean): void => {
    clearTimeout(timers.get(file));
    timers.set(file, setTimeout(() => { timers.delete(file); scan(file, 'report', settled); }, ms).unref());
  };
  const schedule = (file: string): void => { if (byFile.has(file)) later(file, DEBOUNCE_MS, false); };

  /** Candidates for the current projects; returns the files that were not candidates before. */
  const refresh = (): string[] => {
    if (!ctx) return [];
    const old = byFile;
    byFile = new Map();
    for (const c of source.candidates(ctx.home, [...projects])) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
    const added = targets.plan([...byFile.keys()]);
    for (const dir of added) watcher?.add(dir);
    return [...byFile.keys()].filter((f) => !old.has(f));
  };

  return {
    name: 'mcp-config',
    async start(s, c) {
      if (watcher) return;
      sink = s;
      ctx = c;
      for (const root of cfg.roots) projects.add(expandHome(root, c.home));
      for (const row of store.load()) known.set(row.file, [...(known.get(row.file) ?? []), row]);
      watcher = watch([], { ignoreInitial: true, persistent: false, depth: 0, ignorePermissionErrors: true, ignored: (p: string) => !targets.isRelevant(p) });
      watcher.on('error', (err: unknown) => { lastError = message(err); });
      watcher.on('add', schedule).on('change', schedule).on('unlink', schedule);
      // A missing directory on the way to a config file appeared: watch into it, and read what is already there.
      watcher.on('addDir', (dir) => {
        if (!targets.isAncestor(dir)) return;
        for (const d of targets.plan([...byFile.keys()])) watcher?.add(d);
        for (const f of byFile.keys()) if (f.startsWith(`${dir}/`)) schedule(f);
      });
      const ready = new Promise<void>((r) => watcher!.once('ready', () => r()));
      const files = refresh();
      if (targets.anchorCount() === 0) watcher.add([]);
      await Promise.race([ready, new Promise((r) => setTimeout(r, 10_000).unref())]);
      // Watching first, then reading: a write in between is read again by its (debounced) event.
      const baseline = store.baselineTaken();
      for (const f of files) scan(f, baseline ? 'report' : 'silent');
      if (!baseline) store.markBaseline(c.now());
      c.onWorkspace((cwd, owner) => {
        if (projects.has(cwd) || !cwd.startsWith('/')) return;
        if (owner?.confirmed === false) {
          if (unconfirmed >= MAX_UNCONFIRMED_PROJECTS) { refusedProjects++; return; }
          unconfirmed++;
        }
        projects.add(cwd);
        // Read once the hook that named it is answered (one read for a burst of new ones): the candidates of
        // every project and their watch plan took 3-7 ms of a session's first hook. A project seen for the
        // first time is recorded; one known from before is compared with its snapshot.
        newProjects ??= setTimeout(() => {
          newProjects = undefined;
          try {
            if (watcher) for (const f of refresh()) scan(f, known.has(f) ? 'report' : 'silent');
          } catch (err) { lastError = message(err); } // in a timer now: reported in health, not thrown
        }, 0).unref();
      });
    },
    async stop() {
      clearTimeout(newProjects);
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      const w = watcher;
      watcher = undefined;
      sink = undefined;
      await w?.close();
    },
    health(): CollectorHealth {
      const broken = [...problems].map(([f, e]) => (e.startsWith(f) ? e : `${f}: ${e}`));
      const invalid = [...notes.values()];
      return {
        ok: watcher !== undefined && !lastError,
        tier: `chokidar (${byFile.size} MCP config files, ${targets.anchorCount()} directories)`,
        detail: [
          `${[...known.values()].reduce((n, s) => n + s.length, 0)} servers in ${known.size} files; ${projects.size} projects`,
          refusedProjects ? `${refusedProjects} unconfirmed projects not watched (over ${MAX_UNCONFIRMED_PROJECTS})` : '',
          broken.length ? `unreadable (last servers kept): ${broken.join('; ')}` : '',
          invalid.length ? `invalid entries: ${invalid.join('; ')}` : '',
        ].filter(Boolean).join('; '),
        ...(lastError ? { lastError } : {}),
        emitted,
      };
    },
  };
}

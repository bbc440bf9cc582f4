// What the file watcher watches: sensitive locations of a developer machine, as data in
// watch-catalog.yaml next to this file (copied into dist/ by scripts/copy-assets.mjs). Loaded once at
// import, checked with zod; the YAML groups paths by class and id, this flattens them to one entry a path.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Catalog } from '../../core/agents/catalog.js';

export type WatchClass = 'credential' | 'persistence' | 'agent-config';

export interface WatchEntry {
  id: string;
  class: WatchClass;
  kind: 'file' | 'dir';
  path: string;
  /** Only on this platform (macOS-only trees would otherwise anchor a watch on `/`). */
  os?: 'linux' | 'darwin';
}

const GroupSchema = z.strictObject({
  id: z.string().min(1),
  os: z.enum(['linux', 'darwin']).optional(),
  files: z.array(z.string().min(1)).optional(),
  dirs: z.array(z.string().min(1)).optional(),
}).refine((g) => (g.files?.length ?? 0) + (g.dirs?.length ?? 0) > 0, 'needs files or dirs');
const CatalogSchema = z.strictObject({
  credential: z.array(GroupSchema),
  persistence: z.array(GroupSchema),
  'agent-config': z.array(GroupSchema),
});

/** Parses catalog YAML into one entry per path; throws one line naming `source` when it is malformed. */
export function parseWatchCatalog(text: string, source: string): WatchEntry[] {
  let doc: unknown;
  try { doc = parse(text, { logLevel: 'error' }); } catch (err) { throw new Error(`${source}: ${String((err as Error).message).split('\n')[0]}`); }
  const r = CatalogSchema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`${source}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const out: WatchEntry[] = [];
  for (const cls of ['credential', 'persistence', 'agent-config'] as const) {
    for (const g of r.data[cls]) {
      const os = g.os ? { os: g.os } : {};
      for (const path of g.files ?? []) out.push({ id: g.id, class: cls, kind: 'file', path, ...os });
      for (const path of g.dirs ?? []) out.push({ id: g.id, class: cls, kind: 'dir', path, ...os });
    }
  }
  return out;
}

export const WATCH_CATALOG_FILE = fileURLToPath(new URL('./watch-catalog.yaml', import.meta.url));

export const WATCH_CATALOG: readonly WatchEntry[] = parseWatchCatalog(readFileSync(WATCH_CATALOG_FILE, 'utf8'), WATCH_CATALOG_FILE);

/**
 * The sensitive locations plus every agent's user-level config and hook files from the agent catalog
 * (core/agents/catalog.yaml), so an agent added there is watched without an edit here. Project-relative
 * files are covered by workspace watches; absolute (managed) ones stay in the YAML, with their OS.
 */
export function watchCatalogWithAgents(agents: Catalog, base: readonly WatchEntry[] = WATCH_CATALOG): WatchEntry[] {
  const known = new Set(base.map((e) => e.path));
  const extra: WatchEntry[] = [];
  for (const a of agents.agents) {
    for (const path of [...a.configFiles, ...a.hookFiles]) {
      if (!path.startsWith('~/') || known.has(path)) continue;
      known.add(path);
      extra.push({ id: `${a.kind}-config`, class: 'agent-config', kind: 'file', path });
    }
  }
  return [...base, ...extra];
}

/** Directory names never watched inside workspaces: dependencies and build output churn and cost watches. */
export const DEFAULT_IGNORED_DIRS: readonly string[] = [
  'node_modules', 'dist', 'build', 'out', 'target', '.next', '.nuxt', '.svelte-kit', '.turbo', '.parcel-cache',
  '.cache', 'coverage', '__pycache__', '.venv', 'venv', '.tox', '.gradle', '.terraform',
];

/** Inside `.git`, only these are watched: hooks (persistence) and config (core.hooksPath, aliases). */
export const GIT_KEPT: readonly string[] = ['hooks', 'config'];

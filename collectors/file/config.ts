// The file watcher's config section, defaults beside the keys.
import { z } from 'zod';
import { DEFAULT_IGNORED_DIRS } from './watch-catalog.js';

export const FileWatchConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /**
   * inotify watches this collector may use (one per watched directory and per watched file). The
   * kernel limit (fs.inotify.max_user_watches) is shared by every program of the user, IDEs included.
   */
  maxWatches: z.number().int().min(16).max(1_000_000).default(4096),
  /** How deep below a workspace (or a catalog directory) subdirectories are watched. */
  maxDepth: z.number().int().min(0).max(64).default(8),
  /** Directory names skipped everywhere below a workspace (`.git` keeps only hooks and config). */
  ignoredDirs: z.array(z.string().min(1)).default([...DEFAULT_IGNORED_DIRS]),
  /** Extra absolute (or `~/`) paths to watch recursively, e.g. a shared dotfiles repo. */
  extraDirs: z.array(z.string().min(1)).default([]),
  /** Also watch the workspaces (cwds) of active agent sessions. */
  workspaces: z.boolean().default(true),
  /** Workspaces one session may have watched (a session naming many cwds is not watched beyond this). */
  maxWorkspacesPerSession: z.number().int().min(1).max(1000).default(4),
  /**
   * Share of maxWatches for sessions no agent process has confirmed yet (a hook alone can be forged by any
   * local process); the rest is kept for confirmed sessions and the catalog.
   */
  unconfirmedShare: z.number().min(0).max(1).default(0.5),
  /** An unconfirmed session's workspaces are released after this long without a tool call. */
  workspaceIdleMinutes: z.number().min(0.01).default(30),
});

export type FileWatchConfig = z.infer<typeof FileWatchConfigSchema>;

// The `collectors` section of the config file, composed from each collector folder's own section; the
// daemon's schema (daemon/config/schema.ts) mounts it.
import { z } from 'zod';
import { KernelConfigSchema } from './kernel/config.js';
import { PollConfigSchema } from './poll/config.js';
import { FileWatchConfigSchema } from './file/config.js';
import { AgentsConfigSchema } from './agents/config.js';

/** OS collectors (collectors/index.ts): the kernel tier when it can run, else the poll tier; the file watcher always. */
export const CollectorsConfigSchema = z.strictObject({
  /** bpftrace exec/open/connect tracing (Linux, root): collectors/kernel/config.ts. */
  kernel: KernelConfigSchema.prefault({}),
  /** /proc (or ps/lsof) polling, the fallback tier: collectors/poll/config.ts. */
  poll: PollConfigSchema.prefault({}),
  /** chokidar on sensitive locations and session workspaces: collectors/file/config.ts. */
  files: FileWatchConfigSchema.prefault({}),
  /** Agent processes and their sessions (collectors/agents/config.ts). */
  agents: AgentsConfigSchema.prefault({}),
});

export type CollectorsConfig = z.infer<typeof CollectorsConfigSchema>;

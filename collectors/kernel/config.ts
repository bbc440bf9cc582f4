// The kernel tier's own config section; daemon/config/schema.ts can mount it as `collectors.kernel`.
import { z } from 'zod';

/** Names under each home directory whose reads are reported (prefix match, so `.env` also covers `.env.local`). */
export const DEFAULT_SENSITIVE_HOME_NAMES = [
  '.ssh/', '.aws/', '.kube/', '.npmrc', '.netrc', '.git-credentials', '.env', '.docker/config.json',
  '.pypirc', '.config/gcloud/', '.azure/', '.gnupg/', '.config/gh/hosts.yml',
] as const;

export const KernelConfigSchema = z.strictObject({
  /** Try the kernel tier at all; when false (or when it cannot start) the daemon uses the poll tier. */
  enabled: z.boolean().default(true),
  /** The bpftrace binary: a name looked up on PATH, or an absolute path. */
  bpftracePath: z.string().min(1).default('bpftrace'),
  /** First restart delay after bpftrace dies; doubles on each death in a row… */
  restartMinMs: z.number().int().min(10).max(600_000).default(500),
  /** …up to this. A run that lasted longer than `restartResetMs` starts the backoff over. */
  restartMaxMs: z.number().int().min(10).max(3_600_000).default(30_000),
  restartResetMs: z.number().int().min(100).default(60_000),
  /** How long bpftrace may take to compile and attach before start() gives up. */
  attachTimeoutMs: z.number().int().min(1000).max(120_000).default(20_000),
  /** Mount tracefs at /sys/kernel/tracing when it is not mounted (bpftrace needs it for tracepoints). */
  mountTracefs: z.boolean().default(true),
  /** Reads of `<home>/<name>…` are reported, for every home (the daemon's, /root, /home/*, extraHomes). */
  sensitiveHomeNames: z.array(z.string().min(1)).default([...DEFAULT_SENSITIVE_HOME_NAMES]),
  /** Absolute prefixes whose reads are reported regardless of home. */
  sensitivePaths: z.array(z.string().startsWith('/')).default(['/etc/shadow', '/etc/gshadow', '/etc/sudoers']),
  /** More home directories to watch (e.g. a test's temporary HOME). */
  extraHomes: z.array(z.string().startsWith('/')).default([]),
  /** argv slots read per exec (each is one str() of at most `strlen` bytes); the rest is flagged truncated. */
  maxArgs: z.number().int().min(1).max(64).default(20),
  /** BPFTRACE_STRLEN: longest string bpftrace copies (0.17 caps it at 200). */
  strlen: z.number().int().min(16).max(200).default(200),
  /**
   * Each CPU prints a heartbeat this often, so lines printed out of order (one CPU's ring after another) are
   * let out in the order things happened as soon as every CPU is past them (reorder.ts): the most a line
   * waits on an idle machine is about one beat. Each beat wakes each CPU once.
   */
  heartbeatHz: z.number().int().min(1).max(100).default(10),
  /** The longest a line waits for a CPU that is behind (a ring bpftrace is slow to print, a CPU taken offline). */
  reorderMaxHoldMs: z.number().int().min(10).max(60_000).default(2000),
  /** BPFTRACE_PERF_RB_PAGES: per-CPU output ring; bigger rides out longer bursts without "lost events". */
  perfRingPages: z.number().int().min(8).max(4096).default(1024),
});

export type KernelConfig = z.infer<typeof KernelConfigSchema>;

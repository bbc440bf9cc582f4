// The poll tier's config section, defaults beside the keys; both poll collectors take the parsed slice.
import { z } from 'zod';

export const PollConfigSchema = z.strictObject({
  process: z.strictObject({
    enabled: z.boolean().default(true),
    /** Scan /proc (Linux) or `ps` (macOS) this often; hook tool calls also trigger an immediate scan. */
    intervalMs: z.number().int().min(10).max(60_000).default(100),
    /**
     * While no agent is at work (no agent process alive, no hook tool call for 2 minutes) scan this
     * seldom instead: fast polling costs ~5% of a core for processes no agent started. 0: always intervalMs.
     */
    idleIntervalMs: z.number().int().min(0).max(60_000).default(1_000),
    /**
     * After a hook tool call, scan every `burstIntervalMs` for `burstMs`: a PreToolUse arrives just
     * before the tool's processes start, so one immediate scan would be too early. 0 turns it off.
     */
    burstMs: z.number().int().min(0).max(10_000).default(500),
    burstIntervalMs: z.number().int().min(5).max(1000).default(20),
    /** Processes tracked at once; beyond it new ones are reported but not tracked (counted as dropped). */
    maxProcesses: z.number().int().min(64).max(1_000_000).default(32_768),
  }).prefault({}),
  network: z.strictObject({
    enabled: z.boolean().default(true),
    /** Read the socket tables (Linux) or run `lsof -nP -i` (macOS) this often. */
    intervalMs: z.number().int().min(10).max(60_000).default(250),
    /** As process.idleIntervalMs: the socket tables' pace while no agent is at work. */
    idleIntervalMs: z.number().int().min(0).max(60_000).default(1_000),
    /** Connections remembered (to report each once); the oldest are forgotten beyond it. */
    maxConnections: z.number().int().min(64).max(1_000_000).default(16_384),
  }).prefault({}),
});

export type PollConfig = z.infer<typeof PollConfigSchema>;

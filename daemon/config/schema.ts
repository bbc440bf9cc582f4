// The only place a config key, its type, its default and its meaning are written down.
import { z } from 'zod';
import { BaselineConfigSchema } from '../../detectors/baseline/config.js';
import { SequenceLimitsSchema } from '../../detectors/sequence/limits.js';
import { CollectorsConfigSchema } from '../../collectors/config.js';
import { McpConfigSchema } from '../../collectors/mcp/config.js';
import { OutputsConfigSchema } from '../outputs/config.js';
import { TelemetryConfigSchema } from '../fleet/config.js';

const Action = z.enum(['observe', 'ask', 'deny', 'hold']);

export const ConfigSchema = z.strictObject({
  /** Address the HTTP/WebSocket server binds to. Loopback unless you really mean otherwise. */
  bind: z.string().default('127.0.0.1'),
  /** Port of the hook endpoint and the stream; 0 picks a free one (tests). */
  port: z.number().int().min(0).max(65535).default(47474),
  /** Bounds of the HTTP side (daemon/server-load.ts): what a flood or a slow client can take. */
  server: z.strictObject({
    /** Open connections at most (hooks, health, stream); past it a new one is closed at once and counted. Keep well under the fd limit. */
    maxConnections: z.number().int().min(1).max(100_000).default(512),
    /** Connections from one non-loopback address at most. Every local process is 127.0.0.1: loopback clients share maxConnections. */
    maxConnectionsPerPeer: z.number().int().min(1).max(100_000).default(64),
    /** A connection that sends nothing this long (before a request, between requests, mid-request) is closed. */
    idleTimeoutMs: z.number().int().min(100).max(600_000).default(5000),
    /** A request whose headers are not all in after this long is cut off (408): a slowloris client. */
    headersTimeoutMs: z.number().int().min(100).max(600_000).default(5000),
    /** …and one whose body is not all in after this long. */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
    /** Requests arrived and not yet answered at most; past it a hook is answered 429 (Retry-After), or allowed unjudged when the agent waits on it. */
    maxInFlight: z.number().int().min(1).max(100_000).default(64),
  }).prefault({}),
  policy: z.strictObject({
    /** observe: never deny. enforce: deny a PreToolUse that a blocking rule matched. */
    mode: z.enum(['observe', 'enforce']).default('observe'),
    /** A hook answer that takes longer than this is allowed, and an alert says so. */
    decisionBudgetMs: z.number().int().min(1).max(60_000).default(50),
    /** In enforce mode: what to do with a finding of a blockable rule, by its severity. */
    bySeverity: z.strictObject({
      info: Action.default('observe'),
      low: Action.default('observe'),
      medium: Action.default('ask'),
      high: Action.default('deny'),
      critical: Action.default('deny'),
    }).prefault({}),
    /** In enforce mode: per-rule override, blockable or not, e.g. `{ secret-read: ask }`. */
    rules: z.record(z.string(), Action).default({}),
    /**
     * The `hold` action (docs/hold.md): a PreToolUse waits for the developer's answer at a console (web, terminal,
     * tray) for up to timeoutS, then `fallback` answers. With no console connected the fallback answers at once.
     * The installer raises the agents' hook timeouts to timeoutS + 15 s when the policy uses hold.
     */
    hold: z.strictObject({
      timeoutS: z.number().int().min(1).max(600).default(60),
      fallback: z.enum(['deny', 'allow', 'ask']).default('deny'),
    }).prefault({}),
    /** An `ask` in a headless session (claude -p, codex exec, gemini -p) has nobody to ask: deny it (default), or ask anyway. */
    headlessAsk: z.enum(['deny', 'ask']).default('deny'),
  }).prefault({}),
  detection: z.strictObject({
    /** Hosts data may go to even after a secret read: exact names or `*.example.com`. */
    egressAllow: z.array(z.string().min(1)).default([]),
    /** Per-agent × project baselines and behavior-anomaly alerts (detectors/baseline/config.ts). */
    baseline: BaselineConfigSchema,
    /** Thresholds and windows of the counting and chain detectors (detectors/sequence/limits.ts). */
    sequence: SequenceLimitsSchema,
  }).prefault({}),
  alerts: z.strictObject({
    /**
     * New alerts one session may raise per minute; more are folded into one `alert-flood` summary alert
     * per minute (repeats of an alert only raise its count and are never capped; critical ones pass up to 5× perMinute).
     */
    perSessionPerMinute: z.number().int().min(1).max(100_000).default(30),
    /** New alerts all sessions together may raise per minute, past which the same folding applies. */
    perMinute: z.number().int().min(1).max(1_000_000).default(120),
  }).prefault({}),
  rules: z.strictObject({
    /** Directories of extra YAML rule packs (e.g. pushed by IT); reloaded on change and on SIGHUP. */
    dirs: z.array(z.string().min(1)).default([]),
  }).prefault({}),
  store: z.strictObject({
    /** Events are written in one transaction per batch of at most this many… */
    batchSize: z.number().int().min(1).max(100_000).default(500),
    /** …or after this long, whichever comes first. */
    flushMs: z.number().int().min(1).max(10_000).default(50),
  }).prefault({}),
  retention: z.strictObject({
    /** Events and alerts older than this are deleted. */
    maxAgeDays: z.number().min(0.0001).default(30),
    /** Oldest events are deleted while the database is bigger than this, then oldest alerts (acknowledged first). */
    maxDbMB: z.number().min(1).default(1024),
    /** How often retention runs. */
    intervalMinutes: z.number().min(0.01).default(60),
  }).prefault({}),
  stream: z.strictObject({
    /** A WebSocket client with more than this many bytes unsent is dropped. */
    maxBufferedBytes: z.number().int().min(1024).default(4 * 1024 * 1024),
    /** Stream clients at most; one more is refused (503) and counted. */
    maxClients: z.number().int().min(1).max(10_000).default(32),
    /** Extra Origins allowed to open the stream (a browser console). */
    allowedOrigins: z.array(z.string()).default([]),
  }).prefault({}),
  /** OS collectors (collectors/config.ts): the kernel tier when it can run, else the poll tier; the file watcher always. */
  collectors: CollectorsConfigSchema.prefault({}),
  /** MCP inventory, allowlist and live scans (collectors/mcp/config.ts). */
  mcp: McpConfigSchema.prefault({}),
  /** Fleet outputs (daemon/outputs/config.ts): rotating NDJSON file, syslog, osquery export database. */
  outputs: OutputsConfigSchema.prefault({}),
  hooks: z.strictObject({
    /** Larger hook bodies are refused with 413. */
    maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    /**
     * Refuse hook posts without the install secret (401, counted in health). Off only for hooks that cannot be
     * re-installed yet: then any local process can plant events into a session. A wrong secret is always refused.
     */
    requireSecret: z.boolean().default(true),
    /**
     * Put agentwatch's hooks back when they are removed or switched off in an agent's config (the tamper watcher,
     * daemon/tamper/). Usually locked on by the IT policy; the alert is raised either way.
     */
    restore: z.boolean().default(false),
  }).prefault({}),
  /** Fleet telemetry for a SOC: the pull API and `agentwatch export` (daemon/fleet/config.ts). */
  telemetry: TelemetryConfigSchema,
  log: z.strictObject({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  }).prefault({}),
});

export type Config = z.infer<typeof ConfigSchema>;

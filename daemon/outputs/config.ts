// Config of the fleet outputs (the `outputs` section of the config file): the rotating NDJSON file a log
// shipper tails, the syslog forwarder, and the osquery export database. All off by default.
import { z } from 'zod';

const Severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);

export const FileOutputConfigSchema = z.strictObject({
  /** Write every stored event and alert, one JSON record a line, to `<state dir>/telemetry/agentwatch.ocsf.ndjson`. */
  enabled: z.boolean().default(false),
  /** The file is rotated (renamed to `.1`, `.1` to `.2` …) before a write would take it past this size. */
  maxBytes: z.number().int().min(4096).default(64 * 1024 * 1024),
  /** …or once it is this old (0: never by age). */
  maxAgeMinutes: z.number().min(0).default(60),
  /** Rotated files kept (`.1` … `.keep`); older ones are deleted. */
  keep: z.number().int().min(1).max(100).default(5),
});

export const SyslogOutputConfigSchema = z.strictObject({
  /** Forward records as RFC 5424 messages over TCP (octet-counted framing, RFC 6587 §3.4.1). */
  enabled: z.boolean().default(false),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65535).default(514),
  /** TLS (RFC 5425). On when `enabled` or when `ca` or `cert` is set. */
  tls: z.strictObject({
    enabled: z.boolean().default(false),
    /** PEM file of the CA(s) the receiver's certificate must chain to (default: the system's). */
    ca: z.string().min(1).optional(),
    /** PEM files of a client certificate and its key, for receivers that want one. */
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    /** The name the receiver's certificate must carry (default: `host`). */
    servername: z.string().min(1).optional(),
  }).prefault({}),
  /** `alerts`: alerts only (new ones and escalations); `all`: every event too. */
  records: z.enum(['alerts', 'all']).default('alerts'),
  /** Alerts below this severity are not sent. */
  minSeverity: Severity.default('low'),
  /** Syslog facility number (16 = local0). */
  facility: z.number().int().min(0).max(23).default(16),
  /** Records wait in a spool on disk (`<state dir>/spool/syslog/`) until sent; past this size the oldest are dropped, counted. */
  spoolMaxMB: z.number().min(1).max(100_000).default(64),
  /** Reconnect backoff: doubles from 500 ms up to this. */
  reconnectMaxMs: z.number().int().min(100).max(600_000).default(30_000),
});

export const OsqueryExportConfigSchema = z.strictObject({
  /** Keep `<state dir>/osquery.db`, a small SQLite file osquery reads with Automatic Table Construction. */
  enabled: z.boolean().default(false),
  /** Rebuilt this often (and a second after a new alert). */
  intervalSeconds: z.number().min(1).max(86_400).default(60),
  /** The newest alerts (and sessions) it holds at most. */
  maxRows: z.number().int().min(10).max(1_000_000).default(10_000),
});

export const OutputsConfigSchema = z.strictObject({
  file: FileOutputConfigSchema.prefault({}),
  syslog: SyslogOutputConfigSchema.prefault({}),
  osquery: OsqueryExportConfigSchema.prefault({}),
});

export type FileOutputConfig = z.infer<typeof FileOutputConfigSchema>;
export type SyslogOutputConfig = z.infer<typeof SyslogOutputConfigSchema>;
export type OsqueryExportConfig = z.infer<typeof OsqueryExportConfigSchema>;

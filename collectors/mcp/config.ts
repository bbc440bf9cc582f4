// Config of MCP discovery, the allowlist and the live scanner (the `mcp` section of the config file).
import { z } from 'zod';

export const McpConfigSchema = z.strictObject({
  /** Allowlist policy file IT pushes (YAML or JSON); unset: ~/.config/agentwatch/mcp-allowlist.yaml, then /etc/agentwatch/mcp-allowlist.yaml. */
  allowlist: z.string().min(1).optional(),
  /** This machine's team, for allowlist entries restricted to teams. */
  team: z.string().min(1).optional(),
  /** Project roots searched for workspace MCP configs, besides the cwds of sessions seen. */
  roots: z.array(z.string().min(1)).default([]),
  /** Managed/system config paths (/etc/…, /Library/Application Support/…) are read under this directory (tests, mounted images). */
  systemRoot: z.string().min(1).optional(),
  /** Watch every MCP config file and report added, removed and changed servers. */
  watch: z.boolean().default(true),
  scan: z.strictObject({
    /** A server that does not answer initialize + list within this long is reported as a timeout. */
    timeoutMs: z.number().int().min(100).max(300_000).default(15_000),
    /** Environment variables of the user passed to stdio servers (others get a minimal environment). */
    passEnv: z.array(z.string().min(1)).default([]),
    /** Start servers that are not on the allowlist (also the --allow-unapproved flag). */
    allowUnapproved: z.boolean().default(false),
  }).prefault({}),
});

export type McpConfig = z.infer<typeof McpConfigSchema>;

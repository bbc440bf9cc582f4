// The `telemetry` section of the config: what a SOC may pull from this machine (docs/fleet.md). Off by
// default; IT turns it on (and may lock it later) with the config file it pushes.
import { z } from 'zod';

export const TelemetryConfigSchema = z.strictObject({
  /** Serve GET /v1/telemetry with the fleet token (state dir `fleet-token`, created when this is on). */
  enabled: z.boolean().default(false),
  /** What leaves the machine: full | standard | strict (paths, commands, tool input; daemon/fleet/ocsf/context.ts). */
  privacy: z.enum(['full', 'standard', 'strict']).default('standard'),
  /** Export prompt text (off: a prompt record says only that there was one). */
  prompts: z.boolean().default(false),
  /** Records per page at most (a `limit` above it is cut to it). */
  maxPageSize: z.number().int().min(1).max(100_000).default(5000),
  /**
   * A second listener for collectors on other machines, serving only /v1/telemetry. A non-loopback `bind`
   * needs `tlsCert` and `tlsKey` (PEM files), or the listener is refused (one line in the log and health).
   */
  listen: z.strictObject({
    bind: z.string().min(1),
    port: z.number().int().min(0).max(65535).default(47475),
    tlsCert: z.string().min(1).optional(),
    tlsKey: z.string().min(1).optional(),
  }).optional(),
}).prefault({});

export type TelemetryConfig = z.infer<typeof TelemetryConfigSchema>;

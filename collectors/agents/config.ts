// Config of the agent process collector (the `collectors.agents` section of the config file).
import { z } from 'zod';

export const AgentsConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Full process scan interval while no agent runs… */
  intervalMs: z.number().int().min(50).max(600_000).default(5_000),
  /** …and while at least one agent runs (its children come and go faster). */
  activeIntervalMs: z.number().int().min(50).max(600_000).default(1_000),
  /**
   * More agent catalogs (core/agents/catalog.yaml's format) whose agents join the shipped ones: an agent
   * the shipped catalog does not know yet, without a new build.
   */
  catalogFiles: z.array(z.string().min(1)).default([]),
});

export type AgentsConfig = z.infer<typeof AgentsConfigSchema>;

// The baseline engine's config section, defaults beside the keys. Mounted under `detection.baseline`
// (or wherever daemon/config/schema.ts puts it); the engine receives the parsed, frozen slice.
import { z } from 'zod';

export const BaselineConfigSchema = z.strictObject({
  /** Off: the engine learns nothing and raises nothing. */
  enabled: z.boolean().default(true),
  learning: z.strictObject({
    /** An agent×project stops learning-only after this many completed sessions… */
    sessions: z.number().int().min(1).max(100_000).default(20),
    /** …or this many hours after its first event, whichever comes first… */
    hours: z.number().min(0).max(24 * 365).default(48),
    /** …but never with fewer completed sessions than this (one session two days ago is no baseline). */
    minSessions: z.number().int().min(1).max(1000).default(5),
  }).prefault({}),
  ngram: z.strictObject({
    /** Shortest and longest token window (stide's k) checked against the model. */
    min: z.number().int().min(2).max(10).default(3),
    max: z.number().int().min(2).max(10).default(6),
    /** t-stide: a window seen in fewer than this share of the sessions counts as a mismatch. */
    rarity: z.number().min(0).max(1).default(0.01),
    /** Locality frame: alert when at least `mismatches` of the last `frame` windows mismatched. */
    frame: z.number().int().min(1).max(1000).default(12),
    mismatches: z.number().int().min(1).max(1000).default(3),
    /** Distinct n-grams kept per model; the least supported are dropped beyond it. */
    maxPerModel: z.number().int().min(100).max(1_000_000).default(20_000),
  }).prefault({}).refine((n) => n.min <= n.max, { message: 'ngram.min must not exceed ngram.max' })
    .refine((n) => n.mismatches <= n.frame, { message: 'ngram.mismatches must not exceed ngram.frame' }),
  rates: z.strictObject({
    /** A count above median + madK × MAD (MAD at least 1) of the baseline is a deviation… */
    madK: z.number().min(0).default(6),
    /** …if it is also at least this many events in one minute of one session… */
    minEventsPerMinute: z.number().int().min(1).default(40),
    /** …or this many distinct files read outside the project in one session. */
    minOutsideReads: z.number().int().min(1).default(6),
    /** Samples kept per model (recent sessions' per-minute counts, per-session outside reads). */
    samples: z.number().int().min(10).max(10_000).default(500),
  }).prefault({}),
  /** A session with no event for this long is considered over and folded into its baseline. */
  sessionIdleMinutes: z.number().min(1).default(120),
  /** Models kept in memory (least recently used are saved and dropped) and live sessions tracked. */
  maxModelsInMemory: z.number().int().min(1).max(100_000).default(64),
  maxOpenSessions: z.number().int().min(1).max(1_000_000).default(2000),
  /** Dirty models are saved, and acknowledgements reloaded, at most this often. */
  saveEveryMs: z.number().int().min(100).max(600_000).default(5000),
}).prefault({});

export type BaselineConfig = z.infer<typeof BaselineConfigSchema>;

/** The defaults, for tests and callers without a config file. */
export const defaultBaselineConfig = (): BaselineConfig => BaselineConfigSchema.parse({});

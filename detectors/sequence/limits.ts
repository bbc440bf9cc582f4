// Thresholds of the sequence detectors, in one place, with their defaults: mounted in the config as
// `detection.sequence` (daemon/config/schema.ts). Each detector factory takes a partial override.
// Windows are in minutes of event time (`event.ts`), never the wall clock, so a replay of stored
// events gives the same findings.
import { z } from 'zod';

const count = (n: number) => z.number().int().min(1).max(10_000).default(n);
// Session memory keeps an hour of stamps (MAX_WINDOW_MS): a longer window could never fill.
const minutes = (n: number) => z.number().min(0.1).max(60).default(n);

export const SequenceLimitsSchema = z.strictObject({
  /** many-egress-hosts: this many distinct remote, non-allowlisted hosts … */
  egressHosts: count(5),
  /** … within this many minutes. */
  egressHostsWindowMin: minutes(10),
  /** mass-deletion: this many deleted files … */
  deletions: count(20),
  /** … within this many minutes … */
  deletionsWindowMin: minutes(5),
  /** … where one recursive delete (`rm -rf dir`) counts as this many files. */
  recursiveDeleteWeight: count(5),
  /** many-secret-reads: this many distinct secret files read … */
  secretReads: count(5),
  /** … within this many minutes. */
  secretReadsWindowMin: minutes(5),
  /** slow-exfiltration: this many data-carrying calls to one remote, non-allowlisted host … */
  dataCalls: count(10),
  /** … within this many minutes. */
  dataCallsWindowMin: minutes(30),
  /** destructive-chain: this many recursive deletes outside the workspace in one session. */
  deletesOutsideWorkspace: count(3),
}).prefault({});

export type SequenceLimits = z.infer<typeof SequenceLimitsSchema>;

export const SEQUENCE_LIMITS: Readonly<SequenceLimits> = Object.freeze(SequenceLimitsSchema.parse({}));

/** Session memory never keeps stamps older than this, whatever the configured windows (bounds the lists). */
export const MAX_WINDOW_MS = 60 * 60_000;

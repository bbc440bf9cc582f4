// Thresholds of the sequence detectors, in one place. Each detector factory takes a partial override
// (e.g. from config); the built-in list uses these defaults. Windows are in minutes of event time
// (`event.ts`), never the wall clock, so a replay of stored events gives the same findings.

export interface SequenceLimits {
  /** many-egress-hosts: this many distinct remote, non-allowlisted hosts … */
  egressHosts: number;
  /** … within this many minutes. */
  egressHostsWindowMin: number;
  /** mass-deletion: this many deleted files … */
  deletions: number;
  /** … within this many minutes … */
  deletionsWindowMin: number;
  /** … where one recursive delete (`rm -rf dir`) counts as this many files. */
  recursiveDeleteWeight: number;
  /** many-secret-reads: this many distinct secret files read … */
  secretReads: number;
  /** … within this many minutes. */
  secretReadsWindowMin: number;
  /** slow-exfiltration: this many data-carrying calls to one remote, non-allowlisted host … */
  dataCalls: number;
  /** … within this many minutes. */
  dataCallsWindowMin: number;
  /** destructive-chain: this many recursive deletes outside the workspace in one session. */
  deletesOutsideWorkspace: number;
}

export const SEQUENCE_LIMITS: Readonly<SequenceLimits> = Object.freeze({
  egressHosts: 5,
  egressHostsWindowMin: 10,
  deletions: 20,
  deletionsWindowMin: 5,
  recursiveDeleteWeight: 5,
  secretReads: 5,
  secretReadsWindowMin: 5,
  dataCalls: 10,
  dataCallsWindowMin: 30,
  deletesOutsideWorkspace: 3,
});

/** Session memory never keeps stamps older than this, whatever the configured windows (bounds the lists). */
export const MAX_WINDOW_MS = 60 * 60_000;


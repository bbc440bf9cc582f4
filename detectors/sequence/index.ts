// The sequence detectors: findings that need the session's history (kept in SessionState and
// advanced by advanceSession), as an explicit list. Thresholds: ./limits.ts.
import type { Detector } from '../detector.js';
import type { SequenceLimits } from './limits.js';
import { trifecta } from './trifecta.js';
import { downloadExecute } from './download-execute.js';
import { persistenceExecute } from './persistence-execute.js';
import { createDestructiveChain } from './destructive-chain.js';
import { createCountingDetectors } from './counting.js';
import { createSlowExfil } from './slow-exfil.js';
import { hookBypass } from './hook-bypass.js';

export { SEQUENCE_LIMITS, type SequenceLimits } from './limits.js';

/** The sequence detectors with thresholds overridden (e.g. from config); unset ones keep their defaults. */
export function createSequenceDetectors(limits: Partial<SequenceLimits> = {}): Detector[] {
  return [trifecta, downloadExecute, persistenceExecute, createDestructiveChain(limits), ...createCountingDetectors(limits), createSlowExfil(limits), hookBypass];
}

export const sequenceDetectors: readonly Detector[] = createSequenceDetectors();

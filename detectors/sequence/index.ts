// The sequence detectors: findings that need the session's history (each keeps its own memory, see
// Detector.memory), as an explicit list. Thresholds: ./limits.ts, overridden by config
// (`detection.sequence`).
import type { AnyDetector } from '../detector.js';
import type { SequenceLimits } from './limits.js';
import { trifecta, type TrifectaMemory } from './trifecta.js';
import { downloadExecute, type DownloadMemory } from './download-execute.js';
import { persistenceExecute, type PersistenceMemory } from './persistence-execute.js';
import { createDestructiveChain, type DestructiveMemory } from './destructive-chain.js';
import { createCountingDetectors, type DeletionMemory, type EgressHostMemory, type SecretReadMemory } from './counting.js';
import { createSlowExfil, type DataCallMemory } from './slow-exfil.js';
import { hookBypass, type HookMemory } from './hook-bypass.js';
import { hiddenEffect, type HiddenEffectMemory } from './hidden-effect.js';
import { createWorkspaceExfil, type WorkspaceExfilMemory } from './workspace-exfil.js';
import { remoteRedirect, type RemoteMemory } from './remote-redirect.js';
import { secretCommit } from './secret-commit.js';

export { SEQUENCE_LIMITS, type SequenceLimits } from './limits.js';

/** Every sequence detector's memory side by side (their fields do not overlap): what DetectorSet.view shows. */
export type SequenceMemory = TrifectaMemory & DownloadMemory & PersistenceMemory & DestructiveMemory & EgressHostMemory
  & DeletionMemory & SecretReadMemory & DataCallMemory & HookMemory & HiddenEffectMemory & WorkspaceExfilMemory & RemoteMemory;

/** The sequence detectors with thresholds overridden (e.g. from config); unset ones keep their defaults. */
export function createSequenceDetectors(limits: Partial<SequenceLimits> = {}): AnyDetector[] {
  return [trifecta, downloadExecute, persistenceExecute, createDestructiveChain(limits), ...createCountingDetectors(limits), createSlowExfil(limits), createWorkspaceExfil(), remoteRedirect, secretCommit, hookBypass, hiddenEffect];
}

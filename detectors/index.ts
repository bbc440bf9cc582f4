// The built-in detectors, as an explicit list, and the one function that runs them all.
import type { Detector, DetectionInput, Finding } from './detector.js';
import { secretRead } from './rules/secret-read.js';
import { exfiltration } from './rules/exfiltration.js';
import { downloadExec } from './rules/download-exec.js';
import { persistence } from './rules/persistence.js';
import { destructiveDelete } from './rules/destructive-delete.js';
import { hookTamper } from './rules/hook-tamper.js';

export const builtinDetectors: readonly Detector[] = [secretRead, exfiltration, downloadExec, persistence, destructiveDelete, hookTamper];

/** Runs every detector; one that throws is reported as a finding-less result, never stops the rest. */
export function runDetectors(detectors: readonly Detector[], input: DetectionInput, onError: (name: string, err: unknown) => void): Finding[] {
  const out: Finding[] = [];
  for (const d of detectors) {
    try {
      out.push(...d.evaluate(input));
    } catch (err) {
      onError(d.name, err);
    }
  }
  return out;
}

// Full process lists where there is no /proc: `ps` (macOS) or ps-list (Windows, and on request elsewhere,
// which is how that path is tested on Linux). Each call is one whole list; the table diffs it.
import { execFile } from 'node:child_process';
import { parsePsOutput, recordsFromPsList } from './ps-parse.js';
import type { ProcRecord } from './record.js';

/** `ps -axo pid,ppid,uid,lstart,command`, as records (start = lstart, one-second resolution). */
export function listWithPs(): Promise<ProcRecord[]> {
  return new Promise((resolve, reject) => {
    execFile('ps', ['-axo', 'pid,ppid,uid,lstart,command'], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout) => {
        if (err) { reject(err); return; }
        resolve(parsePsOutput(stdout).map((r) => ({ ...r, startedAt: new Date(r.startTicks! * 1000).toISOString() })));
      });
  });
}

/** One ps-list scan, as records. */
export async function listWithPsList(): Promise<ProcRecord[]> {
  const { default: psList } = await import('ps-list');
  return recordsFromPsList(await psList({ all: true }));
}

// What the attribution stage asks about a live process, behind one interface so tests can give a fake:
// the process table's record (collectors/proc: the table reads /proc, nothing here does), and the agent
// stamp in its environment (environ.ts says what the variables mean).
import type { ProcessTable } from '../../collectors/proc/process-table.js';
import type { ProcRecord } from '../../collectors/proc/record.js';
import { stampOf, type EnvStamp } from '../../core/agents/stamp.js';

export interface ProcReader {
  /** The live process with this pid; undefined when it is gone (or there is no way to look). */
  process(pid: number): ProcRecord | undefined;
  /** Its agent stamp. `procKey`: the caller knows which process it means (the table then reads no stat). */
  stamp(pid: number, procKey?: string): EnvStamp | undefined;
}

export function tableReader(table: ProcessTable): ProcReader {
  return {
    process: (pid) => table.byPid(pid),
    stamp: (pid, procKey) => {
      const env = table.environ(pid, procKey);
      return env && stampOf(env);
    },
  };
}

// What /proc says about a live process, for the fields a collector could not fill (ppid, start time,
// cwd, exe). Parsing is pure; reading is best effort, since the process may be gone already.
import fs from 'node:fs';
import { readEnvironStamp, type EnvStamp } from './environ.js';

export interface ProcStat { ppid: number; startTime: string }

/** `/proc/<pid>/stat`: the comm field may hold spaces and parens, so fields are counted after the last `)`. */
export function parseStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, starttime field 22.
  const ppid = Number(fields[1]);
  const startTime = fields[19];
  if (!Number.isInteger(ppid) || startTime === undefined || !/^\d+$/.test(startTime)) return undefined;
  return { ppid, startTime };
}

/** The reads the attribution stage does, behind one interface so tests can give a fake /proc. */
export interface ProcReader {
  stat(pid: number): ProcStat | undefined;
  cwd(pid: number): string | undefined;
  exe(pid: number): string | undefined;
  argv(pid: number): string[] | undefined;
  stamp(pid: number): EnvStamp | undefined;
}

function quiet<T>(read: () => T): T | undefined {
  try { return read(); } catch { return undefined; } // gone or not ours: the caller works with less
}

export function procfsReader(root = '/proc'): ProcReader {
  return {
    stat: (pid) => quiet(() => parseStat(fs.readFileSync(`${root}/${pid}/stat`, 'latin1'))),
    cwd: (pid) => quiet(() => fs.readlinkSync(`${root}/${pid}/cwd`)),
    exe: (pid) => quiet(() => fs.readlinkSync(`${root}/${pid}/exe`)),
    argv: (pid) => quiet(() => fs.readFileSync(`${root}/${pid}/cmdline`, 'utf8').split('\0').filter((a, i, all) => a !== '' || i < all.length - 1)),
    stamp: (pid) => readEnvironStamp(pid, root),
  };
}

/** A reader that knows nothing (platforms without /proc): attribution then relies on events and hooks. */
export const noProc: ProcReader = { stat: () => undefined, cwd: () => undefined, exe: () => undefined, argv: () => undefined, stamp: () => undefined };

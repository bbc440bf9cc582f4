// The `.offset` of the NDJSON file output: how far into the store (events seq, alerts seq) the file has
// got, and which file (inode) at which size. Written (0600, atomically) before a batch is appended, with
// the batch as `pending`, and again after, without it. A start that finds `pending` knows a batch may be
// in the file in part: the complete lines past `size` are its first records, a torn last line is cut off.
import fs from 'node:fs';
import { writePrivateAsync } from '../../core/state-files.js';

export interface FileOffset {
  /** Last event seq and alert seq written. */
  events: number;
  alerts: number;
  /** Inode and size of the current file when this was written. */
  ino: number;
  size: number;
  /** When the current file was started (age rotation). */
  createdMs: number;
  /**
   * A batch being appended after `size`: its events first, then its new alerts, then `escalations` lines
   * read from the escalation spool at `spool` (acknowledged there once written).
   */
  pending?: PendingBatch;
}

export interface PendingBatch { events: number; alerts: number; escalations?: number; spool?: { seg: number; offset: number } }

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The offset in `file`, or undefined when there is none (or it is not one of ours: then the output starts afresh). */
export function readOffset(file: string): FileOffset | undefined {
  let raw: unknown;
  try { raw = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
  const o = raw as Partial<FileOffset>;
  if (!isCount(o.events) || !isCount(o.alerts) || !isCount(o.ino) || !isCount(o.size) || !isCount(o.createdMs)) return undefined;
  const p = o.pending;
  const spool = p?.spool && isCount(p.spool.seg) && isCount(p.spool.offset) ? { spool: { seg: p.spool.seg, offset: p.spool.offset } } : {};
  const escalations = spool.spool && isCount(p?.escalations) ? { escalations: p.escalations } : {};
  const pending = p && isCount(p.events) && isCount(p.alerts) ? { events: p.events, alerts: p.alerts, ...escalations, ...spool } : undefined;
  return { events: o.events, alerts: o.alerts, ino: o.ino, size: o.size, createdMs: o.createdMs, ...(pending ? { pending } : {}) };
}

/** Writes the offset atomically (temporary file, then rename), mode 0600, off the event loop. */
export const writeOffset = (file: string, offset: FileOffset): Promise<void> => writePrivateAsync(file, `${JSON.stringify(offset)}\n`);

/**
 * After a crash mid-batch: how many complete lines of the pending batch are in the file (from `size` on),
 * and the file cut back to its last complete line. `fd` is the file, opened for writing.
 */
export function settlePending(fd: number, size: number): number {
  const end = fs.fstatSync(fd).size;
  if (end <= size) return 0;
  const tail = Buffer.alloc(end - size);
  fs.readSync(fd, tail, 0, tail.length, size);
  const last = tail.lastIndexOf(0x0a);
  if (last + 1 < tail.length) fs.ftruncateSync(fd, size + last + 1);
  let lines = 0;
  for (let i = tail.indexOf(0x0a); i !== -1 && i <= last; i = tail.indexOf(0x0a, i + 1)) lines++;
  return lines;
}

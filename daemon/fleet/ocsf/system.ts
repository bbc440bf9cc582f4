// OS events of the System Activity category: exec/exit (and agent processes starting and ending) →
// Process Activity (1007), file reads, writes, deletes and renames → File System Activity (1001).
import path from 'node:path';
import type { Event } from '../../../core/event.js';
import { actorOf, baseRecord, exportCommand, exportName, exportPath, unmappedOf, userOf, type Json, type OcsfContext } from './context.js';

const SYSTEM: [number, string] = [1, 'System Activity'];

/** The parent as an OCSF process: its pid, and its start-time key as uid when the kernel tier named it. */
const parentOf = (e: Event): Json => ({ pid: e.ppid, ...(e.parentProcKey ? { uid: e.parentProcKey } : {}) });

/** The OCSF process of an event: pid, name, command line, executable, parent, the start-time key as uid. */
export function processOf(ctx: OcsfContext, e: Event): Json {
  const exe = e.exe ?? (typeof e.detail?.comm === 'string' ? e.detail.comm : undefined);
  const p: Json = {};
  if (e.pid !== undefined) p.pid = e.pid;
  if (e.procKey) p.uid = e.procKey;
  if (exe) {
    p.name = path.basename(exe);
    if (path.isAbsolute(exe)) p.file = { name: exportName(ctx, exe), path: exportPath(ctx, exe, e.cwd), type_id: 1 };
  }
  const cmd = e.command ?? (e.argv?.length ? e.argv.join(' ') : undefined);
  if (cmd) p.cmd_line = exportCommand(ctx, cmd);
  if (e.cwd && ctx.privacy !== 'strict') p.working_directory = exportPath(ctx, e.cwd, e.cwd);
  if (e.ppid !== undefined) p.parent_process = parentOf(e);
  if (e.uid !== undefined) p.user = userOf(ctx, e.uid);
  if (typeof e.detail?.startedAt === 'string') p.created_time = Date.parse(e.detail.startedAt);
  // pid 0 is nobody's: OCSF's process needs one of pid/uid.
  if (p.pid === undefined && p.uid === undefined) p.uid = e.id;
  return p;
}

/** exec, exit, agent.start, agent.exit → Process Activity: Launch or Terminate. */
export function processActivity(ctx: OcsfContext, e: Event): Json {
  const terminate = e.kind === 'exit' || e.kind === 'agent.exit';
  const r = baseRecord(ctx, {
    classUid: 1007, className: 'Process Activity', category: SYSTEM, activity: terminate ? [2, 'Terminate'] : [1, 'Launch'],
    id: e.id, ts: e.ts, severityId: 1, sessionId: e.sessionId,
  });
  // The actor is the process that launched it (its parent), or the agent when that is all we know.
  r.actor = actorOf(ctx, e, e.ppid !== undefined && !terminate ? parentOf(e) : undefined);
  r.process = processOf(ctx, e);
  if (typeof e.detail?.exitCode === 'number') r.exit_code = e.detail.exitCode;
  if (typeof e.detail?.signal === 'number') r.status_detail = `killed by signal ${e.detail.signal}`;
  r.unmapped = unmappedOf(e);
  return r;
}

const FILE_ACTIVITY: Partial<Record<Event['kind'], [number, string]>> = {
  'file.read': [2, 'Read'], 'file.write': [3, 'Update'], 'file.delete': [4, 'Delete'], 'file.rename': [5, 'Rename'],
};

/** A written file that the write created (O_CREAT on a new file, or the watcher's `add`) is a Create. */
function fileActivityOf(e: Event): [number, string] {
  if (e.kind === 'file.write' && (e.detail?.change === 'add' || (e.detail?.create === true && e.detail?.truncate !== true))) return [1, 'Create'];
  return FILE_ACTIVITY[e.kind] ?? [0, 'Unknown'];
}

export function fileOf(ctx: OcsfContext, p: string, cwd: string | undefined, dir = false): Json {
  return { name: exportName(ctx, p), path: exportPath(ctx, p, cwd), type_id: dir ? 2 : 1 };
}

/** file.read/write/delete/rename → File System Activity; a rename's `file` is where it came from, `file_result` where it went. */
export function fileActivity(ctx: OcsfContext, e: Event): Json {
  const r = baseRecord(ctx, {
    classUid: 1001, className: 'File System Activity', category: SYSTEM, activity: fileActivityOf(e),
    id: e.id, ts: e.ts, severityId: 1, sessionId: e.sessionId,
  });
  r.actor = actorOf(ctx, e, e.pid !== undefined || e.procKey ? processOf(ctx, e) : undefined);
  const dir = e.detail?.dir === true;
  const target = e.path ?? '';
  const from = typeof e.detail?.from === 'string' ? e.detail.from : undefined;
  if (e.kind === 'file.rename' && from) {
    r.file = fileOf(ctx, from, e.cwd, dir);
    r.file_result = fileOf(ctx, target, e.cwd, dir);
  } else {
    r.file = fileOf(ctx, target, e.cwd, dir);
  }
  r.unmapped = unmappedOf(e, typeof e.detail?.class === 'string' ? { file_class: e.detail.class } : {});
  return r;
}

// `agentwatch export`: telemetry for a SOC (or an audit) straight from the database, with the daemon
// running or not (read-only), as NDJSON on stdout: OCSF records, or agentwatch's own records (ndjson).
// Streams page by page (constant memory on any size of database) and ends with the cursor to resume from
// on stderr, so `--since <that cursor>` next time gives exactly what came after.
import fs from 'node:fs';
import os from 'node:os';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { openReadOnly } from '../store/database.js';
import { stateFiles } from '../state-dir.js';
import { AgentwatchError } from '../../core/errors.js';
import { parseSince, stateDirOf, type CommonArgs } from './options.js';
import { CursorError, formatStoredLine, isCursor, TelemetryReader, type StoredRecord, type TelemetryPage } from '../fleet/telemetry-reader.js';
import { NdjsonWriter } from '../fleet/ndjson-writer.js';
import type { OcsfContext } from '../fleet/ocsf/index.js';
import { fleetContext } from '../fleet/context.js';

export interface ExportArgs extends CommonArgs { format?: 'ocsf' | 'ndjson'; since?: string; until?: string; session?: string; agent?: string }

/** Records a page: a read transaction and three queries each (bench/export.ts: 1000 costs 3% less CPU than 250). */
const PAGE = 1000;
/** …and at most this much stored JSON per page, so the small heap never meets a page of huge tool inputs. */
const PAGE_BYTES = 2 * 1024 * 1024;

/**
 * V8 sizes its heap lazily: an export's live set stays under 20 MB, yet the heap grows past 100 MB of
 * RSS on a long export unless capped from the command line (flags set at run time come too late). So the
 * CLI runs the export in a child node with a small heap (bench/export.ts measures both). A young generation
 * of 4 MB semi-spaces rather than 1 lets a page's rows die young instead of being promoted: 8% less CPU
 * for 4 MB more RSS.
 */
const SMALL_HEAP = ['--max-old-space-size=32', '--max-semi-space-size=4'];

export async function exportInSmallHeap(args: ExportArgs): Promise<void> {
  if (SMALL_HEAP.every((f) => process.execArgv.includes(f))) return exportCommand(args);
  const child = spawn(process.execPath, [...process.execArgv, ...SMALL_HEAP, ...process.argv.slice(1)], { stdio: 'inherit' });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  process.exitCode = code ?? (signal ? 1 : 0);
}

/** `sink` must be done with a chunk when its write calls back (sockets, pipes, files: stdout), as NdjsonWriter reuses it. */
export async function exportCommand(args: ExportArgs, sink: NodeJS.WritableStream = process.stdout): Promise<void> {
  const format = args.format ?? 'ocsf';
  const dir = stateDirOf(args);
  const file = stateFiles(dir).db;
  if (!fs.existsSync(file)) throw new AgentwatchError('AW_ERR_NO_DATA', `no database at ${file} yet (has the daemon run?)`);
  const cursor = args.since !== undefined && isCursor(args.since) ? args.since : undefined;
  const since = args.since !== undefined && cursor === undefined ? parseSince(args.since) : undefined;
  const until = args.until !== undefined ? parseSince(args.until) : undefined;
  let ctx: OcsfContext | undefined;
  if (format === 'ocsf') {
    const { loadConfig, defaultConfigFile } = await import('../config/load.js');
    ctx = fleetContext(dir, loadConfig(args.config ?? defaultConfigFile(process.env, os.homedir())).telemetry);
  }
  const db = openReadOnly(file);
  try {
    const reader = new TelemetryReader(db, { sessionId: args.session, agent: args.agent, since, until }, PAGE_BYTES);
    const out = new NdjsonWriter(sink);
    const shape = format === 'ocsf' ? 'ocsf' : 'native';
    let next = cursor;
    const dropped = { events: 0, alerts: 0 };
    for (;;) {
      let page: TelemetryPage<StoredRecord>;
      try { page = reader.readStored(next, PAGE); } catch (err) {
        if (err instanceof CursorError) throw new AgentwatchError('AW_ERR_ARGS', err.message);
        throw err;
      }
      dropped.events += page.dropped.events;
      dropped.alerts += page.dropped.alerts;
      next = page.next;
      for (const r of page.records) {
        const wait = out.line(formatStoredLine(r, shape, ctx));
        if (wait) await wait;
      }
      if (!page.more) break;
    }
    await out.end();
    process.stderr.write(`next cursor: ${next}\n`);
    if (dropped.events || dropped.alerts) process.stderr.write(`dropped by retention before export: ${dropped.events} events, ${dropped.alerts} alerts\n`);
  } finally {
    db.close();
  }
}

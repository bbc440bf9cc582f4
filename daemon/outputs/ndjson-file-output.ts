// The rotating NDJSON file a log shipper tails (Fluent Bit, Vector, Splunk UF, Elastic Agent): every stored
// event and alert, one JSON record a line, in `<state dir>/telemetry/agentwatch.ocsf.ndjson`.
//
// It reads what the store committed (events and alerts after the seqs in its `.offset`), so a restart
// resumes where the file stopped: nothing the store holds is skipped or written twice (file-offset.ts).
// Escalations of an alert (the stored row is updated in place) come from the live path and are written
// as their own records: each goes to a spool on disk first (spool.ts, in `escalations.spool/`), which the
// hook path waits for (durable), so a crash before the file caught up loses none of them either. An
// escalation waits in the spool until its alert's `new` record is in the file (the store may commit the
// alert after the spool took the escalation), so a shipper never sees a change before the alert. Writes
// are batched and asynchronous, whole lines only; rotation renames the file (a shipper that follows by
// inode finishes the old one). Files are 0600 in a 0700 directory.
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Alert, Event } from '../../core/event.js';
import { writePrivate } from '../../core/state-files.js';
import type { ComponentHealth } from '../../core/health.js';
import type { DB } from '../store/database.js';
import { alertSeq, lastSeqs, queryAlerts, queryEvents } from '../store/event-store.js';
import type { FileOutputConfig } from './config.js';
import { readOffset, settlePending, writeOffset, type FileOffset, type PendingBatch } from './file-offset.js';
import type { AlertChange, Output } from './output.js';
import { recordLine, type RecordFormatter } from './record.js';
import { firstOf, Spool, type SpoolBatch } from './spool.js';

export const TELEMETRY_FILE = 'agentwatch.ocsf.ndjson';
/** Records read from the store per batch (each kind): a batch holds the event loop ~10 ms (bench/fleet-outputs.ts). */
const BATCH = 250;
/** A write pokes the file this long later (the store commits within flushMs); an idle check runs every second. */
const POKE_MS = 100;
const IDLE_MS = 1000;
/** The escalation spool's cap on disk (the oldest are dropped past it, counted): thousands of alerts. */
const ESCALATION_SPOOL_BYTES = 16 * 1024 * 1024;
/** Escalation records read from the spool per batch, about. */
const ESCALATION_BATCH_BYTES = 256 * 1024;
/** At shutdown, catching up stops after this long; the rest follows at the next start. */
const CLOSE_BUDGET_MS = 3000;
/**
 * An escalation whose alert is not in the store waits this long for it (the store commits within flushMs,
 * or retries each second while failing), then is written alone: the alert was lost to a crash between the
 * spool and the commit, or retention deleted it.
 */
export const ESCALATION_WAIT_MS = 5000;
/** A spooled escalation: the alert's id, a tab, the record's line (lines spooled before the id was added start with `{`). */
const SPOOL_ID_SEP = '\t';

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
/** A spooled escalation: its alert's id (none for a line spooled without one) and its record's line. */
function unspool(spooled: string): { id?: string; record: string } {
  const sep = spooled.startsWith('{') ? -1 : spooled.indexOf(SPOOL_ID_SEP);
  return sep > 0 ? { id: spooled.slice(0, sep), record: spooled.slice(sep + 1) } : { record: spooled };
}

export class NdjsonFileOutput implements Output {
  readonly name = 'telemetry-file';
  readonly file: string;
  private readonly offsetFile: string;
  private fh: FileHandle | undefined;
  private offset!: FileOffset;
  private readonly escalations: Spool;
  /** The last escalation's append to the spool (durable waits for it). */
  private spooled: Promise<void> = Promise.resolve();
  /** Escalation lines a crash cut short after writing them to the file: acknowledged in the spool first. */
  private cutShort: { at: { seg: number; offset: number }; lines: number } | undefined;
  /** The spool head whose escalation waits for its alert, and since when (ms). */
  private waiting: { seg: number; offset: number; since: number } | undefined;
  private running: Promise<void> | undefined;
  private poke: NodeJS.Timeout | undefined;
  private readonly idle: NodeJS.Timeout;
  private closed = false;
  written = 0;
  rotations = 0;
  failures = 0;
  /** Records of an interrupted batch found in the file at start (kept, not written again). */
  recovered = 0;
  lastError: string | undefined;

  constructor(dir: string, private readonly db: DB, private readonly cfg: FileOutputConfig, private readonly format: RecordFormatter, private readonly now = Date.now) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = path.join(dir, TELEMETRY_FILE);
    this.offsetFile = `${this.file}.offset`;
    this.escalations = new Spool(path.join(dir, 'escalations.spool'), ESCALATION_SPOOL_BYTES);
    this.start();
    this.idle = setInterval(() => this.kick(), IDLE_MS).unref();
  }

  writeEvent(_e: Event): void {
    this.soon();
  }

  writeAlert(a: Alert, _key: string, change: AlertChange): void {
    // A new alert is read from the store with the next batch; an escalation (or a held call's answer) updates a
    // row already passed: that version is formatted now and spooled (rare: a severity rise, a decided hold).
    if (change === 'escalated' || change === 'answered') {
      const line = recordLine(this.format, { type: 'alert', alert: a, change }).slice(0, -1);
      this.spooled = this.escalations.append([`${a.id}${SPOOL_ID_SEP}${line}`]).catch((err: unknown) => this.failed(err));
    }
    if (change !== 'repeat') this.soon();
  }

  /** Resolves once every escalation written so far is in the spool (never rejects: a failure is in health). */
  durable(): Promise<void> {
    return this.spooled;
  }

  /** `dropped`: escalations the spool's cap dropped while the file could not take them. */
  health(): ComponentHealth & { written: number; rotations: number; failures: number; recovered: number; behind: number; dropped: number } {
    const last = lastSeqs(this.db);
    const behind = Math.max(0, last.events - this.offset.events) + Math.max(0, last.alerts - this.offset.alerts) + this.escalations.depth;
    const counters = { written: this.written, rotations: this.rotations, failures: this.failures, recovered: this.recovered, behind, dropped: this.escalations.dropped };
    if (this.lastError === undefined) return { status: 'ok', ...counters };
    return { status: 'degraded', reason: `${this.file}: writes fail (${this.lastError}); records wait in the store and are written once it works`, ...counters };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.idle);
    if (this.poke) clearTimeout(this.poke);
    const until = Date.now() + CLOSE_BUDGET_MS;
    await this.spooled;
    await this.running;
    while (Date.now() < until && (await this.batch()) > 0) { /* catch up with what the store committed last */ }
    await this.escalations.settled();
    await this.fh?.close();
    this.fh = undefined;
  }

  /** Opens the file and settles the offset: first start (from now on), a clean restart, or an interrupted batch. */
  private start(): void {
    const fd = fs.openSync(this.file, fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      fs.fchmodSync(fd, 0o600);
      const st = fs.fstatSync(fd);
      const saved = readOffset(this.offsetFile);
      if (!saved) {
        // First start: the file begins with what happens from now on (`agentwatch export` gives the past).
        this.offset = { ...lastSeqs(this.db), ino: st.ino, size: st.size, createdMs: this.now() };
      } else {
        // An offset past the store's end means a new database (the old one was corrupt and moved aside): start at its beginning.
        const last = lastSeqs(this.db);
        this.offset = { events: Math.min(saved.events, last.events), alerts: Math.min(saved.alerts, last.alerts), ino: st.ino, size: st.size, createdMs: saved.ino === st.ino ? saved.createdMs : this.now() };
        if (saved.pending && saved.ino === st.ino) this.skipWritten(settlePending(fd, saved.size), saved);
        this.offset.size = fs.fstatSync(fd).size;
      }
    } finally { fs.closeSync(fd); }
    writePrivate(this.offsetFile, `${JSON.stringify(this.offset)}\n`);
  }

  /** `lines` complete lines of the pending batch made it: its first events, then its first alerts, then its first escalations. */
  private skipWritten(lines: number, saved: FileOffset): void {
    const pending = saved.pending!;
    const events = Math.min(lines, pending.events);
    const alerts = Math.min(lines - events, pending.alerts);
    const escalations = Math.min(lines - events - alerts, pending.escalations ?? 0);
    if (events > 0) this.offset.events = queryEvents(this.db, { afterSeq: saved.events, limit: events }).at(-1)?.seq ?? saved.events;
    if (alerts > 0) this.offset.alerts = queryAlerts(this.db, { afterSeq: saved.alerts, limit: alerts }).at(-1)?.seq ?? saved.alerts;
    if (escalations > 0 && pending.spool) this.cutShort = { at: pending.spool, lines: escalations };
    this.recovered += events + alerts + escalations;
  }

  private soon(): void {
    if (!this.closed) this.poke ??= setTimeout(() => { this.poke = undefined; this.kick(); }, POKE_MS);
  }

  /** Runs batches until the store has nothing new (one at a time). */
  private kick(): void {
    if (this.running || this.closed) return;
    this.running = (async () => { while (!this.closed && (await this.batch()) >= BATCH); })()
      .finally(() => { this.running = undefined; });
  }

  /** Writes one batch; resolves with how many records it took (0: nothing new, or it failed). */
  private async batch(): Promise<number> {
    try {
      if (this.cutShort) {
        await this.escalations.skip(this.cutShort.at, this.cutShort.lines);
        this.cutShort = undefined;
      }
      const events = queryEvents(this.db, { afterSeq: this.offset.events, limit: BATCH });
      const alerts = queryAlerts(this.db, { afterSeq: this.offset.alerts, limit: BATCH });
      const escalations = this.inOrder(await this.escalations.next(ESCALATION_BATCH_BYTES), alerts.at(-1)?.seq ?? this.offset.alerts);
      const escalated = escalations?.lines.length ?? 0;
      if (events.length + alerts.length + escalated === 0) return 0;
      const text = [
        ...events.map(({ event }) => recordLine(this.format, { type: 'event', event })),
        ...alerts.map(({ alert }) => recordLine(this.format, { type: 'alert', alert, change: 'new' })),
        ...(escalations?.lines ?? []).map((l) => `${unspool(l).record}\n`),
      ].join('');
      const buf = Buffer.from(text);
      await this.rotateIfDue(buf.length);
      const pending: PendingBatch = { events: events.length, alerts: alerts.length, ...(escalations ? { escalations: escalated, spool: { seg: escalations.seg, offset: escalations.offset } } : {}) };
      await this.append(buf, pending, escalations, () => {
        this.offset.events = events.at(-1)?.seq ?? this.offset.events;
        this.offset.alerts = alerts.at(-1)?.seq ?? this.offset.alerts;
      });
      this.written += events.length + alerts.length + escalated;
      this.lastError = undefined;
      return events.length + alerts.length + escalated;
    } catch (err) {
      // Nothing is lost: the store's records are read again next time, the escalations stay at the spool's head.
      this.failed(err);
      return 0;
    }
  }

  /**
   * The leading escalations of `b` whose alert's `new` record is in the file once this batch's alerts (up to
   * seq `alertsTo`) are: the rest wait at the spool's head for a later batch. One whose alert is not in the
   * store at all waits ESCALATION_WAIT_MS for it, then goes alone.
   */
  private inOrder(b: SpoolBatch | undefined, alertsTo: number): SpoolBatch | undefined {
    if (!b) return undefined;
    const at = { seg: b.seg, offset: b.offset };
    if (this.waiting?.seg !== at.seg || this.waiting.offset !== at.offset) this.waiting = undefined;
    const gaveUp = this.waiting !== undefined && this.now() - this.waiting.since >= ESCALATION_WAIT_MS;
    let n = 0;
    for (; n < b.lines.length; n++) {
      const { id } = unspool(b.lines[n]!);
      if (id === undefined) continue;
      const seq = alertSeq(this.db, id);
      if (seq === undefined ? !gaveUp : seq > alertsTo) break;
    }
    if (n === b.lines.length) { this.waiting = undefined; return b; }
    if (n === 0) { this.waiting ??= { ...at, since: this.now() }; return undefined; }
    // The ones before it go now; the spool's head then moves to the one that waits.
    return firstOf(b, n);
  }

  /**
   * The batch goes in whole or not at all: a failed write is cut back to where it started. Its escalations
   * are acknowledged in the spool before the offset drops `pending`, so a crash in between finds them written
   * (the pending batch's lines) and already acknowledged, and writes them once.
   */
  private async append(buf: Buffer, pending: PendingBatch, escalations: SpoolBatch | undefined, advance: () => void): Promise<void> {
    const fh = await this.handle();
    await writeOffset(this.offsetFile, { ...this.offset, pending });
    try {
      for (let at = 0; at < buf.length;) at += (await fh.write(buf, at, buf.length - at)).bytesWritten;
    } catch (err) {
      await fh.truncate(this.offset.size).catch(() => undefined);
      await writeOffset(this.offsetFile, this.offset).catch(() => undefined);
      throw err;
    }
    this.offset.size += buf.length;
    advance();
    if (escalations) await this.escalations.ack(escalations);
    await writeOffset(this.offsetFile, this.offset);
  }

  private async handle(): Promise<FileHandle> {
    if (this.fh) return this.fh;
    const fh = await open(this.file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
    await fh.chmod(0o600);
    const st = await fh.stat();
    this.offset.ino = st.ino;
    this.offset.size = st.size;
    this.fh = fh;
    return fh;
  }

  /** Renames the file away (`.1`, `.2` … `.keep`) before `adding` bytes would take it past maxBytes, or once it is too old. */
  private async rotateIfDue(adding: number): Promise<void> {
    const { maxBytes, maxAgeMinutes, keep } = this.cfg;
    const old = maxAgeMinutes > 0 && this.now() - this.offset.createdMs >= maxAgeMinutes * 60_000;
    if (this.offset.size === 0 || (this.offset.size + adding <= maxBytes && !old)) return;
    await this.fh?.close();
    this.fh = undefined;
    await rm(`${this.file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) await rename(`${this.file}.${i}`, `${this.file}.${i + 1}`).catch(() => undefined);
    await rename(this.file, `${this.file}.1`);
    this.rotations++;
    this.offset.createdMs = this.now();
    await this.handle();
    await writeOffset(this.offsetFile, this.offset);
  }

  private failed(err: unknown): void {
    this.failures++;
    this.lastError = firstLine(err);
  }
}

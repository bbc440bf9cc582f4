// Syslog forwarding: alerts (and, when configured, every event) as RFC 5424 messages over TCP or TLS with
// octet-counted framing, to the receiver a SOC already runs (rsyslog, syslog-ng, a SIEM's collector).
//
// Every record goes through the spool on disk first (spool.ts), and is acknowledged there only once the
// socket took it: a receiver that is down (or a daemon restart meanwhile) delays records, never loses
// them, until the spool's cap drops the oldest, counted. A hook is answered once its records are in the
// spool (durable), so a crash right after loses none either. The connection is retried with backoff.
import net from 'node:net';
import os from 'node:os';
import fs from 'node:fs';
import tls from 'node:tls';
import type { Alert, Event } from '../../core/event.js';
import { severityRank } from '../../core/event.js';
import type { ComponentHealth } from '../../core/health.js';
import type { SyslogOutputConfig } from './config.js';
import type { AlertChange, Output } from './output.js';
import type { OutputRecord, RecordFormatter } from './record.js';
import { Spool, type SpoolBatch } from './spool.js';
import { frame, syslogMessage } from './syslog-message.js';

const MIN_BACKOFF_MS = 500;
/** Unreachable this long with nothing to send yet is degraded too: the next alert would wait. */
const DOWN_DEGRADED_MS = 10_000;
/** At shutdown, what is spooled gets this long to go out; the rest waits in the spool for the next start. */
const CLOSE_BUDGET_MS = 1000;
const CONNECT_TIMEOUT_MS = 10_000;

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

export interface SyslogLog { warn(obj: object, msg: string): void; info(obj: object, msg: string): void }

export class SyslogOutput implements Output {
  readonly name = 'syslog';
  private readonly spool: Spool;
  private readonly hostname = os.hostname();
  private queued: string[] = [];
  /** The latest spooling of what was queued (once per event-loop turn); durable() waits for it. */
  private spooling: Promise<void> = Promise.resolve();
  private socket: net.Socket | undefined;
  private connected = false;
  private sending = false;
  /** pump() was called while it ran: look at the spool once more before stopping. */
  private again = false;
  private reconnect: NodeJS.Timeout | undefined;
  private backoff = MIN_BACKOFF_MS;
  private closed = false;
  private downSince: number | undefined = Date.now();
  sent = 0;
  connects = 0;
  lastError: string | undefined;

  constructor(spoolDir: string, private readonly cfg: SyslogOutputConfig, private readonly format: RecordFormatter, private readonly log: SyslogLog) {
    this.spool = new Spool(spoolDir, cfg.spoolMaxMB * 1024 * 1024, (n) => log.warn({ dropped: n, total: this.spool.dropped }, `syslog spool full: dropped the ${n} oldest unsent records`));
    this.connect();
  }

  writeEvent(e: Event): void {
    if (this.cfg.records === 'all') this.enqueue({ type: 'event', event: e });
  }

  writeAlert(a: Alert, _key: string, change: AlertChange): void {
    if (change === 'repeat' || severityRank[a.severity] < severityRank[this.cfg.minSeverity]) return;
    this.enqueue({ type: 'alert', alert: structuredClone(a), change });
  }

  /** Resolves once every record written so far is in the spool (never rejects: a spool failure is in health). */
  durable(): Promise<void> {
    return this.spooling;
  }

  health(): ComponentHealth & { sent: number; spooled: number; dropped: number; connects: number } {
    const counters = { sent: this.sent, spooled: this.spool.depth + this.queued.length, dropped: this.spool.dropped, connects: this.connects };
    const longDown = this.downSince !== undefined && Date.now() - this.downSince > DOWN_DEGRADED_MS;
    if (this.connected || (counters.spooled === 0 && !longDown)) return { status: 'ok', ...counters };
    const since = this.downSince ? ` since ${new Date(this.downSince).toISOString()}` : '';
    return { status: 'degraded', reason: `syslog receiver ${this.target()} unreachable${since} (${this.lastError ?? 'not connected'}); records wait in the spool until it is back`, ...counters };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    await this.spoolQueued();
    const until = Date.now() + CLOSE_BUDGET_MS;
    while (this.connected && this.spool.depth > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await this.spool.settled();
    const socket = this.socket;
    this.socket = undefined;
    this.connected = false;
    socket?.destroy();
  }

  private enqueue(rec: OutputRecord): void {
    const body = this.format(rec);
    this.queued.push(syslogMessage(rec, body, { facility: this.cfg.facility, hostname: this.hostname, procId: process.pid }));
    if (this.queued.length > 1) return;
    this.spooling = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.spoolQueued());
    void this.spooling.then(() => this.pump());
  }

  private async spoolQueued(): Promise<void> {
    try { await this.spool.append(this.queued.splice(0)); } catch (err) { this.lastError = `spool: ${firstLine(err)}`; }
  }

  private target(): string {
    return `${this.cfg.host}:${this.cfg.port}${this.useTls() ? ' (TLS)' : ''}`;
  }

  private useTls(): boolean {
    return this.cfg.tls.enabled || this.cfg.tls.ca !== undefined || this.cfg.tls.cert !== undefined;
  }

  private connect(): void {
    if (this.closed) return;
    const { host, port, tls: t } = this.cfg;
    let socket: net.Socket;
    try {
      socket = this.useTls()
        ? tls.connect({
          host, port, servername: t.servername ?? (net.isIP(host) ? undefined : host),
          ...(t.ca ? { ca: fs.readFileSync(t.ca) } : {}), ...(t.cert ? { cert: fs.readFileSync(t.cert) } : {}), ...(t.key ? { key: fs.readFileSync(t.key) } : {}),
        }, () => this.up())
        : net.connect({ host, port }, () => this.up());
    } catch (err) {
      this.down(err); // an unreadable certificate file: said in health, tried again with the backoff
      return;
    }
    socket.setKeepAlive(true, 30_000);
    // A receiver that never answers the connect (a dropped SYN) is given up on and tried again.
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => { if (!this.connected) socket.destroy(new Error(`connect timed out after ${CONNECT_TIMEOUT_MS} ms`)); });
    socket.on('error', (err) => { this.lastError = firstLine(err); });
    socket.on('close', () => { if (this.socket === socket) this.down(undefined); });
    this.socket = socket;
  }

  private up(): void {
    this.socket?.setTimeout(0);
    this.connected = true;
    this.connects++;
    this.backoff = MIN_BACKOFF_MS;
    if (this.downSince !== undefined && this.connects > 1) this.log.info({ target: this.target(), downForS: Math.round((Date.now() - this.downSince) / 1000), spooled: this.spool.depth }, 'syslog receiver reachable again; sending the spooled records');
    this.downSince = undefined;
    this.lastError = undefined;
    void this.pump();
  }

  private down(err: unknown): void {
    if (err !== undefined) this.lastError = firstLine(err);
    if (this.connected) this.log.warn({ target: this.target(), err: this.lastError }, 'syslog receiver went away; records wait in the spool');
    this.connected = false;
    this.socket = undefined;
    this.downSince ??= Date.now();
    if (this.closed) return;
    const wait = this.backoff * (0.75 + Math.random() * 0.5);
    this.backoff = Math.min(this.backoff * 2, this.cfg.reconnectMaxMs);
    this.reconnect = setTimeout(() => { this.reconnect = undefined; this.connect(); }, wait).unref();
  }

  /** Sends the spool from its head while connected; a batch is acknowledged once the socket took it. */
  private async pump(): Promise<void> {
    if (this.sending) { this.again = true; return; }
    this.sending = true;
    try {
      do {
        this.again = false;
        for (let b = this.connected ? await this.spool.next() : undefined; b && this.connected; b = this.connected ? await this.spool.next() : undefined) {
          if (!(await this.send(b))) break;
          await this.spool.ack(b);
          this.sent += b.lines.length;
        }
      } while (this.again && this.connected);
    } catch (err) {
      this.lastError = firstLine(err);
    } finally {
      this.sending = false;
    }
  }

  private send(b: SpoolBatch): Promise<boolean> {
    const socket = this.socket;
    if (!socket) return Promise.resolve(false);
    return new Promise((resolve) => socket.write(b.lines.map(frame).join(''), (err) => resolve(!err)));
  }
}

// The syslog output against a plain TCP listener on 127.0.0.1: octet-counted frames whose counts are the
// UTF-8 byte lengths, RFC 5424 headers, the injected formatter's JSON as MSG, and which records it sends.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert, Event } from '../../../core/event.js';
import { SyslogOutputConfigSchema } from '../../../daemon/outputs/config.js';
import { nativeRecord } from '../../../daemon/outputs/record.js';
import { SyslogOutput } from '../../../daemon/outputs/syslog-output.js';
import { waitFor } from '../../helpers/wait-for.js';

const quiet = { warn: () => undefined, info: () => undefined };
let dir: string;
let server: net.Server;
let port: number;
let bytes: Buffer;

/** Splits octet-counted frames (`LEN SP MSG`), checking each count against the bytes that follow. */
function frames(buf: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at < buf.length;) {
    const sp = buf.indexOf(0x20, at);
    const len = Number(buf.subarray(at, sp).toString());
    out.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
    at = sp + 1 + len;
  }
  return out;
}

const alert = (severity: Alert['severity'], reason = 'r'): Alert => ({ id: `al-${severity}-${Math.random()}`, ts: '2026-12-02T10:00:00.000Z', lastTs: '2026-12-02T10:00:01.000Z', severity, tactic: 'exfiltration', rule: 'x', title: 't', reason, agent: { kind: 'claude-code' }, evidence: [], count: 1 });
const event: Event = { id: 'ev-1', ts: '2026-12-02T10:00:00.000Z', source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' } };

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-syslog-'));
  bytes = Buffer.alloc(0);
  server = net.createServer((s) => s.on('data', (b) => { bytes = Buffer.concat([bytes, b]); }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
afterEach(async () => { await new Promise((r) => server.close(r)); fs.rmSync(dir, { recursive: true, force: true }); });

describe('syslog output', () => {
  it('sends new and escalated alerts at or above minSeverity as framed RFC 5424 messages with the formatter\'s JSON', async () => {
    const format = vi.fn(nativeRecord);
    const o = new SyslogOutput(dir, SyslogOutputConfigSchema.parse({ enabled: true, port, minSeverity: 'medium' }), format, quiet);
    const high = alert('high', 'sent to ünïcødé host ✓'); // multi-byte: the count is in bytes
    o.writeAlert(high, 'k', 'new');
    o.writeAlert({ ...high, count: 2 }, 'k', 'repeat');
    o.writeAlert({ ...high, severity: 'critical' }, 'k', 'escalated');
    o.writeAlert(alert('low'), 'k2', 'new');
    o.writeEvent(event);
    await waitFor(() => (o.health().sent === 2 ? true : undefined), 5000, 'two messages sent');
    await o.close();
    await waitFor(() => (frames(bytes).length === 2 ? true : undefined), 2000, 'two frames received');
    const [first, second] = frames(bytes);
    expect(first).toMatch(new RegExp(`^<131>1 2026-12-02T10:00:00\\.000Z \\S+ agentwatch ${process.pid} alert - \\{`));
    expect(second).toMatch(/^<130>1 2026-12-02T10:00:01\.000Z \S+ agentwatch \d+ alert - \{/);
    const body = JSON.parse(first!.slice(first!.indexOf(' - ') + 3)) as { id: string; reason: string };
    expect(body).toMatchObject({ id: high.id, reason: 'sent to ünïcødé host ✓' });
    expect(format).toHaveBeenCalledTimes(2);
    expect(o.health()).toMatchObject({ status: 'ok', sent: 2, spooled: 0, dropped: 0 });
  });

  it('sends every event too with records: all, MSGID from the formatted record class when it has one', async () => {
    const format = vi.fn(() => ({ class_name: 'Process Activity', class_uid: 1007 }));
    const o = new SyslogOutput(dir, SyslogOutputConfigSchema.parse({ enabled: true, port, records: 'all' }), format, quiet);
    o.writeEvent(event);
    await waitFor(() => (o.health().sent === 1 ? true : undefined), 5000, 'the event sent');
    await o.close();
    await waitFor(() => (frames(bytes).length === 1 ? true : undefined), 2000, 'one frame');
    expect(frames(bytes)[0]).toMatch(/^<134>1 \S+ \S+ agentwatch \d+ ProcessActivity - \{"class_name":"Process Activity","class_uid":1007\}$/);
  });

  it('keeps what it could not send in the spool, degraded, and sends it when the receiver listens', async () => {
    await new Promise((r) => server.close(r));
    const o = new SyslogOutput(dir, SyslogOutputConfigSchema.parse({ enabled: true, port, reconnectMaxMs: 200 }), nativeRecord, quiet);
    o.writeAlert(alert('high'), 'k', 'new');
    await waitFor(() => (o.health().spooled === 1 ? true : undefined), 5000, 'a spooled record');
    expect(o.health()).toMatchObject({ status: 'degraded', sent: 0 });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    await waitFor(() => (o.health().sent === 1 ? true : undefined), 5000, 'the record sent after reconnect');
    await o.close();
    expect(o.health()).toMatchObject({ status: 'ok', spooled: 0 });
  });

  it('sends a record its hook waited for (durable) after a crash that came before it went out', async () => {
    await new Promise((r) => server.close(r));
    const cfg = SyslogOutputConfigSchema.parse({ enabled: true, port, reconnectMaxMs: 200 });
    const a = alert('critical');
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    try {
      const dying = new SyslogOutput(dir, cfg, nativeRecord, quiet);
      dying.writeAlert(a, 'k', 'new');
      await dying.durable();
    } finally { vi.useRealTimers(); } // its reconnect timer never fires: the process is gone
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    const next = new SyslogOutput(dir, cfg, nativeRecord, quiet);
    await waitFor(() => (next.health().sent === 1 ? true : undefined), 5000, 'the spooled record sent by the next start');
    await next.close();
    await waitFor(() => (frames(bytes).length === 1 ? true : undefined), 2000, 'one frame');
    expect(frames(bytes)[0]).toContain(`"id":"${a.id}"`);
  });

  const openssl = spawnSync('openssl', ['version']).status === 0 ? undefined : 'openssl CLI not installed';
  it.skipIf(!!openssl)(`over TLS checks the receiver's certificate against tls.ca${openssl ? ` (skipped: ${openssl})` : ''}`, async () => {
    // A self-signed certificate for 127.0.0.1, made for this test.
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    let got = Buffer.alloc(0);
    const secure = tls.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (s) => s.on('data', (b) => { got = Buffer.concat([got, b]); }));
    await new Promise<void>((r) => secure.listen(0, '127.0.0.1', r));
    const tlsPort = (secure.address() as net.AddressInfo).port;
    try {
      const trusting = new SyslogOutput(path.join(dir, 'a'), SyslogOutputConfigSchema.parse({ enabled: true, port: tlsPort, tls: { ca: cert } }), nativeRecord, quiet);
      const a = alert('critical');
      trusting.writeAlert(a, 'k', 'new');
      await waitFor(() => (trusting.health().sent === 1 ? true : undefined), 5000, 'the alert sent over TLS');
      await trusting.close();
      await waitFor(() => (frames(got).length === 1 ? true : undefined), 2000, 'one frame over TLS');
      expect(frames(got)[0]).toContain(`"id":"${a.id}"`);
      // Without the CA the certificate is refused: nothing is sent, the record stays spooled, health says why.
      const wary = new SyslogOutput(path.join(dir, 'b'), SyslogOutputConfigSchema.parse({ enabled: true, port: tlsPort, tls: { enabled: true }, reconnectMaxMs: 200 }), nativeRecord, quiet);
      wary.writeAlert(alert('high'), 'k', 'new');
      await waitFor(() => (wary.health().reason?.includes('certificate') ? true : undefined), 5000, 'a refused certificate in health');
      expect(wary.health()).toMatchObject({ status: 'degraded', sent: 0, spooled: 1 });
      await wary.close();
    } finally { await new Promise((r) => secure.close(r)); }
  });
});

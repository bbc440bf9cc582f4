// The export's NDJSON writer reuses two buffers: what arrives must be exactly the lines given, in order,
// also when the reader is slow (writes pending while the next lines are encoded), lines hold multi-byte
// characters at buffer edges, and a line is bigger than a buffer.
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { once } from 'node:events';
import { NdjsonWriter } from '../../../daemon/fleet/ndjson-writer.js';

const closers: (() => void)[] = [];
afterEach(() => { for (const c of closers.splice(0)) c(); });

/** A loopback socket whose far end reads nothing for `stallMs`, then everything; resolves with what it read. */
async function slowReader(stallMs: number): Promise<{ sink: net.Socket; received: Promise<Buffer> }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => server.close());
  const accepted = once(server, 'connection') as Promise<[net.Socket]>;
  const sink = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await once(sink, 'connect');
  const [peer] = await accepted;
  peer.pause();
  const received = new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    setTimeout(() => { peer.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))); peer.resume(); }, stallMs);
  });
  return { sink, received };
}

describe('NDJSON writer', () => {
  it('delivers exactly the lines given through a stalled socket, multi-byte characters and an oversized line included', async () => {
    const { sink, received } = await slowReader(300);
    const out = new NdjsonWriter(sink, 16 * 1024);
    const lines: string[] = [];
    // 9 MB: more than the kernel's socket buffers take while the reader stalls, so writes are left pending.
    for (let i = 0; i < 20_000; i++) {
      const line = i === 1500 ? JSON.stringify({ big: 'x'.repeat(50_000) }) : JSON.stringify({ i, path: `/home/dév/プロジェクト/${'é'.repeat(i % 37)}`, emoji: '🔑'.repeat(i % 5), pad: '.'.repeat(300) });
      lines.push(line);
      const wait = out.line(line);
      if (wait) await wait;
    }
    await out.end();
    sink.end();
    const got = (await received).toString('utf8');
    expect(got.length).toBe(lines.reduce((n, l) => n + l.length + 1, 0));
    expect(got === `${lines.join('\n')}\n`).toBe(true); // not toBe: a diff of 9 MB takes minutes to print
  }, 30_000);
});

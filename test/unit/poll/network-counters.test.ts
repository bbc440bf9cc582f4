// The network poller reads the socket tables only after something could have connected: on a directory
// laid out like /proc (real files), where the counters and the tables can be set apart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Event } from '../../../core/event.js';
import type { CollectorContext } from '../../../collectors/collector.js';
import { PollConfigSchema } from '../../../collectors/poll/config.js';
import { createNetworkPollCollector } from '../../../collectors/poll/network-poll-collector.js';
import { outgoingCounters } from '../../../collectors/proc/net-parse.js';
import { ProcFs } from '../../../collectors/proc/procfs.js';
import { ProcessTable } from '../../../collectors/proc/process-table.js';
import { waitFor } from '../../helpers/wait-for.js';

const snmp = (activeOpens: number, udpOut: number) => [
  'Ip: Forwarding DefaultTTL InReceives', 'Ip: 1 64 100',
  'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails', `Tcp: 1 200 120000 -1 ${activeOpens} 7 0`,
  'Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors', `Udp: 5 0 0 ${udpOut} 0`, '',
].join('\n');
const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
// ESTABLISHED from 10.0.0.2 to 10.0.0.4:443 (socket inode 5000) and to 10.0.0.5:443 (5001); little-endian, as on x86.
const OPEN = '   0: 0200000A:9C3F 0400000A:01BB 01 00000000:00000000 00:00000000 00000000  1000        0 5000 1 0 20 4 30 10 -1\n';
const ROW = '   1: 0200000A:9C40 0500000A:01BB 01 00000000:00000000 00:00000000 00000000  1000        0 5001 1 0 20 4 30 10 -1\n';

describe('outgoingCounters', () => {
  it('takes TCP active opens and UDP datagrams sent (IPv6 too) from snmp; nothing when they are missing', () => {
    expect(outgoingCounters(snmp(12, 857), 'Udp6InDatagrams  3\nUdp6OutDatagrams                \t41\n')).toBe('12 857 41');
    expect(outgoingCounters(snmp(12, 857))).toBe('12 857 ');
    expect(outgoingCounters('Ip: a b\nIp: 1 2\n')).toBeUndefined();
  });
});

describe.skipIf(process.platform !== 'linux')('the network poller on a fake /proc', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-net-'));
    fs.mkdirSync(path.join(root, 'net'));
    for (const t of ['tcp', 'tcp6', 'udp', 'udp6']) fs.writeFileSync(path.join(root, 'net', t), t === 'tcp' ? HEADER + OPEN : HEADER);
    fs.writeFileSync(path.join(root, 'net', 'snmp'), snmp(10, 100));
    fs.mkdirSync(path.join(root, '30', 'fd'), { recursive: true });
    fs.symlinkSync('socket:[5001]', path.join(root, '30', 'fd', '3'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('skips the tables while no connection or datagram was counted, and reads them (and reports) once one was', async () => {
    const table = new ProcessTable({ source: 'procfs', fs: new ProcFs(root) });
    const c = createNetworkPollCollector(PollConfigSchema.parse({ network: { intervalMs: 60_000, idleIntervalMs: 60_000 } }), table);
    const events: Event[] = [];
    let n = 0;
    const ctx: CollectorContext = {
      log: pino({ level: 'silent' }), home: '/nonexistent', selfPid: -1, selfPaths: [],
      onHookActivity: () => {}, onWorkspace: () => {}, newId: () => `n-${++n}`, now: () => new Date().toISOString(),
    };
    await c.start({ emit: (e) => events.push(e) }, ctx);
    try {
      const firstRead = /^1 outgoing connections open; tables read 1 times, 0 scans skipped/;
      await waitFor(() => (firstRead.test(c.health().detail ?? '') ? true : undefined), 2000, 'the first read judged');

      fs.appendFileSync(path.join(root, 'net', 'tcp'), ROW); // in the table, but the counters say nothing happened
      c.scanNow();
      expect(c.health().detail).toMatch(/tables read 1 times, 1 scans skipped/);

      fs.writeFileSync(path.join(root, 'net', 'snmp'), snmp(11, 100)); // a connect() was counted
      c.scanNow();
      const conn = await waitFor(() => events.find((e) => e.kind === 'net.connect'), 2000, 'net.connect');
      expect(conn).toMatchObject({ pid: 30, remote: { addr: '10.0.0.5', port: 443 } });
      expect(c.health().detail).toMatch(/tables read 2 times, 1 scans skipped/);
    } finally {
      await c.stop();
    }
  });
});

// A real, non-loopback destination for exfiltration tests: a network namespace joined to the host by
// a veth pair. Detectors rightly treat 127.0.0.1 as local, so loopback cannot stand in for "elsewhere".
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ip = (...args: string[]) => run('ip', args);
const ipQuiet = (...args: string[]) => ip(...args).then(() => undefined, () => undefined);

let skipReason: string | undefined | null = null; // null = not probed yet

export function netnsSkipReason(): string | undefined {
  if (skipReason !== null) return skipReason;
  skipReason = probe();
  return skipReason;
}

function probe(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root for ip netns';
  try { execFileSync('ip', ['-V'], { stdio: 'ignore' }); } catch { return 'ip (iproute2) not installed'; }
  // Root in a container may still lack CAP_SYS_ADMIN/NET_ADMIN: try the real thing once.
  const ns = `aw-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', ns], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `cannot create a network namespace: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  } finally {
    try { execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' }); } catch { /* was never made */ }
  }
}

export interface TestHost { name: string; hostAddr: string; nsAddr: string; destroy(): Promise<void> }

// Interface names are capped at 15 chars; short tags stay readable, long ones are hashed.
function vethNames(tag: string): [string, string] {
  const base = /^[a-z0-9]{1,10}$/.test(tag) ? tag : createHash('sha1').update(tag).digest('hex').slice(0, 10);
  return [`aw${base}-h`, `aw${base}-n`];
}

export async function createTestHost(tag: string, subnet: number): Promise<TestHost> {
  if (!/^[A-Za-z0-9_.-]+$/.test(tag)) throw new Error(`bad netns tag: ${tag}`);
  if (!Number.isInteger(subnet) || subnet < 1 || subnet > 254) throw new Error(`bad subnet: ${subnet}`);
  const name = `aw-${tag}`;
  const [hostIf, nsIf] = vethNames(tag);
  const hostAddr = `10.${subnet}.0.1`;
  const nsAddr = `10.${subnet}.0.2`;

  const destroy = async () => {
    await ipQuiet('link', 'del', hostIf); // removes the peer too
    await ipQuiet('netns', 'del', name);
  };
  await destroy(); // a leftover from a crashed run of this same tag

  // Another interface on this subnet would silently swallow our traffic; refuse rather than guess.
  const { stdout } = await ip('-o', 'addr', 'show', 'to', `10.${subnet}.0.0/24`);
  if (stdout.trim()) throw new Error(`subnet 10.${subnet}.0.0/24 already in use on this machine:\n${stdout}`);

  try {
    await ip('netns', 'add', name);
    await ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf);
    await ip('link', 'set', nsIf, 'netns', name);
    await ip('addr', 'add', `${hostAddr}/24`, 'dev', hostIf);
    await ip('link', 'set', hostIf, 'up');
    await ip('netns', 'exec', name, 'ip', 'addr', 'add', `${nsAddr}/24`, 'dev', nsIf);
    await ip('netns', 'exec', name, 'ip', 'link', 'set', nsIf, 'up');
    await ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (err) {
    await destroy();
    throw err;
  }
  return { name, hostAddr, nsAddr, destroy };
}

export interface NamespaceSink { host: TestHost; sink: Sink; stop(): Promise<void> }

/**
 * A test host on the first free /24 in [first, last] (another test file or run may hold one), with a
 * sink listening on `port` inside it. `tag` names the namespace, so each test file passes its own.
 */
export async function startNamespaceSink(tag: string, [first, last]: [number, number], port: number): Promise<NamespaceSink> {
  let host: TestHost | undefined;
  for (let subnet = first; !host; subnet++) {
    try { host = await createTestHost(tag, subnet); } catch (err) {
      if (subnet >= last || !/already in use/.test(String(err))) throw err;
    }
  }
  const made = host;
  const sink = await startSink(made, port).catch(async (err: unknown) => { await made.destroy(); throw err; });
  return { host: made, sink, stop: async () => { await sink.stop(); await made.destroy(); } };
}

/** received(): request bodies, and `dns <name>` for every DNS query that reached port 53, in order. */
export interface Sink { url: string; received(): string[]; stop(): Promise<void> }

// Runs inside the namespace; one JSON string per line so bodies with newlines survive.
const SINK_SRC = `
const [addr, port, file] = process.argv.slice(1);
const fs = require('node:fs');
require('node:http').createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    fs.appendFileSync(file, JSON.stringify(Buffer.concat(chunks).toString('utf8')) + '\\n');
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
}).listen(Number(port), addr, () => process.stdout.write('listening\\n'));
// DNS on port 53 (a session's resolver, when a scenario points it here): each query name is recorded as
// "dns <name>" and answered NXDOMAIN, so resolvers give up at once.
const dns = require('node:dgram').createSocket('udp4');
dns.on('message', (msg, rinfo) => {
  if (msg.length < 12) return;
  const labels = [];
  let i = 12;
  while (i < msg.length && msg[i] > 0 && msg[i] < 64) { labels.push(msg.subarray(i + 1, i + 1 + msg[i]).toString('latin1')); i += 1 + msg[i]; }
  fs.appendFileSync(file, JSON.stringify('dns ' + labels.join('.')) + '\\n');
  const reply = Buffer.from(msg.subarray(0, Math.min(msg.length, i + 5)));
  reply[2] = 0x80 | (msg[2] & 0x01); reply[3] = 0x83; // response, recursion desired as asked, recursion available, NXDOMAIN
  reply.writeUInt16BE(1, 4); reply.fill(0, 6, 12);    // the question only
  dns.send(reply, rinfo.port, rinfo.address);
});
dns.on('error', (err) => process.stderr.write('dns: ' + err.message + '\\n')); // port 53 taken: bodies still work
dns.bind(53, addr);
`;

export async function startSink(host: TestHost, port: number): Promise<Sink> {
  const dir = mkdtempSync(join(tmpdir(), 'aw-sink-'));
  const file = join(dir, 'bodies.jsonl');
  const child = spawn('ip', ['netns', 'exec', host.name, process.execPath, '-e', SINK_SRC, host.nsAddr, String(port), file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let listening = false;
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout?.setEncoding('utf8').on('data', (d: string) => { if (d.includes('listening')) listening = true; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    await killAndWait(child, exited);
    rmSync(dir, { recursive: true, force: true });
  };

  // Our own 'listening' line rules out someone else's server on the port; connecting from the host
  // side proves the veth route is up too.
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`sink exited before listening: ${stderr}`);
    }
    if (listening && (await canConnect(host.nsAddr, port))) break;
    if (attempt >= 50) {
      await stop();
      throw new Error(`sink on ${host.nsAddr}:${port} not reachable after 50 attempts: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url: `http://${host.nsAddr}:${port}`,
    received() {
      let text = '';
      try { text = readFileSync(file, 'utf8'); } catch { return []; }
      return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as string);
    },
    stop,
  };
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port, timeout: 500 });
    const done = (ok: boolean) => { sock.destroy(); resolve(ok); };
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
    sock.once('timeout', () => done(false));
  });
}

async function killAndWait(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

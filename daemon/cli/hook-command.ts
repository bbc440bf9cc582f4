// `agentwatch hook <agent>`: for hooks that can only run a command. Forwards stdin to the daemon and
// prints the agent's native answer. Fails open: if the daemon is down or slow, prints nothing, exits 0.
import { readDaemonInfo } from '../state-dir.js';
import { stateDirOf, type CommonArgs } from './options.js';

async function readStdin(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    size += (c as Buffer).length;
    if (size > limit) break;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function hookCommand(args: CommonArgs & { agent: string; timeoutMs?: number }): Promise<void> {
  const info = readDaemonInfo(stateDirOf(args));
  const body = await readStdin(2 * 1024 * 1024);
  const port = args.port ?? info?.port;
  if (port === undefined) {
    process.stderr.write('agentwatch hook: daemon not running; allowing (fail open)\n');
    return;
  }
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v1/hooks/${encodeURIComponent(args.agent)}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(body), signal: AbortSignal.timeout(args.timeoutMs ?? 3000),
    });
    const text = await res.text();
    if (res.ok) process.stdout.write(text);
    else process.stderr.write(`agentwatch hook: daemon answered ${res.status}: ${text.slice(0, 200)}; allowing\n`);
  } catch (err) {
    process.stderr.write(`agentwatch hook: ${(err as Error).message}; allowing (fail open)\n`);
  }
}

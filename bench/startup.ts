// How fast a daemon started on a taken port gives up (issue: "in under 1 s"), against the cost of
// starting Node itself in the same run. Prints a table and one JSON line; asserts nothing.
//
//   npm run build && node dist/bench/startup.js
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cliMain = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'daemon', 'main.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

const timed = (args: string[], env: NodeJS.ProcessEnv) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  return { ms: performance.now() - t0, code: r.status, stderr: r.stderr };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const taken = net.createServer();
await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
const port = (taken.address() as net.AddressInfo).port;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-bench-start-'));
const env = { ...process.env, HOME: home };
const node: number[] = [];
const fail: number[] = [];
let line = '';
for (let i = 0; i < ROUNDS; i++) {
  node.push(timed(['-e', ''], env).ms);
  const r = timed([cliMain, 'daemon', '--port', String(port), '--state-dir', path.join(home, 'state')], env);
  fail.push(r.ms);
  line = r.stderr.trim();
}
taken.close();
fs.rmSync(home, { recursive: true, force: true });
const row = (name: string, xs: number[]) => console.log(`${name.padEnd(40)} ${median(xs).toFixed(0).padStart(6)} ms  ${(median(xs) / median(node)).toFixed(1)}×`);
console.log(`${'startup, median of ' + ROUNDS}                      median   vs node`);
row('baseline: node -e ""', node);
row('daemon on a taken port, until exit', fail);
console.log(`its message: ${line}`);
console.log(JSON.stringify({ nodeMs: Math.round(median(node)), takenPortMs: Math.round(median(fail)) }));

// The first hook of a session in a workspace the daemon has not seen, against the session's next hook: a
// new workspace starts the file watcher, the MCP config watcher and the MCP registry on it. With K
// workspaces known already (each with a .mcp.json), N new ones in turn, each a SessionStart-less first
// PreToolUse and then a second one 300 ms later, one at a time as an agent sends them. Prints p50/p90 of
// each and their ratio, for K = 0 and K = 40; asserts nothing. Linux or macOS, ~1 min.
//
//   npm run build && node dist/bench/new-session.js     (BENCH_NEW=… new workspaces per setting)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { percentile, round } from './payloads.js';
import { postHook, sleep, startAgentwatch, stopProcess } from './bench-processes.js';

const NEW = Number(process.env.BENCH_NEW ?? 20);
const KNOWN = [0, 40];

const preToolUse = (home: string, sid: string, cwd: string, i: number) => Buffer.from(JSON.stringify({
  session_id: sid, transcript_path: path.join(home, '.claude', 'projects', 'bench', `${sid}.jsonl`), cwd, hook_event_name: 'PreToolUse',
  tool_name: 'Bash', tool_input: { command: `ls -la src/${i}` }, tool_use_id: `toolu_${sid}_${i}`,
}));

function project(home: string, name: string): string {
  const dir = path.join(home, 'src', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify({ mcpServers: { [`${name}-db`]: { command: 'npx', args: ['-y', `@acme/${name}-db`] } } }));
  return dir;
}

async function run(known: number): Promise<{ known: number; first: number[]; second: number[] }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-bench-newsession-'));
  const daemon = await startAgentwatch(home);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const timed = async (body: Buffer) => { const t0 = performance.now(); await postHook(daemon, agent, body); return performance.now() - t0; };
  try {
    // The daemon's own first hook (module loading, compiling) is not what this measures.
    await timed(preToolUse(home, 'warm', project(home, 'warm'), 0));
    for (let k = 0; k < known; k++) { await timed(preToolUse(home, `known-${k}`, project(home, `known-${k}`), 0)); await sleep(20); }
    await sleep(1000);
    const first: number[] = [], second: number[] = [];
    for (let i = 0; i < NEW; i++) {
      const cwd = project(home, `new-${i}`);
      first.push(await timed(preToolUse(home, `new-${i}`, cwd, 0)));
      await sleep(300);
      second.push(await timed(preToolUse(home, `new-${i}`, cwd, 1)));
      await sleep(300);
    }
    return { known, first, second };
  } finally {
    agent.destroy();
    await stopProcess(daemon);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const results = [];
console.log(`new-session: ${NEW} sessions, each in a workspace new to the daemon (a .mcp.json in each): its first PreToolUse, then its second`);
console.log(`\n${'known'.padStart(6)}${'first p50'.padStart(11)}${'p90'.padStart(8)}${'second p50'.padStart(12)}${'p90'.padStart(8)}${'first/second p50'.padStart(18)}`);
for (const known of KNOWN) {
  const r = await run(known);
  const of = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return { p50: round(percentile(s, 50)), p90: round(percentile(s, 90)) }; };
  const first = of(r.first), second = of(r.second);
  const row = { known, first, second, ratioP50: round(first.p50 / second.p50, 2) };
  results.push(row);
  console.log(`${String(known).padStart(6)}${first.p50.toFixed(2).padStart(11)}${first.p90.toFixed(2).padStart(8)}${second.p50.toFixed(2).padStart(12)}${second.p90.toFixed(2).padStart(8)}${`${row.ratioP50}x`.padStart(18)}`);
}
console.log(JSON.stringify({ bench: 'new-session', node: process.version, cpus: os.cpus().length, newSessions: NEW, unit: 'ms', results }));

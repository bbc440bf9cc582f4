// The daemon's CPU while an agent makes tool calls that start no process (an MCP or web call): each
// PreToolUse of a tool call opens a burst of quick /proc scans, which then find nothing. Printed, not
// asserted. Two daemons in turn, the same pace: the poll tier's defaults, and both pollers off (the
// baseline: what hooks alone cost at this pace). Their difference is what the pollers add.
//
//   npm run build && node dist/bench/tool-call-cpu.js      (RATE=4 tool calls a second, SECS=15, ROUNDS=2)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { cpuS, postHook, sleep, startAgentwatch, stopProcess } from './bench-processes.js';
import { round } from './payloads.js';

const RATE = Number(process.env.RATE ?? 4);
const SECS = Number(process.env.SECS ?? 15);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const POLLERS_OFF = { collectors: { poll: { process: { enabled: false }, network: { enabled: false } } } };

interface Run { cpuPct: number; hooks: number; scans: number | undefined }

async function measure(config: Record<string, unknown>): Promise<Run> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-tool-call-cpu-'));
  const daemon = await startAgentwatch(home, config);
  const agent = new http.Agent({ keepAlive: true });
  try {
    await sleep(3000); // start-up scans and module loading are not the pace's cost
    const before = cpuS(daemon.pid);
    const t0 = Date.now();
    let hooks = 0;
    for (; Date.now() - t0 < SECS * 1000; hooks++) {
      const body = Buffer.from(JSON.stringify({
        session_id: 'b3c6a1f0-0000-4000-8000-000000000001', transcript_path: path.join(home, 't.jsonl'), cwd: home,
        hook_event_name: 'PreToolUse', tool_name: 'mcp__docs__search', tool_input: { query: `retry policy ${hooks}` },
        tool_use_id: `toolu_${String(hooks).padStart(8, '0')}`,
      }));
      const status = await postHook(daemon, agent, body);
      if (status !== 200) throw new Error(`hook answered ${status}`);
      await sleep(1000 / RATE);
    }
    const cpuPct = (100 * (cpuS(daemon.pid) - before)) / ((Date.now() - t0) / 1000);
    const health = await (await fetch(`http://127.0.0.1:${daemon.port}/v1/health`)).json() as { collectors: Record<string, { detail?: string }> };
    const scans = /(\d+) scans,/.exec(health.collectors['process-poll']?.detail ?? '')?.[1];
    return { cpuPct, hooks, scans: scans === undefined ? undefined : Number(scans) };
  } finally {
    agent.destroy();
    await stopProcess(daemon);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const runs: { poll: Run[]; off: Run[] } = { poll: [], off: [] };
for (let r = 0; r < ROUNDS; r++) {
  runs.poll.push(await measure({}));
  runs.off.push(await measure(POLLERS_OFF));
}
const mean = (xs: readonly Run[]) => xs.reduce((a, x) => a + x.cpuPct, 0) / xs.length;
console.log(`tool-call-cpu: ${RATE} MCP tool calls a second (Claude Code PreToolUse, no process started) for ${SECS} s, ${ROUNDS} rounds each; node ${process.version}, ${os.cpus().length} CPU(s)`);
for (const [name, rs] of [['poll tier (defaults)', runs.poll], ['pollers off (baseline)', runs.off]] as const) {
  console.log(`${name.padEnd(24)} daemon CPU ${rs.map((x) => `${round(x.cpuPct, 2)}%`).join(', ')} of a core${rs[0]!.scans !== undefined ? `; process scans ${rs.map((x) => x.scans).join(', ')}` : ''}`);
}
console.log(`the pollers add ${round(mean(runs.poll) - mean(runs.off), 2)} points (ratio ${round(mean(runs.poll) / mean(runs.off), 2)}x the baseline)`);
console.log(JSON.stringify({ bench: 'tool-call-cpu', rate: RATE, secs: SECS, rounds: ROUNDS, pollCpuPct: runs.poll.map((x) => round(x.cpuPct, 2)), offCpuPct: runs.off.map((x) => round(x.cpuPct, 2)), scans: runs.poll.map((x) => x.scans) }));

// `agentwatch export --format ocsf` over 1,000,000 stored events (issue 13: ≥ 50k events/s, ≤ 100 MB RSS).
// Fills a temporary database with a realistic mix (OS events from the kernel tier, hook tool calls and
// results, prompts, sessions, MCP changes, alerts with evidence), then runs the real CLI and reads its
// stdout; peak RSS is the child's VmHWM (/proc). Prints a table and one JSON line; asserts nothing.
//
//   npm run build && node dist/bench/export.js        (BENCH_EVENTS=200000 for a quicker run)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../daemon/store/database.js';
import { EventStore } from '../daemon/store/event-store.js';
import type { Alert, Event } from '../core/event.js';

const cliMain = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'daemon', 'main.js');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-bench-export-'));
const stateDir = path.join(home, 'state');
fs.mkdirSync(stateDir, { mode: 0o700 });

function eventAt(i: number, t0: number): Event {
  const ts = new Date(t0 + i * 5).toISOString();
  const sessionId = `bench-session-${i % 50}`;
  const base = { id: `ev-${i}`, ts, agent: { kind: i % 3 ? 'claude-code' : 'codex' }, sessionId, cwd: `/home/dev/proj${i % 5}` };
  const os = { pid: 1000 + (i % 30000), procKey: `${1000 + (i % 30000)}:${i}`, uid: 1000, attribution: 'exact' as const, toolUseId: `tu-${i >> 4}` };
  switch (i % 20) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
      return { ...base, ...os, source: 'process', kind: 'exec', ppid: 999, exe: '/usr/bin/git', argv: ['git', 'status', '--short'], command: 'git status --short' };
    case 8: case 9: return { ...base, ...os, source: 'process', kind: 'exit', detail: { exitCode: 0 } };
    case 10: case 11: case 12: return { ...base, ...os, source: 'file', kind: 'file.read', path: `/home/dev/proj${i % 5}/src/module${i % 400}.ts`, detail: { flags: 0 } };
    case 13: case 14: return { ...base, ...os, source: 'file', kind: 'file.write', path: `/home/dev/proj${i % 5}/dist/out${i % 400}.js`, detail: { flags: 577, create: true, truncate: true } };
    case 15: return { ...base, ...os, source: 'network', kind: 'net.connect', remote: { addr: '140.82.112.3', port: 443 }, detail: { family: 'inet', result: 'in-progress' } };
    case 16: return { ...base, ...os, source: 'network', kind: 'dns.query', remote: { addr: '127.0.0.53', port: 53 }, detail: { bytes: 40 } };
    case 17: return { ...base, source: 'hook', kind: 'tool.call', hookEvent: 'PreToolUse', tool: { name: 'Bash', input: { command: 'npm test -- --run', description: 'run the tests' }, useId: `tu-${i >> 4}` }, command: 'npm test -- --run' };
    case 18: return { ...base, source: 'hook', kind: 'tool.result', hookEvent: 'PostToolUse', tool: { name: 'Bash', input: { command: 'npm test -- --run' }, output: { stdout: 'Tests 120 passed'.padEnd(400, '.') }, useId: `tu-${i >> 4}` } };
    default: return i % 40 === 19
      ? { ...base, source: 'hook', kind: 'prompt', hookEvent: 'UserPromptSubmit', text: 'make the failing test pass and commit' }
      : { ...base, source: 'mcp', kind: 'mcp.change', path: '/home/dev/.cursor/mcp.json', detail: { change: 'added', server: 'github', configAgent: 'cursor', scope: 'user', serverId: 'cursor:user:github', launch: 'npx -y @acme/github-mcp' } };
  }
}

console.log(`filling ${EVENTS.toLocaleString()} events…`);
const fillStart = performance.now();
const { db } = openDatabase(path.join(stateDir, 'agentwatch.db'));
const store = new EventStore(db, { batchSize: 5000, flushMs: 60_000, onError: (e) => { throw e; } });
// Straight into the events table (the store's own statement shape, without the per-session bookkeeping,
// which only slows the fill and is not read by export).
const insert = db.prepare('INSERT INTO events (id, ts, session_id, agent, source, kind, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
const fillBatch = db.transaction((from: number, to: number, t: number) => {
  for (let i = from; i < to; i++) { const e = eventAt(i, t); insert.run(e.id, e.ts, e.sessionId ?? null, e.agent.kind, e.source, e.kind, JSON.stringify(e)); }
});
const t0 = Date.now() - EVENTS * 5;
for (let i = 0; i < EVENTS; i += 5000) {
  fillBatch(i, Math.min(EVENTS, i + 5000), t0);
  {
    const a: Alert = {
      id: `al-${i}`, ts: new Date(t0 + i * 5).toISOString(), lastTs: new Date(t0 + i * 5).toISOString(), severity: 'high', tactic: 'exfiltration',
      technique: 'T1048', rule: 'egress-after-secret-read', title: 'Network egress after reading a secret', reason: 'This session read ~/.aws/credentials and now runs curl.',
      agent: { kind: 'claude-code' }, sessionId: `bench-session-${i % 50}`, evidence: [`ev-${i + 17}`, `ev-${i + 15}`], count: 1,
    };
    store.saveAlert(a, `k${i}`);
  }
}
store.flush();
db.close();
const dbBytes = fs.statSync(path.join(stateDir, 'agentwatch.db')).size;
console.log(`filled in ${((performance.now() - fillStart) / 1000).toFixed(1)} s, database ${(dbBytes / 1e6).toFixed(0)} MB`);

// The CLI reports its own CPU time and peak RSS as it exits (getrusage), so the numbers hold on a busy machine.
const RUSAGE = `data:text/javascript,import fs from 'node:fs'; process.on('exit', () => fs.writeSync(2, 'RUSAGE ' + JSON.stringify(process.resourceUsage()) + '\\n'));`;
const start = performance.now();
const child = spawn(process.execPath, ['--import', RUSAGE, cliMain, 'export', '--format', 'ocsf', '--state-dir', stateDir], { env: { ...process.env, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
let lines = 0;
let bytes = 0;
let stderr = '';
let hwmKb = 0;
child.stdout.on('data', (c: Buffer) => { bytes += c.length; for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++; });
child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
const peak = setInterval(() => {
  try { hwmKb = Math.max(hwmKb, Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0)); } catch { /* exited */ }
}, 20);
const code = await new Promise<number | null>((r) => child.once('close', r));
clearInterval(peak);
const seconds = (performance.now() - start) / 1000;
if (!process.env.BENCH_KEEP) fs.rmSync(home, { recursive: true, force: true }); else console.log(`kept ${stateDir}`);
if (code !== 0) { console.error(`export failed (${code}): ${stderr}`); process.exit(1); }
const usage = JSON.parse(/RUSAGE (.*)/.exec(stderr)?.[1] ?? '{}') as { userCPUTime?: number; systemCPUTime?: number; maxRSS?: number };
const cpuS = ((usage.userCPUTime ?? 0) + (usage.systemCPUTime ?? 0)) / 1e6;
const perS = Math.round(lines / seconds);
const perCpuS = Math.round(lines / cpuS);
const rssMB = Math.round(Math.max(hwmKb, usage.maxRSS ?? 0) / 1024);
console.log(`export --format ocsf      ${lines.toLocaleString()} records in ${seconds.toFixed(1)} s wall = ${perS.toLocaleString()} records/s (goal ≥ 50,000)`);
console.log(`                          ${cpuS.toFixed(1)} s of CPU = ${perCpuS.toLocaleString()} records per CPU-second (load average now ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`);
console.log(`output                    ${(bytes / 1e6).toFixed(0)} MB of NDJSON, ${(bytes / lines).toFixed(0)} bytes/record`);
console.log(`peak RSS                  ${rssMB} MB (goal ≤ 100 MB)`);
console.log(JSON.stringify({ bench: 'export', events: EVENTS, records: lines, seconds: Number(seconds.toFixed(2)), recordsPerS: perS, cpuSeconds: Number(cpuS.toFixed(2)), recordsPerCpuS: perCpuS, peakRssMB: rssMB, dbMB: Math.round(dbBytes / 1e6) }));

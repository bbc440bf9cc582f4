// What the daemon's memory costs per agent session: the same number of hook posts, once as a few long
// sessions and once as many short ones (a new session id every few calls, as scripted `claude -p` runs
// make). Every open session keeps its detectors' memory, its baseline trace and its attribution, so the
// second run shows how RSS grows with sessions, not with calls. Prints a table and one JSON line;
// asserts nothing. Linux only (/proc). ~2 min.
//
//   npm run build && node dist/bench/session-memory.js     (BENCH_POSTS, BENCH_SHORT_EVERY to change them)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { payloadAt, round } from './payloads.js';
import { postHook, rssMb, sleep, startAgentwatch, stopProcess } from './bench-processes.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 40_000);
const LONG_EVERY = 300; // as hook-latency.ts and footprint.ts
const SHORT_EVERY = Number(process.env.BENCH_SHORT_EVERY ?? 20);
const CONCURRENCY = 16;
/** As footprint.ts: how long after the load the daemon gets before RSS is read. */
const AFTER_LOAD_S = 10;
const GOAL_RSS_MB = 80;

interface Run { sessions: number; idleMb: number; afterMb: number; errors: number }

/** A fresh daemon: idle RSS, then POSTS hook posts with a new session every `every`, then RSS after the load. */
async function run(every: number): Promise<Run> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-bench-sessions-'));
  const workspace = path.join(home, 'src', 'shop-api');
  fs.mkdirSync(workspace, { recursive: true });
  const daemon = await startAgentwatch(home);
  try {
    await sleep(5000);
    const idleMb = rssMb(daemon.pid);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    let next = 0, errors = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < POSTS) {
        const body = Buffer.from(JSON.stringify(payloadAt(next++, { home, workspace, sessionPrefix: `s${every}`, sessionEvery: every, attackEvery: 50 })));
        try { if (await postHook(daemon, agent, body) !== 200) errors++; } catch { errors++; }
      }
    }));
    agent.destroy();
    await sleep(AFTER_LOAD_S * 1000);
    return { sessions: Math.ceil(POSTS / every), idleMb, afterMb: rssMb(daemon.pid), errors };
  } finally {
    await stopProcess(daemon);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') { console.log('session-memory: needs /proc (Linux); skipped'); return; }
  console.log(`session-memory: ${POSTS} Claude Code hook posts at concurrency ${CONCURRENCY}, a new session every ${LONG_EVERY} vs every ${SHORT_EVERY}; RSS ${AFTER_LOAD_S} s after the load`);
  const long = await run(LONG_EVERY);
  const short = await run(SHORT_EVERY);
  const perThousand = round(((short.afterMb - short.idleMb) - (long.afterMb - long.idleMb)) / ((short.sessions - long.sessions) / 1000), 1);
  console.log(`\n${'sessions'.padStart(8)}${'idle MB'.padStart(10)}${'after MB'.padStart(10)}${'goal'.padStart(6)}${'errors'.padStart(8)}`);
  for (const r of [long, short]) console.log(`${String(r.sessions).padStart(8)}${String(round(r.idleMb, 1)).padStart(10)}${String(round(r.afterMb, 1)).padStart(10)}${String(GOAL_RSS_MB).padStart(6)}${String(r.errors).padStart(8)}`);
  console.log(`\nper 1000 more open sessions: +${perThousand} MB RSS`);
  console.log(JSON.stringify({ bench: 'session-memory', posts: POSTS, concurrency: CONCURRENCY, goalRssMb: GOAL_RSS_MB, long, short, mbPerThousandSessions: perThousand }));
}

await main();

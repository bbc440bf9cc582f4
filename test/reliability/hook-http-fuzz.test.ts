// Fuzzed hook bodies over HTTP against the real daemon process, 16 at a time, every hooked agent: each is
// answered 200, 400, 413 or 415 (never a 500, never a dropped connection), the daemon stays up and
// healthy, every 200 is a stored event, and the database is intact afterwards.
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { hookedAgents } from '../../core/agents/tables.js';
import { SEED, chance, nest, rngFor, scaled } from './fuzz/kit.js';
import { hookBody } from './fuzz/hook-seeds.js';
import { countStatuses, pool, postHookRaw, type Status } from './fuzz/http.js';

const PER_AGENT = scaled(2_000);
const OVERSIZED = 3; // per agent, over hooks.maxBodyBytes (1 MiB by default)
const agents = hookedAgents().map((a) => a.kind);
const SECRET = 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYFUZZKEY01';

describe('hook bodies over HTTP, real daemon', () => {
  let d: TestDaemon;
  beforeAll(async () => { d = await startDaemon(); });
  afterAll(async () => { if (d) { await d.stop(); rmHome(d.home); } });

  it(`${PER_AGENT} fuzzed bodies per agent (${agents.join(', ')}): only 200/400/413/415, the daemon stays healthy, every 200 is stored`, async () => {
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const all: Status[] = [];
    for (const agent of agents) {
      const jobs = Array.from({ length: PER_AGENT }, (_, i) => () => {
        const r = rngFor(`http/${agent}`, i);
        const text = hookBody(agent, r);
        // Some bodies as raw bytes (invalid UTF-8), some with another Content-Type.
        const body = chance(r, 0.05) ? Buffer.from(text, 'latin1') : Buffer.from(text);
        const contentType = chance(r, 0.03) ? ['text/plain', '', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/jsonx'][i % 5] : undefined;
        return postHookRaw(d, agent, body, { agent: keepAlive, contentType }).then((res) => ({ ...res, i }));
      });
      // A body that nests a secret deeper than the adapter keeps: it is cut off, never stored.
      jobs.push(() => postHookRaw(d, agent, Buffer.from(JSON.stringify({ session_id: 'fz-deep', hook_event_name: agent === 'gemini-cli' ? 'BeforeTool' : 'PreToolUse', tool_name: 'x', tool_input: nest(rngFor('deep', 0), 60, SECRET) })), { agent: keepAlive }).then((res) => ({ ...res, i: -1 })));
      const results = await pool(jobs, 16);
      // Oversized bodies on their own connections: the daemon closes them after its 413.
      for (let k = 0; k < OVERSIZED; k++) results.push({ ...(await postHookRaw(d, agent, Buffer.alloc(1024 * 1024 + 1 + k * 100_000, 'x'), { headersOnly: true })), i: -2 });
      const counts = countStatuses(results.map((r) => r.status));
      process.stdout.write(`fuzz hooks/${agent} (HTTP): seed ${SEED}, ${results.length} posted, statuses ${JSON.stringify(counts)}\n`);
      const bad = results.filter((r) => ![200, 400, 413, 415].includes(r.status));
      expect(bad.slice(0, 5).map((r) => `FUZZ_SEED=${SEED} http/${agent} index ${r.i}: ${r.status} ${r.error ?? ''}`)).toEqual([]);
      expect(counts[200]).toBeGreaterThan(PER_AGENT * 0.2);
      expect(counts[400]).toBeGreaterThan(PER_AGENT * 0.1);
      expect(counts[413]).toBe(OVERSIZED);
      all.push(...results.map((r) => r.status));
    }
    keepAlive.destroy();

    const health = await (await fetch(d.url('/v1/health'))).json() as { ok: boolean; collectors: Record<string, { status: string }> };
    expect(health.ok).toBe(true);
    for (const agent of agents) expect(health.collectors[`hooks.${agent}`]?.status, agent).toBe('ok'); // no hook call failed inside
    expect(d.child.exitCode).toBeNull();

    expect(await d.stop()).toBe(0);
    const db = new Database(path.join(d.stateDir, 'agentwatch.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = (db.prepare("SELECT count(*) AS n FROM events WHERE source = 'hook'").get() as { n: number }).n;
      expect(stored).toBe(all.filter((s) => s === 200).length);
      expect((db.prepare("SELECT count(*) AS n FROM events WHERE body LIKE '%FUZZKEY01%'").get() as { n: number }).n).toBe(0);
    } finally { db.close(); }
  }, 600_000);
});

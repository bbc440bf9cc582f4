// The daemon's hook path in this process, wired by the daemon's own lifecycle steps (store, outputs,
// pipeline: real detectors and rule packs, a real SQLite file in a temp dir), so the fuzzer can push
// 100k bodies through it without HTTP. `judge` is daemon/server.ts judgeHook minus the socket: JSON.parse
// → adapter.normalise (HookPayloadError = 400) → pipeline.process (the gate policy when the agent waits)
// → adapter.answer.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { parseConfig } from '../../../daemon/config/load.js';
import { HealthBoard } from '../../../daemon/lifecycle/health.js';
import { openStore, type Store } from '../../../daemon/lifecycle/store-steps.js';
import { startOutputs } from '../../../daemon/lifecycle/outputs-step.js';
import { startPipeline, type RunningPipeline } from '../../../daemon/lifecycle/pipeline-step.js';
import { hookAdapters } from '../../../collectors/hooks/index.js';
import { HookPayloadError } from '../../../collectors/hooks/hook-adapter.js';

export interface Judged { status: 200 | 400; id?: string }

export interface InProcessDaemon {
  dir: string;
  store: Store;
  running: RunningPipeline;
  /** Error-level log lines (a detector, an output or a store batch that failed): a fuzz run wants none. */
  errors: string[];
  judge(agent: string, body: string): Judged;
  /** The number of events in the database (after flushing the batch queue). */
  storedEvents(): number;
  close(): void;
}

export function inProcessDaemon(): InProcessDaemon {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-fuzz-'));
  // enforce: the gated decision (and its budget) is part of the path being fuzzed.
  const config = parseConfig({ collectors: { kernel: { enabled: false } }, policy: { mode: 'enforce' } });
  const errors: string[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => { errors.push(line.trim()); } });
  const board = new HealthBoard();
  const stops: (() => void)[] = [];
  const step = <T>(s: { value: T; stop?: () => void | Promise<void> }): T => { if (s.stop) stops.unshift(() => void s.stop!()); return s.value; };
  const store = step(openStore(path.join(dir, 'agentwatch.db'), config, log));
  const outputs = step(startOutputs(config, store, crypto.randomBytes(16).toString('hex'), 0, log, board, dir));
  const running = step(startPipeline(config, store, outputs.outputs, log, board, path.join(dir, 'home')));
  const stamp = () => ({ ts: new Date().toISOString(), newId: () => crypto.randomUUID() });

  return {
    dir, store, running, errors,
    judge(agent, body) {
      const adapter = hookAdapters.get(agent);
      if (!adapter) throw new Error(`no hook adapter for ${agent}`);
      const started = process.hrtime.bigint();
      let payload: unknown;
      try { payload = JSON.parse(body); } catch { return { status: 400 }; }
      let event;
      try { event = adapter.normalise(payload, stamp()); } catch (err) {
        if (err instanceof HookPayloadError) return { status: 400 };
        throw err;
      }
      const result = running.pipeline.process(event, adapter.canBlock(event) ? config.policy : undefined, started);
      const { action, finding } = result.decision;
      // A hold waits for a console (none here): it is answered as a deny, the default fallback.
      JSON.stringify(adapter.answer(result.event, { action: action === 'hold' ? 'deny' : action, reason: finding && `agentwatch: ${finding.reason}` }));
      return { status: 200, id: result.event.id };
    },
    storedEvents() {
      store.events.flush();
      return (store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    },
    close() {
      for (const stop of stops) stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Per-agent baselines on a real SQLite file, through the real pipeline: learn 25 ordinary Claude
// Code sessions, flag an anomalous one by name, learn from "--this-was-me", survive a reopen.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DB } from '../../daemon/store/database.js';
import { EventStore } from '../../daemon/store/event-store.js';
import { Outputs } from '../../daemon/outputs/output.js';
import { StoreOutput } from '../../daemon/outputs/store-output.js';
import { Pipeline } from '../../daemon/pipeline.js';
import type { Alert, Event } from '../../core/event.js';
import { BaselineStore, ackAlert } from '../../daemon/store/baseline-store.js';
import { BaselineService } from '../../daemon/baseline-service.js';
import { DetectorSet } from '../../detectors/detector-set.js';
import { BaselineConfigSchema } from '../../detectors/baseline/config.js';
import { anomalousSteps, benignSessions, HOME, PROJECT, sessionEvents, T0 } from '../unit/baseline/synthetic-sessions.js';

const H = 3_600_000;
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function open(file: string) {
  const { db } = openDatabase(file);
  const fail = (e: unknown) => { throw e; };
  const events = new EventStore(db, { batchSize: 500, flushMs: 60_000, onError: fail });
  const engine = new BaselineService(new BaselineStore(db), BaselineConfigSchema.parse({}), { timers: false, onError: fail });
  const pipeline = new Pipeline(new DetectorSet([engine.judge]), { home: HOME, egressAllow: [] }, {
    output: new Outputs([new StoreOutput(events)], (_o, e) => fail(e)), findAlert: (sid, rule, key) => events.findAlert(sid, rule, key), detectorError: (_n, e) => fail(e),
  });
  const run = (evs: Event[]): Alert[] => { const out = evs.flatMap((e) => pipeline.process(e).alerts); events.flush(); return out; };
  const close = () => { engine.close(); events.flush(); db.close(); };
  return { db, engine, run, close };
}

const anomalies = (db: DB, sessionId: string) =>
  db.prepare("SELECT id, acked FROM alerts WHERE rule = 'behavior-anomaly' AND session_id = ?").all(sessionId) as { id: string; acked: number }[];

describe('baseline engine on SQLite', () => {
  it('learns, flags, learns from --this-was-me (scope project), and survives reopening', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-baseline-'));
    dirs.push(dir);
    const file = path.join(dir, 'agentwatch.db');
    const a = open(file);

    // 1. Learning: 25 benign sessions (learning ends after 20), nothing raised, saved in one batch.
    expect(a.run(benignSessions(25).flat())).toEqual([]);
    expect(a.db.prepare('SELECT count(*) AS n FROM baselines').get()).toEqual({ n: 0 }); // not saved per event…
    a.engine.tick();                                                                         // …but on the timer
    expect(new BaselineStore(a.db).list()).toMatchObject([{ agent: 'claude-code', project: PROJECT, sessions: 25 }]);

    // 2. Many reads outside the project, then a POST to a new host: a named behavior-anomaly.
    const raised = a.run(sessionEvents('bad-1', T0 + 30 * H, anomalousSteps()));
    expect(raised.every((al) => al.rule === 'behavior-anomaly' && al.tactic === 'behavior-anomaly')).toBe(true);
    const host = raised.find((al) => al.reason.includes('10.9.8.7'))!;
    expect(host).toMatchObject({ severity: 'high', sessionId: 'bad-1', agent: { kind: 'claude-code' } });
    expect(host.reason).toMatch(/^First connection from claude-code to 10\.9\.8\.7 after 25 sessions in \/home\/dev\/proj/);
    expect(host.reason).toMatch(/read 13 files outside the project \(~\/\.cache\/pip\/selfcheck\.json, ~\/Documents\/notes\.txt, \/tmp\/bundle\.tgz …\)/);

    // 3. Without an ack it would recur (checked in the unit tests); the user says it was them, for this project.
    const stored = anomalies(a.db, 'bad-1');
    expect(stored.length).toBe(raised.length);
    for (const al of stored) {
      const r = ackAlert(a.db, al.id.slice(0, 13), { thisWasMe: true, scope: 'project' });
      expect(r).toMatchObject({ ok: true });
      expect(r.message).toContain(`for claude-code in ${PROJECT}`);
    }
    expect(anomalies(a.db, 'bad-1').every((al) => al.acked === 1)).toBe(true);
    a.engine.tick(); // the daemon's timer picks the CLI's acks up
    expect(a.run(sessionEvents('bad-2', T0 + 31 * H, anomalousSteps()))).toEqual([]);
    a.close();

    // 4. Reopened: the model and the acknowledgement are still there.
    const b = open(file);
    expect(new BaselineStore(b.db).list()).toMatchObject([{ sessions: 27 }]); // bad-1 (minus its anomalies) and bad-2 learned
    expect(b.run(sessionEvents('bad-3', T0 + 32 * H, anomalousSteps()))).toEqual([]);
    const other = b.run(sessionEvents('bad-4', T0 + 33 * H, anomalousSteps('203.0.113.9')));
    expect(other.map((al) => al.reason)).toEqual([expect.stringMatching(/^First connection from claude-code to 203\.0\.113\.9 after 28 sessions/)]);
    b.close();

    // 5. A stored model this version cannot read is set aside for a fresh one, not a crash.
    const c = openDatabase(file).db;
    c.prepare("UPDATE baselines SET model_json = '{\"agent\":1}'").run();
    expect(new BaselineStore(c).loadModel('claude-code', PROJECT)).toBeUndefined();
    c.close();
  });

  it('ackAlert: unknown ids, plain acks and non-anomaly alerts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-baseline-'));
    dirs.push(dir);
    const { db } = openDatabase(path.join(dir, 'agentwatch.db'));
    expect(ackAlert(db, 'nope', { thisWasMe: true })).toEqual({ ok: false, message: 'no alert with id nope' });
    expect(ackAlert(db, '', {})).toMatchObject({ ok: false }); // not "whichever alert is alone"
    expect(ackAlert(db, '%', {})).toMatchObject({ ok: false });
    const body = (rule: string) => JSON.stringify({ id: rule, agent: { kind: 'claude-code' } });
    const insert = db.prepare("INSERT INTO alerts (id, ts, last_ts, session_id, rule, dedupe_key, severity, body) VALUES (?, 't', 't', 's', ?, ?, 'high', ?)");
    insert.run('alert-rule', 'secret-read', '~/.aws/credentials', body('secret-read'));
    insert.run('alert-anom', 'behavior-anomaly', JSON.stringify({ p: PROJECT, i: ['host:x'] }), body('behavior-anomaly'));
    expect(ackAlert(db, 'alert-rule', {})).toEqual({ ok: true, message: 'alert alert-rule acknowledged' });
    expect(ackAlert(db, 'alert-rule', { thisWasMe: true }).message).toMatch(/changes nothing for a secret-read alert/);
    expect(ackAlert(db, 'alert-', { thisWasMe: true })).toMatchObject({ ok: false, message: 'alert id prefix alert- is ambiguous' });
    expect(ackAlert(db, 'a-', {})).toMatchObject({ ok: false, message: expect.stringMatching(/at least 4 characters/) });
    expect(ackAlert(db, 'alert-anom', { thisWasMe: true, scope: 'agent' })).toMatchObject({ ok: true });
    expect(ackAlert(db, 'alert-anom', { thisWasMe: true, scope: 'agent' }).message).toMatch(/already acknowledged as yours/);
    expect(db.prepare('SELECT scope, agent, project, session_id AS s, item FROM baseline_acks ORDER BY id').all()).toEqual([
      { scope: 'agent', agent: 'claude-code', project: '*', s: 's', item: '*' },
      { scope: 'agent', agent: 'claude-code', project: '*', s: 's', item: 'host:x' },
    ]);
    db.close();
  });
});

// Starting, refusing a second instance, stopping cleanly, file modes, bad config, a corrupt database.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cli, makeHome, postHook, rmHome, startDaemon } from '../helpers/daemon.js';

const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);

describe('daemon lifecycle', () => {
  it('writes daemon.json, keeps state files 0600, and refuses a second instance with one line', async () => {
    const d = await startDaemon();
    try {
      const info = JSON.parse(fs.readFileSync(path.join(d.stateDir, 'daemon.json'), 'utf8'));
      expect(info).toMatchObject({ pid: d.pid, port: d.port, version: expect.any(String), startedAt: expect.any(String) });
      for (const f of ['token', 'daemon.json', 'agentwatch.db', 'agentwatch.log']) expect(mode(path.join(d.stateDir, f)), f).toBe('600');
      expect(mode(d.stateDir)).toBe('700');
      const second = cli(d, ['daemon', '--port', '0']);
      expect(second.code).toBe(2);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
      expect(second.stderr).toMatch(/another agentwatch daemon \(pid \d+\) is already running/);
      const status = cli(d, ['status', '--json']);
      expect(JSON.parse(status.stdout)).toMatchObject({ running: true, port: d.port, ok: true });
    } finally {
      await d.stop();
      rmHome(d.home);
    }
  });

  it('flushes every accepted event on SIGTERM, removes daemon.json and exits 0', async () => {
    const d = await startDaemon({ config: { store: { flushMs: 5000, batchSize: 100000 } } });
    for (let i = 0; i < 50; i++) {
      await postHook(d, { session_id: 'flush', cwd: '/w', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: `echo ${i}` } });
    }
    expect(await d.stop()).toBe(0);
    expect(fs.existsSync(path.join(d.stateDir, 'daemon.json'))).toBe(false);
    const db = new Database(path.join(d.stateDir, 'agentwatch.db'), { readonly: true });
    expect((db.prepare("SELECT count(*) AS n FROM events WHERE session_id = 'flush'").get() as { n: number }).n).toBe(50);
    db.close();
    expect(cli(d, ['status']).code).toBe(1);
    rmHome(d.home);
  });

  it('names the key and the file of a bad config in one line, and exits non-zero', () => {
    const home = makeHome();
    const file = path.join(home, 'bad.yaml');
    for (const [text, want] of [
      ['policy:\n  mode: block\n', /bad\.yaml: policy\.mode: /],
      ['nosuchkey: 1\n', /bad\.yaml: nosuchkey: unknown key/],
      ['port: "high"\n', /bad\.yaml: port: /],
      ['policy: [unclosed\n', /bad\.yaml: not valid YAML/],
    ] as const) {
      fs.writeFileSync(file, text);
      const r = cli({ home }, ['daemon', '--config', file]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(want);
    }
    rmHome(home);
  });

  it('moves a corrupt database aside (keeping it) and starts on a fresh one', async () => {
    const home = makeHome();
    const stateDir = path.join(home, '.local', 'state', 'agentwatch');
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const garbage = Buffer.from('this is not a sqlite database '.repeat(200));
    fs.writeFileSync(path.join(stateDir, 'agentwatch.db'), garbage);
    const d = await startDaemon({ home });
    try {
      expect((await postHook(d, { session_id: 'c', hook_event_name: 'Stop' })).status).toBe(200);
      const aside = fs.readdirSync(stateDir).find((f) => f.startsWith('agentwatch.db.corrupt-'));
      expect(aside).toBeDefined();
      expect(fs.readFileSync(path.join(stateDir, aside!)).equals(garbage)).toBe(true);
      expect(fs.readFileSync(path.join(stateDir, 'agentwatch.log'), 'utf8')).toContain('database was corrupt');
    } finally {
      await d.stop();
      rmHome(home);
    }
  });
});

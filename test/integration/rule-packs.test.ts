// Rule packs from a config directory: loaded at start, reloaded on change and SIGHUP, and a broken
// file is refused with file:line while the daemon keeps running the rules it had.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, makeHome, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import type { Alert } from '../../core/event.js';

const RULE = (id: string, prog: string) => `
- rule: ${id}
  desc: Our team does not run ${prog} from agents
  condition: {cmd.prog: ${prog}}
  severity: medium
  tactic: execution
  reason: "The agent runs \`{cmd.line}\`, which team policy forbids."
  examples:
    match: [{tool: Bash, command: "${prog} --version"}]
    nomatch: [{tool: Bash, command: "ls"}]
`;

const alertsOf = (d: TestDaemon, sid: string) => {
  const out = cli(d, ['alerts', '--json', '--session', sid]).stdout.trim();
  return out === '' ? [] : out.split('\n').map((l) => JSON.parse(l) as Alert);
};
const run = (d: TestDaemon, sid: string, command: string) =>
  postHook(d, { session_id: sid, cwd: '/w', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
const settle = () => new Promise((r) => setTimeout(r, 700));

describe('rule packs from config directories', () => {
  let d: TestDaemon;
  let dir: string;
  beforeAll(async () => {
    const home = makeHome();
    dir = path.join(home, 'rules.d');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'team.yaml'), RULE('team-no-telnet', 'telnet'));
    d = await startDaemon({ home, config: { rules: { dirs: [dir] } } });
  });
  afterAll(async () => { await d.stop(); rmHome(d.home); });

  it('runs a pushed rule next to the built-in ones, and `agentwatch rules` reports the pack', async () => {
    await run(d, 'r1', 'telnet towel.blinkenlights.nl');
    await settle();
    expect(alertsOf(d, 'r1').map((a) => a.rule)).toContain('team-no-telnet');
    const r = cli(d, ['rules', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ rules loaded from \d+ files/);
  });

  it('refuses a broken file with file:line, keeps the previous rules, and takes a fixed file on SIGHUP', async () => {
    const file = path.join(dir, 'team.yaml');
    fs.writeFileSync(file, `${RULE('team-no-telnet', 'telnet')}\n- rule: team-broken\n  condition: {cmd.prog: {regex: '(unclosed'}}\n  severity: medium\n  tactic: execution\n`);
    await settle();
    const check = cli(d, ['rules', dir]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(new RegExp(`error: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+`));
    const log = fs.readFileSync(path.join(d.stateDir, 'agentwatch.log'), 'utf8');
    expect(log).toMatch(/rule error: .*team\.yaml:\d+/);
    expect(log).toMatch(/reload refused; still running the previous rules/);
    await run(d, 'r2', 'telnet example.org');
    await settle();
    expect(alertsOf(d, 'r2').map((a) => a.rule)).toContain('team-no-telnet');
    const health = (await (await fetch(d.url('/v1/health'))).json()) as { rules: { ok: boolean; lastError?: string } };
    expect(health.rules.ok).toBe(false);
    expect(health.rules.lastError).toMatch(/team\.yaml:\d+/);

    // Fixed: a different rule replaces it; reloaded on the signal even if the watcher missed it.
    fs.writeFileSync(file, RULE('team-no-ftp', 'ftp'));
    process.kill(d.pid, 'SIGHUP');
    await settle();
    await run(d, 'r3', 'ftp files.example.org');
    await run(d, 'r3', 'telnet example.org');
    await settle();
    const rules = alertsOf(d, 'r3').map((a) => a.rule);
    expect(rules).toContain('team-no-ftp');
    expect(rules).not.toContain('team-no-telnet');
    expect(d.child.exitCode).toBeNull();
  });
});

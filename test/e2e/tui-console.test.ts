// `agentwatch console` in a real 80×24 terminal (tmux) against a real daemon: it renders its panes, a
// hook's alert appears, `a` acknowledges it in the store, agent text cannot steer the terminal, it says
// when the daemon is gone and reconnects when it is back, and NO_COLOR means no colour sequences.
import { afterEach, describe, expect, it } from 'vitest';
import { cli, cliMain, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { hasTmux, openTerminal, type Terminal } from '../helpers/tmux-terminal.js';
import type { Alert } from '../../core/event.js';

const SGR = /\u001b\[[0-9;:]*m/;
let daemon: TestDaemon | undefined;
const terms: Terminal[] = [];

afterEach(async () => {
  for (const t of terms.splice(0)) t.close();
  if (daemon) { await daemon.stop(); rmHome(daemon.home); daemon = undefined; }
});

const alertsJson = (d: TestDaemon) => cli(d, ['alerts', '--json']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Alert);

/** A hook post; once more if the pooled keep-alive socket was closed by the daemon while `cli` blocked this process. */
const post = (d: TestDaemon, body: object) => postHook(d, body).catch(() => postHook(d, body));

async function until<T>(fn: () => T | undefined, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!hasTmux)('agentwatch console (terminal)', () => {
  it('renders, shows a new alert, acknowledges it with `a`, escapes agent text, survives a daemon restart', async () => {
    const d = await startDaemon();
    daemon = d;
    const term = openTerminal([process.execPath, cliMain, 'console'], cleanEnv({ HOME: d.home }));
    terms.push(term);
    await term.waitFor((s) => s.includes(`connected :${d.port}`) && s.includes('SESSION') && s.includes('SEV'), 30_000, 'the connected console');
    const screen = term.screen().split('\n');
    expect(Math.max(...screen.map((l) => l.length))).toBeLessThanOrEqual(80);

    await postHook(d, { session_id: 'tui-one', cwd: '/w', hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: `${d.home}/.kube/config` } });
    const shown = await term.waitFor((s) => s.includes('secret-read') && s.includes('tui-one'), 10_000, 'the secret-read alert and its session');
    expect(shown).toMatch(/HIGH\s+secret-read\s+claude-code\s+tui-one/);

    term.keys('a');
    // The console's own word first (the key reached it and the acknowledgement went out), then the store. The
    // times are for a 2-core CI machine under the parallel suite: a key carried through tmux, ink, the socket
    // and the daemon, then `agentwatch alerts` started once per look, once took longer than 10 s there.
    await term.waitFor((s) => /acknowledged \S{8}/.test(s), 30_000, 'the acknowledgement note');
    const acked = await until(() => alertsJson(d).find((a) => a.rule === 'secret-read' && a.acknowledged === true), 30_000, 'the acknowledgement in the store')
      .catch((err: Error) => { throw new Error(`${err.message}; screen:\n${term.screen()}`); });
    expect(acked.sessionId).toBe('tui-one');

    // A command that would clear the screen and retitle the terminal if printed raw.
    const hostile = "echo '\u001b]0;pwned\u0007\u001b[2J' >> ~/.bashrc";
    await post(d, { session_id: 'tui-two', cwd: '/w', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: hostile } });
    await term.waitFor((s) => s.includes('persistence-write'), 10_000, 'the persistence-write alert');
    term.keys('Enter'); // the newest alert is selected: its detail, with the evidence event's command
    const detail = await term.waitFor((s) => s.includes('evidence:') && s.includes('\\x1b]0;pwned'), 10_000, 'the escaped evidence');
    expect(detail).toContain('\\x1b[2J');
    expect(term.raw()).not.toContain('\u001b]0;pwned');
    expect(term.raw()).not.toContain('\u001b[2J');
    expect(term.raw()).toMatch(SGR); // colour is on here: the NO_COLOR check below can fail
    term.keys('Escape');
    await term.waitFor((s) => s.includes('SEV'), 5000, 'the main view again');

    await d.stop();
    await term.waitFor((s) => s.includes('disconnected — retrying'), 10_000, 'the disconnected notice');
    daemon = await startDaemon({ home: d.home });
    await term.waitFor((s) => s.includes(`connected :${daemon!.port}`), 20_000, 'the reconnection');
    // Alerts raised while it was away come in from the store on reconnecting; new ones stream again.
    await post(daemon, { session_id: 'tui-three', cwd: '/w', hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: `${d.home}/.aws/credentials` } });
    await term.waitFor((s) => s.includes('tui-thre'), 10_000, 'an alert after the restart');

    term.keys('q');
    await until(() => (term.alive() ? undefined : true), 10_000, 'the console to quit on q');
  });

  it('with NO_COLOR writes no colour or style sequences', async () => {
    const d = await startDaemon();
    daemon = d;
    await postHook(d, { session_id: 'tui-nc', cwd: '/w', hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: `${d.home}/.kube/config` } });
    const term = openTerminal([process.execPath, cliMain, 'console'], cleanEnv({ HOME: d.home, NO_COLOR: '1' }));
    terms.push(term);
    const main = await term.waitFor((s) => s.includes('connected') && s.includes('secret-read'), 30_000, 'the console with the stored alert');
    expect(main).toMatch(/› HIGH\s+secret-read/); // the selection is marked without inverse video
    term.keys('Enter');
    await term.waitFor((s) => s.includes('evidence:'), 10_000, 'the detail view');
    expect(term.raw()).not.toMatch(SGR);
  });
});

// `agentwatch daemon` and `agentwatch hook <agent>` read their plain command lines without yargs
// (daemon/cli/plain-args.ts). What they take must mean what yargs would make of it (flags, then the
// AGENTWATCH_* environment); anything else — help, a typo, a bad value — must go to yargs, so the user gets
// the same error as from every other command.
import { describe, expect, it } from 'vitest';
import { plainDaemonArgs, plainHookArgs } from '../../daemon/cli/plain-args.js';
import { hookCommand } from '../../core/agents/hook-command.js';

describe('plainDaemonArgs', () => {
  it('reads the flags a service unit passes, in both spellings', () => {
    expect(plainDaemonArgs(['daemon', '--port', '0', '--state-dir', '/s', '--config=/c.yaml', '--mode', 'enforce', '--json'], {}))
      .toEqual({ port: 0, stateDir: '/s', config: '/c.yaml', mode: 'enforce', json: true });
    expect(plainDaemonArgs(['daemon'], {})).toEqual({ stateDir: undefined, config: undefined });
  });

  it('falls back to the AGENTWATCH_* environment, flags first', () => {
    const env = { AGENTWATCH_PORT: '4000', AGENTWATCH_STATE_DIR: '/env-state', AGENTWATCH_CONFIG: '' };
    expect(plainDaemonArgs(['daemon'], env)).toEqual({ port: 4000, stateDir: '/env-state', config: undefined });
    expect(plainDaemonArgs(['daemon', '--port=5000'], env)).toMatchObject({ port: 5000 });
  });

  it('leaves to yargs whatever it would reject or explain', () => {
    for (const argv of [
      ['status'], ['daemon', '--help'], ['daemon', '--bogus'], ['daemon', 'extra'], ['daemon', '--port', 'abc'],
      ['daemon', '--port', '70000'], ['daemon', '--port'], ['daemon', '--mode', 'audit'], ['daemon', '--port', '1', '--port', '2'],
      ['daemon', '--config', '--json'], ['daemon', '--json=yes'], ['daemon', '--config='],
    ]) expect(plainDaemonArgs(argv, {}), argv.join(' ')).toBeUndefined();
    expect(plainDaemonArgs(['daemon'], { AGENTWATCH_PORT: 'x' })).toBeUndefined();
  });
});

describe('plainHookArgs', () => {
  it('reads every command line install writes, user and system level', () => {
    const line = (level: 'user' | 'system') => hookCommand({ level, program: ['node', '/opt/aw/main.js'], stateDir: '/home/dev/.local/state/agentwatch', port: 47474 }, 'codex');
    // The words after `node main.js`, as the shell splits them (install quotes only what needs it).
    const words = (l: string) => l.split(' ').slice(2);
    expect(plainHookArgs(words(line('user')), {})).toEqual({ agent: 'codex', stateDir: '/home/dev/.local/state/agentwatch', config: undefined, timeoutMs: 3000 });
    expect(plainHookArgs(words(line('system')), {})).toEqual({ agent: 'codex', port: 47474, secretFile: '/etc/agentwatch/hook-secret', stateDir: undefined, config: undefined, timeoutMs: 3000 });
    expect(plainHookArgs(['hook', 'gemini-cli', '--timeout-ms=500'], { AGENTWATCH_STATE_DIR: '/s' })).toMatchObject({ agent: 'gemini-cli', stateDir: '/s', timeoutMs: 500 });
  });

  it('leaves to yargs whatever it would reject or explain', () => {
    for (const argv of [
      ['hook'], ['hook', '--help'], ['hook', 'codex', '--help'], ['hook', 'codex', '--bogus', 'x'], ['hook', 'codex', 'extra'],
      ['hook', 'codex', '--timeout-ms', 'soon'], ['hook', 'codex', '--timeout-ms', '-1'], ['hook', 'codex', '--port', '99999'],
      ['hook', 'codex', '--secret-file'], ['hook', 'codex', '--state-dir', 'a', '--state-dir', 'b'], ['hook', '--state-dir', '/s', 'codex'],
      ['hook', 'codex', '--mode', 'enforce'],
    ]) expect(plainHookArgs(argv, {}), argv.join(' ')).toBeUndefined();
  });
});

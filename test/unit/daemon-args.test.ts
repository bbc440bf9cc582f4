// `agentwatch daemon` reads its plain command line without yargs (daemon/cli/daemon-args.ts). What it takes
// must mean what yargs would make of it (flags, then the AGENTWATCH_* environment); anything else — help, a
// typo, a bad value — must go to yargs, so the user gets the same error as from every other command.
import { describe, expect, it } from 'vitest';
import { plainDaemonArgs } from '../../daemon/cli/daemon-args.js';

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

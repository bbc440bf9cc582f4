// `agentwatch console`: the terminal console. Its views (ink, react) load only here, so the daemon and
// every other command never pay for them.
import { AgentwatchError } from '../../core/errors.js';
import { stateDirOf, type CommonArgs } from './options.js';

export async function consoleCommand(args: CommonArgs): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new AgentwatchError('AW_ERR_USAGE', 'agentwatch console needs a terminal (for a script: agentwatch alerts --follow --json)');
  // ink draws only a final frame when CI or CONTINUOUS_INTEGRATION is set (is-in-ci, read when ink loads);
  // a console on a real terminal is interactive whatever the shell exports, so it loads without them.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { runConsole } = await import('../../console/tui/app.js');
  // NO_COLOR (no-color.org): any non-empty value turns colour and text styles off.
  await runConsole({ stateDir: stateDirOf(args), port: args.port, color: !process.env.NO_COLOR });
}

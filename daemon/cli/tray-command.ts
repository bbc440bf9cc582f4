// `agentwatch tray`: the tray icon and desktop notifications for the logged-in user. Its modules (and
// systray2's helper process) load only here.
import { AgentwatchError } from '../../core/errors.js';
import { stateDirOf, type CommonArgs } from './options.js';

export async function trayCommand(args: CommonArgs): Promise<void> {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new AgentwatchError('AW_ERR_USAGE', 'agentwatch tray needs a graphical session (DISPLAY or WAYLAND_DISPLAY is not set)');
  }
  const { runTray } = await import('../../console/tray/tray.js');
  await runTray({ stateDir: stateDirOf(args), port: args.port, log: (line) => process.stderr.write(`${line}\n`) });
}

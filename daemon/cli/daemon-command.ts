// `agentwatch daemon`: the daemon in the foreground until SIGINT/SIGTERM. Its own module, loading only
// the config and the lifecycle: a taken port or a locked state dir must fail fast.
import os from 'node:os';
import v8 from 'node:v8';
import { stateDirOf, type CommonArgs } from './options.js';

export async function runDaemonCommand(args: CommonArgs & { mode?: 'observe' | 'enforce' }): Promise<void> {
  // The young generation stays at its initial 1 MiB semi-spaces instead of growing to 16 MiB: V8 grows it
  // for throughput, but the daemon's requests allocate little and live briefly, and the grown space was
  // ~30 MB of its RSS (bench/footprint.ts). Read by V8 at each scavenge, so setting it now takes effect.
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  // Smaller heap growth steps and earlier code flushing: 8-10 MB less RSS idle and after load, for a daemon
  // that waits on I/O far more than it computes (bench/footprint.ts, bench/hook-latency.ts).
  v8.setFlagsFromString('--optimize-for-size');
  const { loadConfig, defaultConfigFile } = await import('../config/load.js');
  const { startDaemon } = await import('../run-daemon.js');
  const configFile = args.config ?? defaultConfigFile(process.env, os.homedir());
  const config = loadConfig(configFile, { port: args.port, mode: args.mode });
  const daemon = await startDaemon({ stateDir: stateDirOf(args), config });
  await new Promise<void>((resolve) => {
    const onSignal = (sig: string) => {
      // Shutdown runs every teardown step, but never longer than this.
      setTimeout(() => { process.stderr.write('agentwatch: shutdown took over 10 s; exiting\n'); process.exit(1); }, 10_000).unref();
      void daemon.stop(sig).then(resolve);
    };
    process.once('SIGINT', () => onSignal('SIGINT'));
    process.once('SIGTERM', () => onSignal('SIGTERM'));
  });
}

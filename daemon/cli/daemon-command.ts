// `agentwatch daemon`: the daemon in the foreground until SIGINT/SIGTERM. Its own module, loading only
// the config and the lifecycle: a taken port or a locked state dir must fail fast.
import os from 'node:os';
import { stateDirOf, type CommonArgs } from './options.js';
import { ensureStateDir } from '../state-dir.js';
import { setV8Flag } from '../v8-flags.js';

export async function runDaemonCommand(args: CommonArgs & { mode?: 'observe' | 'enforce' }): Promise<void> {
  // The young generation stays at its initial 1 MiB semi-spaces instead of growing to 16 MiB: V8 grows it
  // for throughput, but the daemon's requests allocate little and live briefly, and the grown space was
  // ~30 MB of its RSS (bench/footprint.ts). Read by V8 at each scavenge, so setting it now takes effect.
  setV8Flag('--semi-space-growth-factor=1');
  // Smaller heap growth steps and earlier code flushing: 8-10 MB less RSS idle and after load, for a daemon
  // that waits on I/O far more than it computes (bench/footprint.ts, bench/hook-latency.ts). Turned off for
  // a burst of hooks and back on after it (daemon/memory-mode.ts, `tuneV8` below).
  setV8Flag('--optimize-for-size');
  // A rule's regex (a built-in one, or one in a pack IT or the user wrote) that backtracks without end on a
  // crafted command line falls back to V8's linear-time engine after 50,000 backtracks: one built-in pattern
  // once took 13 minutes on a 32 KB line (`sh -sh -sh …`), every hook waiting behind it.
  setV8Flag('--enable-experimental-regexp-engine-on-excessive-backtracks');
  const { loadConfig, defaultConfigFile } = await import('../config/load.js');
  const { defaultPolicyFile, isInForce, loadItPolicy } = await import('../config/it-policy.js');
  const { startDaemon } = await import('../run-daemon.js');
  const stateDir = stateDirOf(args);
  const configFile = args.config ?? defaultConfigFile(process.env, os.homedir());
  // The IT policy wins over the config and the flags; a broken one is one line, and the last good one stays
  // (its copy lives in the state dir, made now on a first start).
  ensureStateDir(stateDir);
  const itPolicy = loadItPolicy(defaultPolicyFile(), stateDir);
  if (itPolicy && 'error' in itPolicy && itPolicy.error) process.stderr.write(`agentwatch: ${itPolicy.error}; ${isInForce(itPolicy) ? 'the last good policy stays in force' : 'no policy in force'}\n`);
  const config = loadConfig(configFile, { port: args.port, mode: args.mode }, isInForce(itPolicy) ? itPolicy : undefined);
  // The signals are taken before start-up: a stop that arrives while the last steps run (daemon.json is
  // already written) shuts down cleanly once start-up is done, instead of dying with the lock left behind.
  let signalled: string | undefined;
  let onSignal = (sig: string) => { signalled ??= sig; };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  const daemon = await startDaemon({ stateDir, config, itPolicy, policyFile: defaultPolicyFile(), configFile, tuneV8: true });
  await new Promise<void>((resolve) => {
    onSignal = (sig: string) => {
      // Shutdown runs every teardown step, but never longer than this.
      setTimeout(() => { process.stderr.write('agentwatch: shutdown took over 10 s; exiting\n'); process.exit(1); }, 10_000).unref();
      void daemon.stop(sig).then(resolve);
    };
    if (signalled) onSignal(signalled);
  });
}

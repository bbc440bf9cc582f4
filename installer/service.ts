// The service that keeps the daemon running: a systemd unit on Linux, a launchd plist on macOS, per user
// (`--user`) or for the machine (`--system`, as root so the kernel tier can run and every user's agents
// are served). Pure text here; installer/rollout.ts writes it and starts it. Restart on failure and
// resource limits are the point: a monitor that dies quietly or eats the machine is worse than none.
import path from 'node:path';
import type { Level, Platform } from './install.js';

export const SERVICE_NAME = 'agentwatch';
export const LAUNCHD_LABEL = 'dev.agentwatch.daemon';
/** Ceilings for the daemon (its steady state is far below: bench/footprint). */
export const MEMORY_MAX = '512M';
export const CPU_QUOTA = '50%';
/**
 * The daemon's environment under the service manager. MALLOC_ARENA_MAX=2 (glibc): V8's compiler and GC
 * threads and libuv's pool each got a malloc arena of their own, whose freed memory stays in the process;
 * two arenas keep RSS after a burst of hooks ~1.5 MB lower (bench/footprint.ts starts its daemon with it too).
 */
export const SERVICE_ENV: Readonly<Record<string, string>> = { NODE_ENV: 'production', MALLOC_ARENA_MAX: '2' };
/**
 * Node flags the service starts the daemon with, between node and main.js: V8 reads them only when it
 * starts, so the daemon cannot set them itself (daemon-command.ts sets the ones it can). One V8 worker
 * thread instead of four: on a small machine V8's workers (TurboFan compiles, parallel scavenges) took the
 * core the agent's hook client was waiting for. Hook p99 was lower in every paired run (docs/performance.md).
 */
export const DAEMON_NODE_FLAGS: readonly string[] = ['--v8-pool-size=1'];

/** The service's command line: [node, main.js] with the daemon's node flags after node. */
export const daemonArgv = (program: readonly string[], args: readonly string[]): string[] => [program[0]!, ...DAEMON_NODE_FLAGS, ...program.slice(1), 'daemon', ...args];

/** Where the service file goes, as the system sees it (without --root). */
export function serviceFile(level: Level, platform: Platform, home: string): string {
  if (platform === 'darwin') {
    return level === 'system' ? `/Library/LaunchDaemons/${LAUNCHD_LABEL}.plist` : path.join(home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
  }
  return level === 'system' ? `/etc/systemd/system/${SERVICE_NAME}.service` : path.join(home, '.config', 'systemd', 'user', `${SERVICE_NAME}.service`);
}

export interface ServiceSpec { level: Level; argv: string[]; stateDir: string }

// systemd splits ExecStart like a shell would, but only double quotes and backslashes need escaping; `%`
// starts a specifier and `$` a variable, so both are doubled.
const systemdQuote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`;

export function systemdUnit(s: ServiceSpec): string {
  const system = s.level === 'system';
  return [
    '# Written by `agentwatch install`; `agentwatch uninstall` removes it.',
    '[Unit]',
    'Description=agentwatch: watches what AI coding agents do on this machine',
    ...(system ? ['After=network.target'] : []),
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${s.argv.map(systemdQuote).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=2',
    `MemoryMax=${MEMORY_MAX}`,
    `CPUQuota=${CPU_QUOTA}`,
    'Nice=5',
    ...Object.entries(SERVICE_ENV).map(([k, v]) => `Environment=${k}=${v}`),
    ...(system ? ['User=root', 'UMask=0077'] : []),
    '',
    '[Install]',
    `WantedBy=${system ? 'multi-user.target' : 'default.target'}`,
    '',
  ].join('\n');
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * launchd has no memory or CPU quota: `ProcessType Background` puts the daemon on the throttled CPU and I/O
 * tier, and `KeepAlive.SuccessfulExit=false` restarts it only when it fails (as systemd's on-failure).
 */
export function launchdPlist(s: ServiceSpec): string {
  const log = path.join(s.stateDir, 'launchd.log');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- Written by `agentwatch install`; `agentwatch uninstall` removes it. -->',
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key><string>${LAUNCHD_LABEL}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...s.argv.map((a) => `    <string>${xml(a)}</string>`),
    '  </array>',
    '  <key>RunAtLoad</key><true/>',
    '  <key>KeepAlive</key>',
    '  <dict><key>SuccessfulExit</key><false/></dict>',
    '  <key>ThrottleInterval</key><integer>5</integer>',
    '  <key>ProcessType</key><string>Background</string>',
    '  <key>LowPriorityIO</key><true/>',
    '  <key>Nice</key><integer>5</integer>',
    '  <key>EnvironmentVariables</key>',
    `  <dict>${Object.entries(SERVICE_ENV).map(([k, v]) => `<key>${k}</key><string>${v}</string>`).join('')}</dict>`,
    `  <key>StandardOutPath</key><string>${xml(log)}</string>`,
    `  <key>StandardErrorPath</key><string>${xml(log)}</string>`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

export const serviceText = (platform: Platform, s: ServiceSpec): string => (platform === 'darwin' ? launchdPlist(s) : systemdUnit(s));

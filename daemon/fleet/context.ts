// The OCSF context of this machine: product version, hostname, OS, the stable device id from the state
// dir, the user, and the privacy tier from the config. Built once by the daemon and by `agentwatch export`.
import os from 'node:os';
import { VERSION } from '../version.js';
import { loadOrCreateDeviceId } from '../state-dir.js';
import type { OcsfContext } from './ocsf/index.js';
import type { TelemetryConfig } from './config.js';

const OS_TYPE = { linux: 'linux', darwin: 'macos', win32: 'windows' } as const;

export function fleetContext(stateDir: string, telemetry: Pick<TelemetryConfig, 'privacy' | 'prompts'>): OcsfContext {
  const user = os.userInfo();
  return {
    productVersion: VERSION,
    device: {
      hostname: os.hostname(),
      uid: loadOrCreateDeviceId(stateDir),
      osName: `${os.type()} ${os.release()}`,
      osType: OS_TYPE[process.platform as keyof typeof OS_TYPE] ?? 'other',
    },
    user: { name: user.username, uid: user.uid },
    home: os.homedir(),
    privacy: telemetry.privacy,
    prompts: telemetry.prompts,
  };
}

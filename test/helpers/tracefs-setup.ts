// Global setup of every test project. Tests run as root start the kernel tier, which mounts tracefs when
// it is not mounted (bpftrace needs it; the daemon does so too). The run leaves the machine as it found
// it: tracefs mounted by the tests is unmounted once the last test file is done.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TRACEFS } from '../../collectors/kernel/kernel-collector.js';

// The collector's own test (ensureTracefs): the mount point is an empty directory until tracefs is mounted.
const mounted = () => existsSync(`${TRACEFS}/events`);

export default function setup(): (() => void) | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || mounted()) return undefined;
  return () => {
    if (!mounted()) return;
    try {
      execFileSync('umount', [TRACEFS], { stdio: 'pipe' });
    } catch (err) {
      console.warn(`tests mounted tracefs at ${TRACEFS} and could not unmount it: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`);
    }
  };
}

// Commands that would change the machine running the tests (a root crontab, a privileged container,
// a systemd unit) are replaced, for the agents the tests drive, by shims on PATH that only record how
// they were called. The hooks and collectors still see the same command lines; the host is untouched.
import fs from 'node:fs';
import path from 'node:path';

/** Programs a scenario may call whose real effect outlives the test (crontab, unit, container). */
export const HOST_CHANGING = ['crontab', 'docker', 'podman', 'systemctl', 'launchctl', 'at'] as const;

// Records argv (and stdin, where the program reads one: `crontab -`) beside itself, exits 0.
const SHIM = `#!/bin/sh
# agentwatch test shim: records the call instead of changing the host.
dir=$(dirname "$0")
name=$(basename "$0")
printf '%s %s\\n' "$name" "$*" >> "$dir/calls.log"
if [ "$name" = crontab ] && [ "$1" = "-" ]; then cat > "$dir/crontab.txt"; fi
if [ "$name" = crontab ] && [ "$1" = "-l" ]; then cat "$dir/crontab.txt" 2>/dev/null; fi
exit 0
`;

export interface HostShims {
  dir: string;
  /** PATH with the shims first. */
  path: string;
  /** Every recorded call, `name args…`, in order. */
  calls(): string[];
}

/** Writes the shims into `dir` (created if needed); give `path` to the agent's environment. */
export function installHostShims(dir: string, basePath = process.env.PATH ?? '/usr/bin:/bin'): HostShims {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of HOST_CHANGING) fs.writeFileSync(path.join(dir, name), SHIM, { mode: 0o755 });
  return {
    dir,
    path: `${dir}${path.delimiter}${basePath}`,
    calls: () => { try { return fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').split('\n').filter(Boolean); } catch { return []; } },
  };
}

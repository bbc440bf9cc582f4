// The V8 flags the daemon sets while it runs (daemon-command.ts, memory-mode.ts). V8's flags are the
// process's, and starting a worker thread puts those set at run time back to their defaults: after the WAL
// checkpoint worker started, the young generation grew to 16 MiB semi-spaces again and the daemon stayed
// 30 MB larger after the load (bench/footprint.ts). So they are all set through here, and set again once
// a worker is up.
import v8 from 'node:v8';

/** The last form set of each flag, by name: `--no-optimize-for-size` after `--optimize-for-size` replaces it. */
const setNow = new Map<string, string>();

const nameOf = (flag: string) => flag.replace(/^--(no-)?/, '').replace(/=.*$/, '');

/** Sets one flag (`--name`, `--no-name` or `--name=value`) and remembers it. */
export function setV8Flag(flag: string): void {
  v8.setFlagsFromString(flag);
  setNow.set(nameOf(flag), flag);
}

/** Sets every remembered flag again (after a worker thread started). */
export function reapplyV8Flags(): void {
  for (const flag of setNow.values()) v8.setFlagsFromString(flag);
}

// What the daemon guards as its own (DetectionContext.monitor.paths): a command or write that changes one of these
// can blind or stop it, and is agent-hook-tamper (critical). Its state dir, its config and policy files, and the
// installed program itself: the agents' command hooks run `node <this package>/dist/…/main.js hook <agent>`, so a
// file of it replaced (`cp /bin/true …/main.js`) or its directory removed silences every hook as surely as
// deleting them from the agents' settings.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_SECRET_FILE } from '../core/agents/hook-command.js';

/**
 * The package directory this module runs from (`moduleUrl` is two levels below it: dist/daemon/x.js), unless it
 * is a development checkout (a git work tree), where an agent editing or building the source is doing its work.
 */
export function installedProgramDir(moduleUrl: string): string | undefined {
  const root = path.resolve(path.dirname(fileURLToPath(moduleUrl)), '..', '..');
  return fs.existsSync(path.join(root, '.git')) ? undefined : root;
}

/** The state dir, the given files, the hooks' system-wide secret (a `--system` install's) and the installed program. */
export function monitorPaths(stateDir: string, files: readonly (string | undefined)[], moduleUrl: string): string[] {
  return [stateDir, ...files, SYSTEM_SECRET_FILE, installedProgramDir(moduleUrl)].filter((p): p is string => p !== undefined);
}

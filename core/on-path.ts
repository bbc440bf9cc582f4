// Where a program is on PATH (an executable file), or undefined: for checks that a tool exists before using it.
import fs from 'node:fs';
import path from 'node:path';

export function onPath(program: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    const p = path.join(dir, program);
    try { fs.accessSync(p, fs.constants.X_OK); return p; } catch { /* next */ }
  }
  return undefined;
}

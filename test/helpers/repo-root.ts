// The agentwatch checkout this code runs from, found by walking up to its package.json, so the
// helpers work both from the TypeScript sources (vitest) and compiled under dist/ (bench/eval.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'agentwatch') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the agentwatch repo root above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

export const repoRoot = findRepoRoot();

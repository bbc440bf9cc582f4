// Glob segments of catalog paths, expanded one directory level each against a real temp tree.
import { afterAll, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expandGlob } from '../../../collectors/mcp/fs-glob.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-glob-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('expands * and {a,b} per segment, sorted; a plain path comes back as is; no match → nothing', () => {
  for (const f of ['Code/User/mcp.json', 'Code - Insiders/User/mcp.json', 'Cursor/User/mcp.json', 'Other/User/mcp.json', 'ext/b/x.json', 'ext/a/x.json', 'ext/c/y.json']) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), '{}');
  }
  expect(expandGlob(path.join(root, '{Code,Code - Insiders,Cursor}/User/mcp.json'))).toEqual(['Code', 'Code - Insiders', 'Cursor'].map((d) => path.join(root, d, 'User/mcp.json')));
  expect(expandGlob(path.join(root, 'ext/*/x.json'))).toEqual([path.join(root, 'ext/a/x.json'), path.join(root, 'ext/b/x.json')]);
  expect(expandGlob(path.join(root, 'missing/*.json'))).toEqual([]);
  expect(expandGlob(path.join(root, 'not-there.json'))).toEqual([path.join(root, 'not-there.json')]);
});

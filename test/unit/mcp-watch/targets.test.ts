// Which directories the MCP watcher watches for config files that may not exist yet.
import { describe, expect, it } from 'vitest';
import type { Exists } from '../../../collectors/file/watch-plan.js';
import { WatchTargets } from '../../../collectors/mcp/watch-targets.js';

const fsOf = (dirs: string[], files: string[] = []): Exists => (p) => (dirs.includes(p) ? 'dir' : files.includes(p) ? 'file' : undefined);

describe('WatchTargets', () => {
  it('a missing ~/.cursor: watches the home, lets ~/.cursor through as a directory on the way', () => {
    const dirs = ['/', '/home', '/home/dev'];
    const t = new WatchTargets(fsOf(dirs));
    expect(t.plan(['/home/dev/.cursor/mcp.json'])).toEqual(['/home/dev']);
    expect(t.isAncestor('/home/dev/.cursor')).toBe(true);
    expect(t.isRelevant('/home/dev/.cursor')).toBe(true);
    expect(t.isRelevant('/home/dev/.bashrc')).toBe(false);
    // ~/.cursor appears: its directory is watched too, and only the new one is answered.
    dirs.push('/home/dev/.cursor');
    expect(t.plan(['/home/dev/.cursor/mcp.json'])).toEqual(['/home/dev/.cursor']);
    expect(t.isRelevant('/home/dev/.cursor/mcp.json')).toBe(true);
    expect(t.isRelevant('/home/dev/.cursor/other.json')).toBe(false);
    expect(t.isAncestor('/home/dev/.cursor')).toBe(false);
    expect(t.anchorCount()).toBe(2);
  });

  it('files in one directory share one watch', () => {
    const t = new WatchTargets(fsOf(['/', '/p'], ['/p/.mcp.json']));
    expect(t.plan(['/p/.mcp.json', '/p/opencode.json'])).toEqual(['/p']);
    expect(t.plan(['/p/.mcp.json', '/p/opencode.json'])).toEqual([]);
  });
});

// The watcher's pure part: snapshot of a server, diff of two snapshots, and the mcp.change event.
import { describe, expect, it } from 'vitest';
import type { McpServerEntry } from '../../../collectors/mcp/types.js';
import { bodyOf, changeEvent, diffServers, launchOf, snapshotOf, type SnapshotServer } from '../../../collectors/mcp/watch-diff.js';

const FILE = '/home/dev/.cursor/mcp.json';

function entry(name: string, over: Partial<McpServerEntry> = {}): McpServerEntry {
  return {
    id: `cursor:user:${FILE}:${name}`, name, transport: 'stdio', command: 'npx', args: ['-y', `@acme/${name}@1.0.0`],
    provenance: { agent: 'cursor', scope: 'user', file: FILE, format: 'json', pointer: `mcpServers.${name}` },
    findings: [], status: 'no-policy', ...over,
  };
}

const snap = (name: string, fp: string, over: Partial<McpServerEntry> = {}): SnapshotServer => snapshotOf(entry(name, over), fp);

describe('diffServers', () => {
  it('reports added, removed and changed (by fingerprint) servers, sorted by id; equal ones are not news', () => {
    const before = [snap('a', 'fa'), snap('b', 'fb'), snap('c', 'fc')];
    const after = [snap('c', 'fc2'), snap('d', 'fd'), snap('a', 'fa')];
    const d = diffServers(before, after);
    expect(d.map((c) => [c.change, (c.after ?? c.before)!.name])).toEqual([['removed', 'b'], ['changed', 'c'], ['added', 'd']]);
    expect(d[1]!.before!.fingerprint).toBe('fc');
    expect(d[1]!.after!.fingerprint).toBe('fc2');
    expect(diffServers(before, [...before].reverse())).toEqual([]);
  });

  it('an empty file before or after: everything added, or everything removed', () => {
    expect(diffServers([], [snap('a', 'x')]).map((c) => c.change)).toEqual(['added']);
    expect(diffServers([snap('a', 'x'), snap('b', 'y')], []).map((c) => c.change)).toEqual(['removed', 'removed']);
  });
});

describe('what the snapshot keeps', () => {
  it('the launch line of a stdio server and the URL of a remote one, with secrets masked', () => {
    expect(launchOf(entry('x', { args: ['-y', 'srv', '--token=ghp_abcdefghijklmnopqrstuvwxyz0123456789'] }))).toBe('npx -y srv --token=[REDACTED]');
    expect(launchOf({ transport: 'http', url: 'https://user:hunter22pass@mcp.example/x' })).toBe('https://user:[REDACTED]@mcp.example/x');
    expect(launchOf(entry('x', { args: ['a'.repeat(400)] }))).toHaveLength(300);
  });

  it('only the names of env vars and headers, never their values', () => {
    const b = bodyOf(entry('x', { env: { Z_KEY: 'plain-secret-value', A: '1' }, headers: { Authorization: 'Bearer abcdefghijklmnopqrstuvwx' } }));
    expect(b).toEqual({ transport: 'stdio', launch: 'npx -y @acme/x@1.0.0', envKeys: ['A', 'Z_KEY'], headerKeys: ['Authorization'] });
    expect(JSON.stringify(b)).not.toContain('plain-secret-value');
  });
});

describe('changeEvent', () => {
  it('an added server: source mcp, the file as path, the owner agent and launch in detail, no actor yet', () => {
    const [c] = diffServers([], [snap('github', 'f1')]);
    const e = changeEvent(c!, 'id-1', '2026-01-01T00:00:00.000Z');
    expect(e).toMatchObject({ id: 'id-1', source: 'mcp', kind: 'mcp.change', agent: { kind: 'unknown' }, path: FILE });
    expect(e.sessionId).toBeUndefined();
    expect(e.detail).toMatchObject({ change: 'added', server: 'github', configAgent: 'cursor', scope: 'user', transport: 'stdio', launch: 'npx -y @acme/github@1.0.0' });
    expect(e.detail!.previousLaunch).toBeUndefined();
  });

  it('changed carries the old and the new launch; removed only the old one', () => {
    const old = snap('db', 'f1');
    const [changed] = diffServers([old], [snap('db', 'f2', { command: 'uvx', args: ['evil-db'] })]);
    expect(changeEvent(changed!, 'i', 't').detail).toMatchObject({ change: 'changed', launch: 'uvx evil-db', previousLaunch: 'npx -y @acme/db@1.0.0' });
    const [removed] = diffServers([old], []);
    const d = changeEvent(removed!, 'i', 't').detail!;
    expect(d).toMatchObject({ change: 'removed', server: 'db', previousLaunch: 'npx -y @acme/db@1.0.0' });
    expect(d.launch).toBeUndefined();
  });
});

// The MCP config watcher and a session's new workspace, on real files and a real chokidar watcher: the
// workspace's configs are read after the hook that named it is answered (once for a burst of new ones),
// and watched from then on. Started standalone with an in-memory sink and snapshot store.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Event } from '../../core/event.js';
import type { Collector, CollectorContext, WorkspaceOwner } from '../../collectors/collector.js';
import { McpConfigSchema } from '../../collectors/mcp/config.js';
import { createMcpConfigCollector, type McpSnapshotPersistence } from '../../collectors/mcp/mcp-config-collector.js';
import { discoverySource } from '../../collectors/mcp/watch-source.js';

const servers = (s: Record<string, { command: string }>) => JSON.stringify({ mcpServers: s });

let home: string;
let collector: Collector | undefined;
afterEach(async () => {
  await collector?.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('a session\'s new workspace and the MCP config watcher', () => {
  it('reads new workspaces after the announcing hook\'s turn, once for three, and reports a later change in one', async () => {
    home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aw-mcpws-')));
    const source = discoverySource();
    let reads = 0;
    const counted = { ...source, candidates: (h: string, projects: readonly string[]) => { reads++; return source.candidates(h, projects); } };
    const store: McpSnapshotPersistence = { load: () => [], baselineTaken: () => true, markBaseline: () => {}, replaceFile: () => {} };
    const workspaceListeners: ((cwd: string, owner?: WorkspaceOwner) => void)[] = [];
    let n = 0;
    const ctx: CollectorContext = {
      log: pino({ level: 'silent' }), home, selfPid: -1, selfPaths: [],
      onHookActivity: () => {}, onWorkspace: (l) => { workspaceListeners.push(l); }, onSessionEnd: () => {},
      newId: () => `mw-${++n}`, now: () => new Date().toISOString(),
    };
    const events: Event[] = [];
    collector = createMcpConfigCollector(McpConfigSchema.parse({}), store, counted);
    await collector.start({ emit: (e) => { events.push(e); } }, ctx);

    const projects = ['one', 'two', 'three'].map((name) => {
      const dir = path.join(home, 'src', name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, '.mcp.json'), servers({ [`${name}-db`]: { command: `/opt/${name}` } }));
      return dir;
    });
    const atStart = reads;
    // Three sessions' first hooks in one turn (a burst of new sessions): nothing is read while they are judged.
    for (const [i, dir] of projects.entries()) for (const l of workspaceListeners) l(dir, { sessionId: `s${i}`, confirmed: true });
    expect(reads).toBe(atStart);
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toBe(atStart + 1);

    // Their configs are watched now: a server added to one is reported.
    const file = path.join(projects[1]!, '.mcp.json');
    const deadline = Date.now() + 8000;
    while (!events.some((e) => e.kind === 'mcp.change' && e.path === file) && Date.now() < deadline) {
      fs.writeFileSync(file, servers({ 'two-db': { command: '/opt/two' }, [`added-${Date.now()}`]: { command: '/opt/added' } }));
      await new Promise((r) => setTimeout(r, 300));
    }
    const change = events.find((e) => e.kind === 'mcp.change' && e.path === file);
    expect(change).toMatchObject({ source: 'mcp', kind: 'mcp.change', path: file });
    expect(collector.health().detail).toContain('3 projects');
  });
});

// The file watcher on real files: a temp HOME with a ~/.bashrc, a workspace with node_modules, and a
// budget small enough to refuse a second workspace. Collector started standalone with an in-memory sink.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Event } from '../../core/event.js';
import type { CollectorContext, WorkspaceOwner } from '../../collectors/collector.js';
import { FileWatchConfigSchema } from '../../collectors/file/config.js';
import { countProcessInotifyWatches, createFileWatchCollector, type FileWatchCollector } from '../../collectors/file/file-watch-collector.js';

function makeCtx(home: string, selfPaths: string[] = []) {
  const workspaceListeners: ((cwd: string, owner?: WorkspaceOwner) => void)[] = [];
  const endListeners: ((sessionId: string) => void)[] = [];
  const hookListeners: ((e: Event) => void)[] = [];
  let n = 0;
  const ctx: CollectorContext = {
    log: pino({ level: 'silent' }), home, selfPid: -1, selfPaths,
    onHookActivity: (l) => { hookListeners.push(l); }, onWorkspace: (l) => { workspaceListeners.push(l); },
    onSessionEnd: (l) => { endListeners.push(l); },
    newId: () => `fw-${++n}`, now: () => new Date().toISOString(),
  };
  return {
    ctx,
    workspace: (cwd: string, owner?: WorkspaceOwner) => workspaceListeners.forEach((l) => l(cwd, owner)),
    sessionEnd: (sid: string) => endListeners.forEach((l) => l(sid)),
    toolCall: (sid: string) => hookListeners.forEach((l) => l({ id: `h-${++n}`, ts: new Date().toISOString(), source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, sessionId: sid })),
  };
}

/** Writes (again and again: the watch attaches asynchronously) until an event for `path` arrives. */
async function writeUntilSeen(events: Event[], path: string, kind: Event['kind'] = 'file.write', timeoutMs = 8000): Promise<Event> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; Date.now() < deadline; i++) {
    writeFileSync(path, `line ${i}\n`, { flag: 'a' });
    await new Promise((r) => setTimeout(r, 150));
    const hit = events.find((e) => e.path === path && e.kind === kind);
    if (hit) return hit;
  }
  throw new Error(`no ${kind} for ${path}; saw ${events.map((e) => `${e.kind} ${e.path}`).join(', ')}`);
}

describe('file watcher (chokidar, real files)', () => {
  let home = '';
  let collector: FileWatchCollector | undefined;
  afterEach(async () => {
    await collector?.stop();
    collector = undefined;
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('sees ~/.bashrc and a workspace file, deletes too, and never node_modules, .git/objects or self paths', async () => {
    home = mkdtempSync(join(tmpdir(), 'aw-fw-'));
    writeFileSync(join(home, '.bashrc'), '# rc\n');
    const ws = join(home, 'proj');
    for (const d of ['src', 'node_modules/pkg', '.git/objects/ab', '.git/hooks', 'dist']) mkdirSync(join(ws, d), { recursive: true });
    symlinkSync('/etc/hostname', join(ws, 'old-link')); // existed before: chokidar would report it as new
    const selfDir = join(home, 'state');
    mkdirSync(selfDir);
    const { ctx, workspace } = makeCtx(home, [selfDir]);
    const events: Event[] = [];
    collector = createFileWatchCollector(FileWatchConfigSchema.parse({ extraDirs: [selfDir] }));
    await collector.start({ emit: (e) => events.push(e) }, ctx);

    const rc = await writeUntilSeen(events, join(home, '.bashrc'));
    expect(rc).toMatchObject({ source: 'file', kind: 'file.write', detail: { class: 'persistence', catalogId: 'shell-rc' } });

    workspace(ws);
    const src = await writeUntilSeen(events, join(ws, 'src', 'index.ts'));
    expect(src.detail).toMatchObject({ workspace: ws });
    const hook = await writeUntilSeen(events, join(ws, '.git', 'hooks', 'pre-commit'));
    expect(hook.path).toBe(join(ws, '.git', 'hooks', 'pre-commit'));

    // A missing catalog directory that appears later is picked up (~/.ssh created after start).
    mkdirSync(join(home, '.ssh'));
    await writeUntilSeen(events, join(home, '.ssh', 'authorized_keys'));

    symlinkSync('/etc/hostname', join(ws, 'src', 'new-link'));
    const noisy = [join(ws, 'node_modules', 'pkg', 'index.js'), join(ws, '.git', 'objects', 'ab', 'cd'), join(ws, 'dist', 'out.js'), join(selfDir, 'agentwatch.db')];
    for (const p of noisy) writeFileSync(p, 'x');
    unlinkSync(join(ws, 'src', 'index.ts'));
    await writeUntilSeen(events, join(ws, 'src', 'other.ts')); // by now the noisy writes had their chance
    await new Promise((r) => setTimeout(r, 300));
    expect(events.find((e) => e.kind === 'file.delete' && e.path === join(ws, 'src', 'index.ts'))).toBeDefined();
    for (const p of noisy) expect(events.filter((e) => e.path === p), p).toEqual([]);
    expect(events.filter((e) => e.path === join(ws, 'old-link'))).toEqual([]);
    expect(events.find((e) => e.path === join(ws, 'src', 'new-link'))).toMatchObject({ kind: 'file.write', detail: { change: 'add' } });
    expect(events.every((e) => e.source === 'file' && e.path?.startsWith('/'))).toBe(true);

    const h = collector.health();
    expect(h).toMatchObject({ ok: true });
    expect(h.tier).toMatch(/^inotify \(\d+\/4096 watches\)$/);
    expect(h.detail).toMatch(/cannot tell reads/);
  });

  it('refuses a workspace that would pass the inotify budget and says degraded with the numbers', async () => {
    home = mkdtempSync(join(tmpdir(), 'aw-fw-'));
    const small = join(home, 'small');
    const big = join(home, 'big');
    mkdirSync(small);
    writeFileSync(join(small, 'a.txt'), 'a');
    for (let i = 0; i < 40; i++) { mkdirSync(join(big, `d${i}`), { recursive: true }); writeFileSync(join(big, `d${i}`, 'f'), 'x'); }
    const { ctx, workspace } = makeCtx(home);
    const events: Event[] = [];
    collector = createFileWatchCollector(FileWatchConfigSchema.parse({ maxWatches: 40 }));
    await collector.start({ emit: (e) => events.push(e) }, ctx);
    workspace(small);
    workspace(big);
    expect(collector.addWorkspace(big)).toBe(false);
    await writeUntilSeen(events, join(small, 'a.txt'));
    writeFileSync(join(big, 'd0', 'f'), 'changed');
    await new Promise((r) => setTimeout(r, 500));
    expect(events.filter((e) => e.path?.startsWith(big))).toEqual([]);
    const h = collector.health();
    expect(h.tier).toMatch(/^inotify \(\d+\/40 watches, degraded\)$/);
    expect(h.detail).toContain(`degraded: over the budget of 40 inotify watches`);
    expect(h.detail).toContain(big);
    expect(h.lastError).toMatch(/^degraded/);
  });

  it('forged sessions with many distinct cwds cannot starve a real workspace; session.end releases a workspace\'s watches', async () => {
    home = mkdtempSync(join(tmpdir(), 'aw-fw-'));
    const tree = (name: string, files: number) => {
      const dir = join(home, name);
      mkdirSync(dir);
      for (let i = 0; i < files; i++) writeFileSync(join(dir, `f${i}.txt`), 'x');
      return dir;
    };
    const forged = Array.from({ length: 60 }, (_, i) => tree(`forged-${i}`, 5)); // 6 watches each
    const realWs = tree('real', 3);
    const { ctx, workspace, sessionEnd, toolCall } = makeCtx(home);
    const events: Event[] = [];
    collector = createFileWatchCollector(FileWatchConfigSchema.parse({ maxWatches: 200 }));
    await collector.start({ emit: (e) => events.push(e) }, ctx);

    const usedBy = (h: { tier?: string }) => Number(/\((\d+)\//.exec(h.tier ?? '')?.[1]);
    const catalog = usedBy(collector.health());
    // Any local process can post a hook naming a new session and cwd: together they get at most half the budget.
    forged.forEach((dir, i) => workspace(dir, { sessionId: `forged-${i}`, confirmed: false }));
    workspace(home, { sessionId: 'forged-home', confirmed: false }); // the home itself is never watched recursively
    workspace('/', { sessionId: 'forged-root', confirmed: false });
    const afterFlood = collector.health() as { tier?: string; detail?: string; workspaces?: { refused: Record<string, number> } };
    expect(afterFlood.tier).toMatch(/^inotify \((\d+)\/200 watches\)$/); // not degraded: the cap did its job
    expect(usedBy(afterFlood) - catalog).toBeGreaterThan(50);
    expect(usedBy(afterFlood) - catalog).toBeLessThanOrEqual(100); // half the budget
    expect(afterFlood.workspaces!.refused).toMatchObject({ 'too-broad': 2 });
    expect(afterFlood.workspaces!.refused['unconfirmed-budget']).toBeGreaterThan(40);
    expect(afterFlood.detail).toMatch(/workspaces refused: 2 too-broad, \d+ unconfirmed-budget/);

    // The session of a real agent process still gets its workspace watched.
    workspace(realWs, { sessionId: 'real', confirmed: true });
    await writeUntilSeen(events, join(realWs, 'f0.txt'));

    // A forged session ends: its watches go back (to the kernel too) and its files are no longer reported…
    await writeUntilSeen(events, join(forged[0]!, 'f0.txt'));
    const before = countProcessInotifyWatches();
    sessionEnd('forged-0');
    expect(collector.health().detail).toContain('1 workspace(s) released (session ended or idle)');
    if (before !== undefined) {
      for (let i = 0; i < 50 && countProcessInotifyWatches()! >= before; i++) await new Promise((r) => setTimeout(r, 100));
      expect(countProcessInotifyWatches()).toBeLessThanOrEqual(before - 6);
    }
    const seen = events.length;
    writeFileSync(join(forged[0]!, 'f1.txt'), 'after the end');
    await writeUntilSeen(events, join(realWs, 'f1.txt'));
    expect(events.slice(seen).filter((e) => e.path?.startsWith(forged[0]!))).toEqual([]);

    // …and a session refused for room is watched on its next tool call, now that there is room.
    const waiting = forged.at(-1)!;
    toolCall('forged-59');
    await writeUntilSeen(events, join(waiting, 'f0.txt'));
  });
});

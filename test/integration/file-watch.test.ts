// The file watcher on real files: a temp HOME with a ~/.bashrc, a workspace with node_modules, and a
// budget small enough to refuse a second workspace. Collector started standalone with an in-memory sink.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Event } from '../../core/event.js';
import type { CollectorContext } from '../../collectors/collector.js';
import { FileWatchConfigSchema } from '../../collectors/file/config.js';
import { createFileWatchCollector, type FileWatchCollector } from '../../collectors/file/file-watch-collector.js';

function makeCtx(home: string, selfPaths: string[] = []) {
  const workspaceListeners: ((cwd: string) => void)[] = [];
  let n = 0;
  const ctx: CollectorContext = {
    log: pino({ level: 'silent' }), home, selfPid: -1, selfPaths,
    onHookActivity: () => {}, onWorkspace: (l) => { workspaceListeners.push(l); },
    newId: () => `fw-${++n}`, now: () => new Date().toISOString(),
  };
  return { ctx, workspace: (cwd: string) => workspaceListeners.forEach((l) => l(cwd)) };
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
});

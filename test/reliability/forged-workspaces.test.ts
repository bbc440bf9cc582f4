// Forged cwds through the real daemon: hook posts from any local process, each a new session naming its own
// directory, get at most the unconfirmed sessions' share of the inotify budget; `/` and the home are never
// watched recursively; a SessionEnd hook releases its session's workspace, and the room goes to the next.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postHook, rmHome, startDaemon, waitForEvents, type TestDaemon } from '../helpers/daemon.js';

interface FileWatchHealth { status: string; tier: string; detail: string; workspaces: { refused: Record<string, number>; released: number } }

describe('forged workspaces (real daemon)', () => {
  let d: TestDaemon;
  beforeAll(async () => { d = await startDaemon({ config: { collectors: { files: { maxWatches: 300 } } } }); });
  afterAll(async () => { await d.stop(); rmHome(d.home); });

  const fileWatch = async () => ((await (await fetch(d.url('/v1/health'))).json()) as { collectors: Record<string, FileWatchHealth> }).collectors['file-watch']!;
  const used = (h: FileWatchHealth) => Number(/\((\d+)\//.exec(h.tier)?.[1]);
  const hook = (sid: string, cwd: string, event = 'UserPromptSubmit') =>
    postHook(d, { session_id: sid, transcript_path: '/tmp/t.jsonl', cwd, hook_event_name: event, prompt: 'hi', reason: 'exit' });
  const tree = (name: string, files: number) => {
    const dir = path.join(d.home, name);
    fs.mkdirSync(dir);
    for (let i = 0; i < files; i++) fs.writeFileSync(path.join(dir, `f${i}.txt`), 'x');
    return dir;
  };

  it('a flood of sessions with distinct cwds takes at most half the watches; SessionEnd gives them back', async () => {
    const catalog = used(await fileWatch());
    const forged = Array.from({ length: 60 }, (_, i) => tree(`forged-${i}`, 5)); // 6 watches each
    for (const [i, dir] of forged.entries()) expect((await hook(`forged-${i}`, dir)).status).toBe(200);
    expect((await hook('forged-home', d.home)).status).toBe(200);
    expect((await hook('forged-root', '/')).status).toBe(200);
    const flooded = await fileWatch();
    expect(flooded.status).toBe('ok'); // the cap doing its job is not a fault
    expect(used(flooded) - catalog).toBeGreaterThan(100);
    expect(used(flooded) - catalog).toBeLessThanOrEqual(150);
    expect(flooded.workspaces.refused).toMatchObject({ 'too-broad': 2 });
    expect(flooded.workspaces.refused['unconfirmed-budget']).toBeGreaterThan(30);
    // The MCP config watcher takes the same forged cwds: at most MAX_UNCONFIRMED_PROJECTS of them get watched.
    const mcp = ((await (await fetch(d.url('/v1/health'))).json()) as { collectors: Record<string, FileWatchHealth> }).collectors['mcp-config']!;
    expect(mcp.detail).toMatch(/\b(29|30) unconfirmed projects not watched \(over 32\)/); // 62 cwds; `/` and the home among them

    // A new hook-only session finds no room yet; three forged sessions end, and it gets theirs on its next call.
    const real = tree('real', 3);
    await hook('real', real);
    for (const i of [0, 1, 2]) expect((await hook(`forged-${i}`, forged[i]!, 'SessionEnd')).status).toBe(200);
    const ended = await fileWatch();
    expect(ended.workspaces.released).toBe(3);
    expect(ended.detail).toContain('3 workspace(s) released (session ended or idle)');
    expect(used(ended)).toBe(used(flooded) - 18);
    await postHook(d, { session_id: 'real', transcript_path: '/tmp/t.jsonl', cwd: real, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, tool_use_id: 't1' });
    const file = path.join(real, 'f0.txt');
    const evs = await waitForEvents(d, 'real', (es) => {
      fs.appendFileSync(file, 'more\n');
      return es.some((e) => e.kind === 'file.write' && e.path === file);
    });
    expect(evs.find((e) => e.kind === 'file.write' && e.path === file)).toMatchObject({ source: 'file', sessionId: 'real' });
  });
});

// The web console in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core)
// against the real daemon: the one-time link, a hook's alert arriving live with its reason and evidence, an
// acknowledgement clicked on the page reaching `agentwatch alerts --json`, the refusals (no cookie, a used
// link, a foreign Origin on the stream), and the timeline of a real Claude Code session.
// AGENTWATCH_SCREENSHOTS=docs/img saves the README's screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cli, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { runClaude } from '../helpers/claude-cli.js';
import type { Alert } from '../../core/event.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = fs.existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed`;
const shots = process.env.AGENTWATCH_SCREENSHOTS;

/** A WebSocket upgrade's outcome: the HTTP status it was refused with, or 101. */
function upgrade(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => { ws.close(); resolve(101); });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

describe.skipIf(skip)(`web console in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let d: TestDaemon;
  let browser: Browser;
  let ws: string;

  const link = (): string => {
    const r = cli(d, ['console', '--web', '--no-open', '--json']);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { url: string }).url;
  };
  /** A fresh browser context signed in through a new one-time link, on `hash`. */
  async function signedIn(hash = '#/now'): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(link());
    expect(new URL(page.url()).pathname).toBe('/');
    await page.evaluate((h) => { location.hash = h; }, hash);
    await page.waitForSelector('.conn.up');
    return page;
  }
  const shoot = async (page: Page, name: string) => { if (shots) await page.screenshot({ path: path.join(shots, name), fullPage: true }); };

  beforeAll(async () => {
    const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aw-web-home-')));
    ws = path.join(home, 'project');
    fs.mkdirSync(ws);
    d = await startDaemon({ home });
    const inst = cli(d, ['install', '--user', '--agents', 'claude-code', '--port', String(d.port)]);
    expect(inst.code, inst.stderr).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await d?.stop();
    if (d) rmHome(d.home);
  });

  it('a one-time link signs a browser in once; a used link, no cookie and a foreign Origin are refused', async () => {
    const url = link();
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${d.port}/console/login\\?code=`));
    expect(url).not.toContain(d.token);
    const first = await (await browser.newContext()).newPage();
    await first.goto(url);
    // Redirected to the console: the code is out of the address bar, and the page never saw the token.
    expect(first.url()).toBe(d.url('/'));
    await first.waitForSelector('nav >> text=Alerts');
    expect(await first.content()).not.toContain(d.token);
    const cookies = await first.context().cookies();
    expect(cookies.find((c) => c.name === 'agentwatch_console')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

    // The same link a second time, in another browser: refused, and no session.
    const second = await (await browser.newContext()).newPage();
    const again = await second.goto(url);
    expect(again?.status()).toBe(401);
    expect(await second.textContent('body')).toMatch(/used already or has expired/);
    expect((await second.goto(d.url('/')))?.status()).toBe(401);

    // No cookie: the API and the stream are refused.
    expect((await fetch(d.url('/v1/console/alerts'))).status).toBe(401);
    expect(await upgrade(`ws://127.0.0.1:${d.port}/v1/stream`, { origin: `http://127.0.0.1:${d.port}` })).toBe(401);
    // The cookie from a foreign page: refused on the stream and the API; from the daemon's own origin it opens.
    const cookie = `agentwatch_console=${cookies.find((c) => c.name === 'agentwatch_console')!.value}`;
    expect(await upgrade(`ws://127.0.0.1:${d.port}/v1/stream`, { cookie, origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(`ws://127.0.0.1:${d.port}/v1/stream`, { cookie })).toBe(403);
    expect(await upgrade(`ws://127.0.0.1:${d.port}/v1/stream`, { cookie, origin: `http://127.0.0.1:${d.port}` })).toBe(101);
    expect((await fetch(d.url('/v1/console/alerts'), { headers: { cookie, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(d.url('/v1/console/alerts'), { headers: { cookie } })).status).toBe(200);
    // The page cannot mint links for itself: only the token holder can.
    expect((await fetch(d.url('/v1/console/link'), { method: 'POST', headers: { cookie } })).status).toBe(401);
  });

  it('a view asked for while the page is still starting is the one shown', async () => {
    // The address changes after the page drew its first view and before it listens for changes (a link
    // followed at once, or a test setting it right after load on a busy machine): it must not be missed.
    const context = await browser.newContext();
    await context.addInitScript(() => {
      if (location.pathname !== '/') return;
      document.addEventListener('DOMContentLoaded', () => { location.hash = '#/mcp'; });
    });
    const page = await context.newPage();
    await page.goto(link());
    await page.waitForSelector('.conn.up');
    await page.locator('nav a.active', { hasText: 'MCP' }).waitFor({ timeout: 5000 });
    await context.close();
  });

  it("a hook's alert shows on the page within 1 s with its reason and evidence; Acknowledge is stored", async () => {
    const page = await signedIn('#/alerts');
    await page.waitForSelector('.alerts');
    const sid = `web-${Date.now()}`;
    const keyFile = `${d.home}/.ssh/id_rsa`;
    const r = await postHook(d, {
      session_id: sid, transcript_path: '/t.jsonl', cwd: ws, hook_event_name: 'PreToolUse',
      tool_name: 'Read', tool_input: { file_path: keyFile }, tool_use_id: 'tu-web-1',
    });
    expect(r.status).toBe(200);
    const card = page.locator('article.alert', { hasText: 'secret' }).first();
    await card.waitFor({ timeout: 1000 });
    const alert = (cli(d, ['alerts', '--json', '--session', sid]).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Alert))[0]!;
    expect(alert.rule).toBe('secret-read');
    await expect.poll(() => card.locator('.reason').textContent()).toBe(alert.reason);
    // The evidence: the Read of the key file itself.
    await card.locator('.evidence li.ev', { hasText: keyFile }).waitFor({ timeout: 5000 });
    await shoot(page, 'console-alerts.png');

    await card.locator('button.ack').click();
    // Gone from the open alerts at once; stored as acknowledged.
    await expect.poll(() => page.locator(`article[data-alert="${alert.id}"]`).count()).toBe(0);
    const after = cli(d, ['alerts', '--json', '--session', sid]).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Alert);
    expect(after.find((a) => a.id === alert.id)?.acknowledged).toBe(true);
    await page.selectOption('select[name=acked]', 'true');
    await page.locator(`article.acked[data-alert="${alert.id}"]`).waitFor();
  });

  it("a real Claude Code session's timeline shows its tool calls and the processes and files they caused", async () => {
    fs.writeFileSync(path.join(ws, 'math.js'), 'export const add = (a, b) => a - b;\n');
    fs.writeFileSync(path.join(ws, 'math.test.mjs'), "import { add } from './math.js';\nif (add(2, 3) !== 5) { console.error('FAIL'); process.exit(1); }\nconsole.log('tests pass');\n");
    const fake = await startFakeAnthropic([
      { tool: 'Bash', input: { command: 'ls -la', description: 'list files' } },
      { tool: 'Read', input: { file_path: path.join(ws, 'math.js') } }, // Claude Code edits only a file it has read
      { tool: 'Edit', input: { file_path: path.join(ws, 'math.js'), old_string: 'a - b', new_string: 'a + b' } },
      { tool: 'Bash', input: { command: 'node math.test.mjs', description: 'run the tests' } },
      { text: 'Fixed; tests pass.' },
    ]);
    const page = await signedIn('#/now');
    let sid: string;
    try {
      const run = await runClaude({ home: d.home, cwd: ws, baseUrl: fake.url, prompt: 'fix the add bug and run the tests' });
      expect(run.code, run.stderr).toBe(0);
      sid = run.result!.session_id;
    } finally {
      await fake.close();
    }
    // The Now view lists the session (its hooks arrived).
    await page.locator('table.sessions tr', { hasText: sid.slice(0, 13) }).waitFor({ timeout: 10_000 });
    await shoot(page, 'console-now.png');

    await page.evaluate((id) => { location.hash = `#/session/${id}`; }, sid);
    const rows = page.locator('table.events tr');
    await rows.filter({ hasText: 'node math.test.mjs' }).first().waitFor({ timeout: 10_000 });
    // Intent: the two Bash calls and the Edit (a hook file.write); effects: the test run's process and the edited file.
    await expect.poll(() => rows.filter({ has: page.locator('td:text-is("tool.call")') }).count()).toBeGreaterThanOrEqual(2);
    await rows.filter({ has: page.locator('td:text-is("hook")') }).filter({ hasText: 'Edit' }).first().waitFor();
    const exec = rows.filter({ has: page.locator('td:text-is("exec")') }).filter({ hasText: 'node math.test.mjs' }).first();
    await exec.waitFor({ timeout: 10_000 });
    expect(await exec.locator('td').nth(4).textContent()).toMatch(/^Bash /);
    await rows.filter({ has: page.locator('td:text-is("file.write")') }).filter({ hasText: 'math.js' }).first().waitFor({ timeout: 10_000 });
    await rows.filter({ has: page.locator('td:text-is("file.read")') }).filter({ hasText: 'math.js' }).first().waitFor({ timeout: 10_000 });
    // Drawn: marks on the lanes, and the process tree holds the test run.
    expect(await page.locator('svg.lanes rect').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('svg.lanes circle.lane-process').count()).toBeGreaterThanOrEqual(1);
    await page.locator('.tree li', { hasText: 'node math.test.mjs' }).first().waitFor();
    await shoot(page, 'console-timeline.png');
  });

  it('Baselines and MCP views show what the store holds; Re-pin clicked drops the pin', async () => {
    const db = new Database(path.join(d.stateDir, 'agentwatch.db'));
    db.pragma('busy_timeout = 5000');
    const tools = { echo: { hash: 'h', description: 'Echoes', inputSchema: {} } };
    db.prepare('INSERT INTO mcp_pins (server_key, pinned_ts, scanned_ts, digest, body) VALUES (?, ?, ?, ?, ?)')
      .run('stdio:node echo-server.js', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'abc', JSON.stringify({ v: 1, label: 'node echo-server.js', serverInfo: {}, tools }));
    const page = await signedIn('#/mcp');
    const row = page.locator('tr', { hasText: 'node echo-server.js' });
    await row.waitFor();
    await row.locator('button', { hasText: 'Re-pin' }).click();
    await page.locator('.note', { hasText: 're-pinned' }).waitFor();
    expect(db.prepare('SELECT count(*) AS n FROM mcp_pins').get()).toEqual({ n: 0 });
    db.close();
    await page.evaluate(() => { location.hash = '#/baselines'; });
    // No session has ended long enough ago to be learned in this test: the view says so rather than failing.
    await page.locator('.baselines, p.empty', { hasText: /baseline|×/ }).first().waitFor();
  });
});

// No rule regex may backtrack without end on a command line built to make it. Each built-in pattern is tried
// on lines made of its own words repeated with each separator (the shape that made `\bsh\b(\s+-[a-z]+)*[^|;]*\|…`
// take 13 minutes on a 32 KB line of `sh -sh -…`); patterns follow bounded runs since. And the daemon runs
// with V8's linear-time fallback, so a user's own pack with such a pattern does not stall every hook either.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR } from '../../detectors/rules/pack.js';
import { cli, makeHome, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { HANG_MS } from './fuzz/kit.js';
import { STORE_PATTERNS } from '../../detectors/command/secret-stores.js';

interface Pattern { file: string; source: string; nocase: boolean }

/** Every regex of the built-in packs, list references resolved. */
function builtinPatterns(): Pattern[] {
  const docs = fs.readdirSync(BUILTIN_RULES_DIR).filter((f) => f.endsWith('.yaml')).map((f) => [f, YAML.parse(fs.readFileSync(path.join(BUILTIN_RULES_DIR, f), 'utf8')) as unknown[]] as const);
  const lists = new Map<string, unknown[]>();
  for (const [, doc] of docs) for (const e of (doc ?? []) as { list?: string; items?: unknown[] }[]) if (e?.list !== undefined) lists.set(e.list, e.items ?? []);
  const out: Pattern[] = [];
  const walk = (node: unknown, file: string): void => {
    if (Array.isArray(node)) { node.forEach((n) => walk(n, file)); return; }
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k !== 'regex') { walk(v, file); continue; }
      const values = typeof v === 'string' ? [v] : Array.isArray(v) ? v : lists.get(String((v as { list?: string }).list)) ?? [];
      for (const source of values) out.push({ file, source: String(source), nocase: (node as { nocase?: boolean }).nocase === true });
    }
  };
  for (const [file, doc] of docs) walk(doc, file);
  return [...new Map(out.map((p) => [p.source, p])).values()];
}

const SEPARATORS = [' ', '', '"', "'", '|', ';', '\n', '/', '=', ':', '(', ' -', '.', ',', '\\'];
const SIZE = 8 * 1024;

/** The slowest of `patterns` on lines of SIZE bytes made of each pattern's own words and each separator. */
function slowestOn(patterns: readonly { re: RegExp; what: string }[], size = SIZE): { ms: number; what: string } {
  let slowest = { ms: 0, what: '' };
  for (const p of patterns) {
    // Its words (escapes like `\b`, `\s` are not words), and each two in a row (`get secret`: what starts a run between parts).
    const words = [...new Set(p.re.source.replace(/\\[a-zA-Z]/g, ' ').match(/[A-Za-z][A-Za-z0-9_-]+/g) ?? [])].slice(0, 25);
    for (const w of [...words, ...words.slice(1).map((x, i) => `${words[i]} ${x}`)]) for (const sep of SEPARATORS) {
      const unit = w + sep;
      const line = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
      const t0 = performance.now();
      p.re.test(line);
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, what: `${p.what}: /${p.re.source.slice(0, 80)}/ on ${JSON.stringify(unit)} × ${Math.ceil(size / unit.length)}` };
    }
  }
  return slowest;
}

const RUNS = ['\n', ' ', '\t', '\n ', ' \n', '\r\n', '\\n', '=', '-', '/', '.', ':', '"', "'", ',', 'a', '0', '$', '(', ' -', 'a ', 'a=', '- ', 'a.', '-a', '@', ';', '*'];

/** The slowest of `patterns` on 64 KB made of one unit repeated (a run of newlines, of spaces …). */
function slowestOnRuns(patterns: readonly { re: RegExp; what: string }[], units: readonly string[] = RUNS): { ms: number; what: string } {
  let slowest = { ms: 0, what: '' };
  for (const p of patterns) for (const unit of units) {
    const line = unit.repeat(Math.ceil((64 * 1024) / unit.length));
    p.re.lastIndex = 0;
    const t0 = performance.now();
    p.re.test(line);
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, what: `${p.what}: /${p.re.source.slice(0, 80)}/ on ${JSON.stringify(unit)} runs` };
  }
  return slowest;
}

/** Every regex literal in the TypeScript under `dirs` (tests aside), as the code builds it. */
function sourceRegexLiterals(dirs: readonly string[]): { re: RegExp; what: string }[] {
  const root = path.resolve(import.meta.dirname, '../..');
  const out: { re: RegExp; what: string }[] = [];
  const visitFile = (file: string) => {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText(sf);
        const end = text.lastIndexOf('/');
        out.push({ re: new RegExp(text.slice(1, end), text.slice(end + 1)), what: `${path.relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}` });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  };
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p); else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) visitFile(p);
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return out;
}

describe('rule regexes on lines built to make them backtrack', () => {
  it('every built-in pattern, on 8 KB of its own words: none near a hang', () => {
    const patterns = builtinPatterns();
    expect(patterns.length).toBeGreaterThan(300);
    const slowest = slowestOn(patterns.map((p) => ({ re: new RegExp(p.source, p.nocase ? 'i' : ''), what: p.file })));
    // Bounded patterns take a few ms here; the one that took 13 minutes at 32 KB took ~12 s at 8 KB.
    expect(slowest.ms, slowest.what).toBeLessThan(HANG_MS / 2);
  }, 120_000);

  // `(^|\n)\s*notify\s*=` tries every newline of a run and lets `\s*` take the rest of it each time: quadratic,
  // 4–5 s on 64 KB of newlines, and V8's linear-time fallback does not step in (each try backtracks little).
  // A file an agent writes (a config's content is what these read) can be that.
  it('every built-in pattern, on 64 KB runs of whitespace or of one character or two: none quadratic', () => {
    const slowest = slowestOnRuns(builtinPatterns().map((p) => ({ re: new RegExp(p.source, p.nocase ? 'i' : ''), what: p.file })));
    expect(slowest.ms, slowest.what).toBeLessThan(HANG_MS / 5);
  }, 120_000);

  // The code's own regexes read the same text: an MCP config's server entries were found with `^\s*-?\s*command:`
  // under `m`, cubic on a run of newlines (8 KB: 193 s; a Write of 64 KB to .mcp.json held the daemon 3.3 s
  // even with the fallback).
  it('every regex literal in the daemon, detectors and collectors, on 64 KB runs of one character or two: none quadratic', () => {
    const literals = sourceRegexLiterals(['core', 'collectors', 'daemon', 'detectors']);
    expect(literals.length).toBeGreaterThan(500);
    const slowest = slowestOnRuns(literals);
    expect(slowest.ms, slowest.what).toBeLessThan(HANG_MS / 5);
  }, 120_000);

  // These run on every simple command of every event, on its arguments up to the parser's 64 KB, so at that size:
  // a `.*` between two parts took 0.3–0.6 s there (once per start of the first part), a bounded run ~10 ms.
  it('the secret-store and token-printing commands (command/secret-stores.ts), on 64 KB of their words', () => {
    expect(STORE_PATTERNS.length).toBeGreaterThan(20);
    const slowest = slowestOn(STORE_PATTERNS.map((re) => ({ re, what: 'secret-stores.ts' })), 64 * 1024);
    console.log(`slowest ${slowest.ms.toFixed(1)} ms: ${slowest.what}`);
    expect(slowest.ms, slowest.what).toBeLessThan(HANG_MS / 5);
  }, 120_000);
});

describe("a user's pack with a pattern that backtracks without end", () => {
  let d: TestDaemon | undefined;
  afterAll(async () => { await d?.stop(); if (d) rmHome(d.home); });

  it('the hook is answered and the daemon keeps answering', async () => {
    const home = makeHome();
    const packDir = path.join(home, 'rules');
    fs.mkdirSync(packDir);
    fs.writeFileSync(path.join(packDir, 'mine.yaml'), [
      '- rule: my-shell-relay',
      '  desc: a shell piped into a relay',
      "  condition: {event.command: {regex: '\\bsh\\b(\\s+-[a-z]+)*[^|;]*\\|\\s*relay\\b'}}",
      '  severity: low',
      '  tactic: command-and-control',
      '  reason: "The agent relays a shell."',
      '  examples:',
      '    match: [{tool: Bash, command: "sh -i | relay"}]',
      '    nomatch: [{tool: Bash, command: "sh build.sh"}]',
      '',
    ].join('\n'));
    d = await startDaemon({ home, config: { rules: { dirs: [packDir] } } });
    // 16 KB of `sh -`: ~90 s for this pattern in V8's backtracking engine, well under a second after the fallback.
    const command = 'sh -'.repeat(4096);
    const t0 = performance.now();
    const r = await postHook(d, { session_id: 'redos', transcript_path: '/t/r.jsonl', cwd: home, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 'toolu_redos' });
    expect(r.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(30_000);
    const health = await fetch(d.url('/v1/health'));
    expect(health.status).toBe(200);
    // The pack was loaded and judges: its own example still matches.
    const m = await postHook(d, { session_id: 'redos2', transcript_path: '/t/r2.jsonl', cwd: home, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'sh -i | relay' }, tool_use_id: 'toolu_redos2' });
    expect(m.status).toBe(200);
    await new Promise((res) => setTimeout(res, 100));
    const alerts = cli(d, ['alerts', '--json', '--session', 'redos2']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { rule: string });
    expect(alerts.map((a) => a.rule)).toContain('my-shell-relay');
  }, 120_000);
});

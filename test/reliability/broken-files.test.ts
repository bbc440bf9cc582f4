// Broken files through the real daemon and CLI, the way a user meets them: a broken config (or agent
// catalog) is one line on stderr and exit code 2, never a stack trace; a broken rule pack dropped into a
// rules directory while the daemon runs leaves it running and reported in /v1/health; broken MCP configs
// in HOME are problems in the inventory (`agentwatch mcp`) and in the daemon's MCP collector. The files
// come from the same mutators as parser-fuzz.test.ts, picked among the ones the parser refuses.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliMain, makeHome, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { runCli } from '../helpers/run-cli.js';
import { loadConfig } from '../../daemon/config/load.js';
import { parseCatalog } from '../../core/agents/catalog.js';
import { loadRuleTexts } from '../../detectors/index.js';
import { parseConfigFile } from '../../collectors/mcp/discover.js';
import { SEED, int, pick, rngFor, scaled } from './fuzz/kit.js';
import { CONFIG_SEED, DEEP_YAML, MCP_SEEDS, RULE_ALIAS_BOMB, RULE_ITEMS, catalogSeed, mutatedFile } from './fuzz/file-seeds.js';
import { pool } from './fuzz/http.js';

/** The first `n` generated inputs that `broken` says are broken. */
function brokenOnes<T>(n: number, make: (i: number) => T, broken: (x: T) => boolean): T[] {
  const out: T[] = [];
  for (let i = 0; out.length < n && i < n * 50; i++) { const x = make(i); if (broken(x)) out.push(x); }
  return out;
}

const throws = (fn: () => unknown) => { try { fn(); return false; } catch { return true; } };
const oneLineNoStack = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
};

describe('broken config and catalog files: one line, exit 2', { timeout: 600_000 }, () => {
  const home = makeHome();
  afterAll(() => rmHome(home));
  const daemon = (config: string) => runCli({ name: 'daemon', bin: process.execPath, args: [cliMain, 'daemon', '--port', '0', '--config', config, '--state-dir', path.join(home, 'state')], cwd: home, env: { HOME: home }, timeoutMs: 30_000 });

  it(`${scaled(40)} broken config files`, async () => {
    const files = brokenOnes(scaled(40), (i) => {
      const r = rngFor('daemon-config', i);
      const file = path.join(home, `config-${i}.${pick(r, ['json', 'yaml'])}`);
      fs.writeFileSync(file, mutatedFile(CONFIG_SEED, file.endsWith('.json') ? 'json' : 'yaml', r));
      return file;
    }, (file) => throws(() => loadConfig(file)));
    const runs = await pool(files.map((file) => () => daemon(file).then((r) => ({ file, ...r }))), 4);
    process.stdout.write(`fuzz daemon --config: seed ${SEED}, ${runs.length} broken config files, exit codes ${JSON.stringify(runs.map((r) => r.code).filter((c, i, a) => a.indexOf(c) === i))}\n`);
    for (const r of runs) {
      expect(r.code, `${r.file}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^agentwatch: config /);
      oneLineNoStack(r.stderr);
    }
  });

  it(`${scaled(10)} broken agent catalog files named by collectors.agents.catalogFiles`, async () => {
    const files = brokenOnes(scaled(10), (i) => {
      const r = rngFor('daemon-catalog', i);
      const catalog = path.join(home, `agents-${i}.yaml`);
      fs.writeFileSync(catalog, mutatedFile(catalogSeed(r), 'yaml', r));
      return catalog;
    }, (file) => throws(() => parseCatalog(fs.readFileSync(file, 'utf8'))));
    const runs = await pool(files.map((catalog) => () => {
      const config = `${catalog}.config.json`;
      fs.writeFileSync(config, JSON.stringify({ collectors: { kernel: { enabled: false }, agents: { catalogFiles: [catalog] } } }));
      return daemon(config).then((r) => ({ catalog, ...r }));
    }), 4);
    for (const r of runs) {
      expect(r.code, `${r.catalog}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(r.catalog);
      oneLineNoStack(r.stderr);
    }
  });
});

interface Health { ok: boolean; status: string; rules: { ok: boolean; loaded: number; lastError?: string }; collectors: Record<string, { detail?: string }> }

describe('broken rule packs dropped into a rules directory while the daemon runs', { timeout: 600_000 }, () => {
  let d: TestDaemon;
  let rulesDir: string;
  const health = async () => (await (await fetch(d.url('/v1/health'))).json()) as Health;
  beforeAll(async () => {
    const home = makeHome();
    rulesDir = path.join(home, 'rules');
    fs.mkdirSync(rulesDir);
    d = await startDaemon({ home, config: { rules: { dirs: [rulesDir] } } });
  });
  afterAll(async () => { if (d) { await d.stop(); rmHome(d.home); } });

  it(`${scaled(20)} broken packs, one after another: each is reported, the running rules stay, the daemon keeps serving`, async () => {
    const before = await health();
    expect(before.rules.ok).toBe(true);
    // What the fuzzers found first: a YAML alias bomb and nesting thousands deep.
    const texts = [RULE_ALIAS_BOMB, DEEP_YAML, ...brokenOnes(scaled(20), (i) => {
      const r = rngFor('daemon-rules', i);
      return mutatedFile(Array.from({ length: 1 + int(r, 3) }, () => pick(r, RULE_ITEMS)), 'yaml', r);
    }, (text) => loadRuleTexts([{ file: 'x.yaml', text }]).report.errors.length > 0)];
    let previous: string | undefined;
    for (const [i, text] of texts.entries()) {
      const name = `pack-${String(i).padStart(3, '0')}.yaml`;
      if (previous) fs.rmSync(path.join(rulesDir, previous));
      fs.writeFileSync(path.join(rulesDir, name), text);
      previous = name;
      // The reload (a file watch, then 200 ms) names the new file; the built-in rules keep running.
      await expect.poll(async () => (await health()).rules.lastError ?? '', { timeout: 15_000, interval: 100 }).toContain(name);
      const h = await health();
      expect(h.ok).toBe(true);
      expect(h.rules.loaded).toBe(before.rules.loaded);
      expect(h.rules.lastError).not.toMatch(/[\r\n]/);
    }
    process.stdout.write(`fuzz rule packs in a running daemon: seed ${SEED}, ${texts.length} broken packs reported, daemon alive\n`);
    fs.rmSync(path.join(rulesDir, previous!));
    await expect.poll(async () => (await health()).rules.ok, { timeout: 15_000 }).toBe(true);
    expect(d.child.exitCode).toBeNull();
  });
});

describe('broken MCP configs in HOME', { timeout: 600_000 }, () => {
  const ROUNDS = scaled(5);
  // Every MCP config location of the seeds, plus many files in one globbed directory (Continue's
  // ~/.continue/mcpServers/*.yaml|json), so one `agentwatch mcp` reads dozens of broken files.
  const continueYaml = MCP_SEEDS.find((s) => s.candidate.agent === 'continue')!;
  const extra = Array.from({ length: 24 }, (_, k) => ({
    candidate: { ...continueYaml.candidate, file: `/h/.continue/mcpServers/s${k}.${k % 2 ? 'json' : 'yaml'}`, format: k % 2 ? 'json' as const : 'yaml' as const }, doc: continueYaml.doc,
  }));

  it(`${ROUNDS} homes of ${8 + 24} broken MCP configs each (every format): the inventory lists each as a one-line problem; the daemon reports them and runs`, async () => {
    const files = [...MCP_SEEDS.filter((s, i, all) => all.findIndex((x) => x.candidate.file === s.candidate.file) === i), ...extra];
    let problems = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const home = makeHome();
      try {
        const written: string[] = [];
        for (const [k, { candidate, doc }] of files.entries()) {
          const [text] = brokenOnes(1, (i) => mutatedFile(doc, candidate.format, rngFor(`home-mcp-${k}`, round * 1000 + i)), (t) => parseConfigFile(candidate, t).problem !== undefined);
          const file = path.join(home, candidate.file.replace(/^\/h\//, ''));
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, text!);
          written.push(file);
        }
        const r = cli({ home }, ['mcp', '--json']);
        expect(r.code, r.stderr).toBe(0);
        const listed = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; file?: string; error?: string }).filter((x) => x.type === 'problem');
        for (const file of written) expect(listed.map((p) => p.file), `round ${round} (FUZZ_SEED=${SEED})`).toContain(file);
        for (const p of listed) expect(p.error).not.toMatch(/[\r\n]/);
        problems += listed.length;
        if (round === 0) { // and the daemon on such a home: it starts, keeps running, and its MCP collector names them
          const d = await startDaemon({ home });
          try {
            const h = (await (await fetch(d.url('/v1/health'))).json()) as Health;
            expect(h.ok).toBe(true);
            expect(h.collectors['mcp-config']?.detail).toContain('.claude.json');
          } finally { await d.stop(); }
        }
      } finally { rmHome(home); }
    }
    process.stdout.write(`fuzz MCP configs in HOME: seed ${SEED}, ${ROUNDS} homes x ${files.length} broken files, ${problems} problems listed\n`);
  });
});

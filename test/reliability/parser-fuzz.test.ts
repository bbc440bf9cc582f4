// Every parser of a file a user (or IT, or another program) writes, fuzzed in process: the daemon config
// (daemon/config/load.ts), rule packs (detectors/rules/engine), each agent's MCP config format and dialect
// (collectors/mcp), and extra agent catalogs (core/agents/catalog.ts). Each input ends in a parsed value or
// the module's own one-line error — never another exception, never a hang. FUZZ_SEED replays, FUZZ_SCALE scales.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../daemon/config/load.js';
import { AgentwatchError } from '../../core/errors.js';
import { formatIssue, loadRuleTexts } from '../../detectors/index.js';
import { parseConfigFile, serverFingerprint } from '../../collectors/mcp/discover.js';
import { parseConfigText } from '../../collectors/mcp/parse.js';
import { parseCatalog } from '../../core/agents/catalog.js';
import { HANG_MS, SEED, Tally, int, pick, rngFor, scaled } from './fuzz/kit.js';
import { CONFIG_SEED, DEEP_YAML, MCP_SEEDS, RULE_ALIAS_BOMB, RULE_ITEMS, catalogSeed, mutatedFile } from './fuzz/file-seeds.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-parser-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `n` inputs of `target`; `one` returns whether the input parsed, throws on anything unexpected. */
function fuzz(target: string, n: number, one: (i: number) => boolean): Tally {
  const tally = new Tally(target);
  for (let i = 0; i < n; i++) {
    try { tally.time(i, () => one(i)); } catch (err) {
      throw new Error(`${target}: FUZZ_SEED=${SEED} index ${i}: ${(err as Error).stack}`);
    }
  }
  tally.print();
  expect(tally.slowestMs, `${target} #${tally.slowestIndex} took ${tally.slowestMs.toFixed(0)} ms (FUZZ_SEED=${SEED})`).toBeLessThan(HANG_MS);
  expect(tally.accepted, 'some inputs are still valid').toBeGreaterThan(0);
  expect(tally.rejected, 'most inputs are broken').toBeGreaterThan(n * 0.2);
  return tally;
}

/** An error a user sees: one line. */
const oneLine = (what: string, message: string) => {
  if (message.includes('\n') || message.trim() === '') throw new Error(`${what}: not one line: ${JSON.stringify(message)}`);
};

/** Only the module's own error (an AgentwatchError with `code`, one line) is an answer; anything else is rethrown. */
function refusedWith(err: unknown, code: string): false {
  if (!(err instanceof AgentwatchError) || err.code !== code) throw err;
  oneLine(code, err.message);
  return false;
}

// Seconds each on an idle machine; minutes when it is shared.
describe('file parsers, fuzzed in process', { timeout: 600_000 }, () => {
  it('daemon config files (JSON and YAML): a config or a one-line AW_ERR_CONFIG_INVALID', () => {
    fuzz('config files', scaled(3_000), (i) => {
      const r = rngFor('config', i);
      const format = pick(r, ['json', 'yaml'] as const);
      const file = path.join(dir, `config-${i % 8}.${format}`);
      fs.writeFileSync(file, mutatedFile(CONFIG_SEED, format, r));
      try { loadConfig(file); return true; } catch (err) { return refusedWith(err, 'AW_ERR_CONFIG_INVALID'); }
    });
  });

  it('rule packs: never throws; every error and warning is one line with file:line', () => {
    fuzz('rule files', scaled(2_000), (i) => {
      const r = rngFor('rules', i);
      const items = Array.from({ length: 1 + int(r, 3) }, () => pick(r, RULE_ITEMS));
      const file = `/rules/fuzz-${i}.yaml`;
      const { report } = loadRuleTexts([{ file, text: mutatedFile(items, 'yaml', r) }]);
      for (const issue of [...report.errors, ...report.warnings]) {
        oneLine('rule issue', formatIssue(issue));
        expect(issue.file).toBe(file);
      }
      return report.errors.length === 0;
    });
  });

  it('MCP configs of every dialect (JSON, JSONC, TOML, YAML): servers or a one-line problem, never a throw', () => {
    fuzz('MCP config files', scaled(10_000), (i) => {
      const r = rngFor('mcp', i);
      const { candidate, doc } = pick(r, MCP_SEEDS);
      const { servers, problem } = parseConfigFile(candidate, mutatedFile(doc, candidate.format, r), { home: '/h' });
      for (const s of servers) serverFingerprint(s); // what the watcher does with each
      if (problem) oneLine('MCP problem', problem.error);
      return problem === undefined;
    });
  });

  it('agent catalog files: a catalog or a one-line AW_ERR_CATALOG', () => {
    fuzz('agent catalog files', scaled(2_000), (i) => {
      const r = rngFor('catalog', i);
      try { parseCatalog(mutatedFile(catalogSeed(r), 'yaml', r), `/etc/agentwatch/agents-${i}.yaml`); return true; } catch (err) {
        return refusedWith(err, 'AW_ERR_CATALOG');
      }
    });
  });

  // The cases the fuzzers found, kept as plain regression tests.
  it('regressions: a JSONC MCP config nested 100,000 deep is a one-line problem, not a stack overflow', () => {
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    expect(parseConfigText(deep, 'jsonc')).toEqual({ ok: false, error: 'not valid JSON (with comments): nested too deep' });
    const { problem } = parseConfigFile(MCP_SEEDS[2]!.candidate, `{"mcpServers": {"a": ${deep}}}`);
    expect(problem?.error).toBe('/h/.gemini/settings.json: not valid JSON (with comments): nested too deep');
  });

  it('regressions: YAML nested too deep, or aliases that expand without end, are one error (not a stack overflow, not a hang)', () => {
    expect(loadRuleTexts([{ file: '/r/bomb.yaml', text: RULE_ALIAS_BOMB }]).report.errors[0]?.message).toBe('more than 50000 values in one file (aliases that expand without end?)');
    expect(loadRuleTexts([{ file: '/r/deep.yaml', text: DEEP_YAML }]).report.errors.length).toBeGreaterThan(0);
    expect(parseConfigText(`a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n${Array.from({ length: 8 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i ? `*b${i - 1}` : '*a').join(', ')}]`).join('\n')}`, 'yaml'))
      .toMatchObject({ ok: false, error: expect.stringMatching(/^not valid YAML: /) });
  });

  it('regressions: a rule id with a newline is reported on one line', () => {
    const { report } = loadRuleTexts([{ file: '/r/x.yaml', text: '- rule: "a\\r\\nforged-line"\n  condition: {x: 1}\n' }]);
    const lines = report.errors.map(formatIssue);
    expect(lines[0]).toBe('/r/x.yaml:1 [a\\x0d\\x0aforged-line] rule: must be kebab-case');
    for (const l of lines) expect(l).not.toMatch(/[\r\n]/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfigFile, loadConfig } from '../../daemon/config/load.js';
import { AgentwatchError } from '../../core/errors.js';
import { SEQUENCE_LIMITS } from '../../detectors/sequence/limits.js';

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-config-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

/** The error loadConfig throws for `file`, checked to be a one-line AgentwatchError naming the file. */
function failure(f: string): AgentwatchError {
  let caught: unknown;
  try {
    loadConfig(f);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AgentwatchError);
  const err = caught as AgentwatchError;
  expect(err.code).toBe('AW_ERR_CONFIG_INVALID');
  expect(err.message).not.toContain('\n');
  expect(err.message).toContain(f);
  return err;
}

describe('loadConfig', () => {
  it('gives the documented defaults when there is no file', () => {
    const c = loadConfig(undefined);
    expect(c).toMatchObject({
      bind: '127.0.0.1', port: 47474,
      policy: { mode: 'observe', decisionBudgetMs: 50 },
      detection: { egressAllow: [] },
      log: { level: 'info' },
    });
  });

  it('an empty YAML file means defaults', () => {
    expect(loadConfig(file('empty.yaml', '')).port).toBe(47474);
  });

  it('a YAML file overrides what it names and keeps the other defaults', () => {
    const c = loadConfig(file('config.yaml', 'port: 50000\npolicy:\n  mode: enforce\ndetection:\n  egressAllow:\n    - "*.corp.example"\n'));
    expect(c.port).toBe(50000);
    expect(c.policy).toMatchObject({ mode: 'enforce', decisionBudgetMs: 50, bySeverity: { critical: 'deny', medium: 'ask' }, rules: {} });
    expect(c.detection.egressAllow).toEqual(['*.corp.example']);
    expect(c.bind).toBe('127.0.0.1');
  });

  it('a JSON file overrides values too', () => {
    const c = loadConfig(file('config.json', JSON.stringify({ log: { level: 'debug' }, store: { batchSize: 10 } })));
    expect(c.log.level).toBe('debug');
    expect(c.store).toEqual({ batchSize: 10, flushMs: 50 });
  });

  it('detection.sequence: the sequence thresholds, today\'s values by default, each overridable alone', () => {
    expect(loadConfig(undefined).detection.sequence).toEqual(SEQUENCE_LIMITS);
    const c = loadConfig(file('seq.yaml', 'detection:\n  sequence:\n    deletions: 50\n'));
    expect(c.detection.sequence).toEqual({ ...SEQUENCE_LIMITS, deletions: 50 });
    expect(failure(file('seq-bad.yaml', 'detection:\n  sequence:\n    deletion: 50\n')).message).toMatch(/detection\.sequence\.deletion: unknown key/);
    expect(failure(file('seq-window.yaml', 'detection:\n  sequence:\n    dataCallsWindowMin: 120\n')).message).toContain('detection.sequence.dataCallsWindowMin');
  });

  it('command-line overrides win over the file', () => {
    const c = loadConfig(file('ov.yaml', 'port: 50000\npolicy: {mode: observe}\n'), { port: 1234, mode: 'enforce' });
    expect(c.port).toBe(1234);
    expect(c.policy.mode).toBe('enforce');
  });

  it('the result is frozen, nested objects included', () => {
    const c = loadConfig(undefined);
    expect(Object.isFrozen(c)).toBe(true);
    expect(() => { (c as { port: number }).port = 1; }).toThrow(TypeError);
    expect(() => { (c.policy as { mode: string }).mode = 'enforce'; }).toThrow(TypeError);
    expect(() => { (c.detection.egressAllow as string[]).push('evil.example'); }).toThrow(TypeError);
    expect(loadConfig(undefined).policy.mode).toBe('observe');
  });
});

describe('loadConfig: bad files give one line naming the file and the key', () => {
  it('an unknown key', () => {
    expect(failure(file('unknown.yaml', 'policy:\n  mood: enforce\n')).message).toMatch(/policy\.mood: unknown key/);
  });

  it('an unknown top-level key', () => {
    expect(failure(file('top.json', '{"prot": 1}')).message).toContain('prot');
  });

  it('a wrong type', () => {
    const err = failure(file('type.yaml', 'port: "eighty"\n'));
    expect(err.message).toMatch(/: port: /);
    expect(err.message).toMatch(/number/);
  });

  it('a number out of range', () => {
    expect(failure(file('range.json', '{"port": 70000}')).message).toContain('port');
  });

  it('a bad enum value', () => {
    const err = failure(file('enum.yaml', 'policy:\n  mode: block\n'));
    expect(err.message).toContain('policy.mode');
    expect(err.message).toMatch(/observe.*enforce|enforce.*observe/);
  });

  it('broken YAML', () => {
    expect(failure(file('broken.yaml', 'policy:\n  mode: [enforce\nport: 1\n')).message).toMatch(/not valid YAML/);
  });

  it('broken JSON', () => {
    expect(failure(file('broken.json', '{"port": 1,')).message).toMatch(/not valid JSON/);
  });

  it('a file that does not exist', () => {
    expect(failure(path.join(dir, 'missing.yaml')).message).toMatch(/cannot read/);
  });
});

describe('defaultConfigFile', () => {
  it('finds config.yaml under $XDG_CONFIG_HOME/agentwatch', () => {
    const xdg = path.join(dir, 'xdg');
    fs.mkdirSync(path.join(xdg, 'agentwatch'), { recursive: true });
    expect(defaultConfigFile({ XDG_CONFIG_HOME: xdg }, '/nonexistent')).toBeUndefined();
    fs.writeFileSync(path.join(xdg, 'agentwatch', 'config.yaml'), 'port: 1\n');
    expect(defaultConfigFile({ XDG_CONFIG_HOME: xdg }, '/nonexistent')).toBe(path.join(xdg, 'agentwatch', 'config.yaml'));
  });

  it('falls back to ~/.config/agentwatch', () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(path.join(home, '.config', 'agentwatch'), { recursive: true });
    fs.writeFileSync(path.join(home, '.config', 'agentwatch', 'config.json'), '{}');
    expect(defaultConfigFile({}, home)).toBe(path.join(home, '.config', 'agentwatch', 'config.json'));
  });
});

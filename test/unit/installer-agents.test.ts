// Codex (~/.codex/hooks.json) and Gemini CLI (~/.gemini/settings.json) hook installation: the pure
// add/has/remove edits, and install/uninstall on real files in a temporary home.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addCodexHooks, hasCodexHooks, removeCodexHooks, CODEX_EVENTS, CODEX_TIMEOUT_S } from '../../installer/codex-hooks.js';
import { addGeminiHooks, hasGeminiHooks, removeGeminiHooks, GEMINI_EVENTS, GEMINI_HOOK_NAME, GEMINI_TIMEOUT_MS } from '../../installer/gemini-hooks.js';
import { isOurCommand } from '../../installer/command-hooks.js';
import { agentConfigFile, installAgent, uninstallAgent, type SupportedAgent } from '../../installer/install.js';

type Json = Record<string, unknown>;
type Group = { matcher?: string; hooks: Json[] };
const hooksOf = (s: Json) => s.hooks as Record<string, Group[]>;
const cmd = (agent: string) => `'/usr/bin/node' '/opt/agentwatch/dist/daemon/main.js' hook ${agent} --state-dir '/home/u/.local/state/agentwatch'`;
const other = { type: 'command', command: '/home/dev/bin/guard.sh', timeout: 30 };

const agents = [
  { name: 'codex', add: addCodexHooks, has: hasCodexHooks, remove: removeCodexHooks, events: CODEX_EVENTS, command: cmd('codex'),
    samples: [
      ['empty', {}],
      ['other hooks on our events and others', { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [other] }], PreCompact: [{ hooks: [other] }], Stop: [{ hooks: [other] }] } }],
      ['other top-level keys', { version: 1, hooks: { SessionStart: [{ matcher: 'startup', hooks: [{ type: 'command', command: 'echo hi' }] }] } }],
    ] as [string, Json][] },
  { name: 'gemini-cli', add: addGeminiHooks, has: hasGeminiHooks, remove: removeGeminiHooks, events: GEMINI_EVENTS, command: cmd('gemini-cli'),
    samples: [
      ['empty', {}],
      ['settings with other keys and hooks', {
        security: { auth: { selectedType: 'gemini-api-key' } }, mcpServers: { gh: { command: 'npx', args: ['-y', 'x'] } },
        hooks: { BeforeTool: [{ matcher: 'write_file|replace', sequential: false, hooks: [{ name: 'sec', ...other }] }], PreCompress: [{ hooks: [other] }] },
        hooksConfig: { enabled: true },
      }],
    ] as [string, Json][] },
] as const;

describe.each(agents)('$name hooks (pure)', (a) => {
  it.each(a.samples)('adds one command hook per event, keeps everything else, and removes back to the original: %s', (_n, before) => {
    const snapshot = structuredClone(before);
    const after = a.add(before, a.command);
    expect(before).toEqual(snapshot); // not mutated
    for (const [k, v] of Object.entries(before)) if (k !== 'hooks') expect(after[k]).toEqual(v);
    for (const [event, groups] of Object.entries((before.hooks ?? {}) as Record<string, Group[]>)) {
      for (const g of groups) expect(hooksOf(after)[event]).toContainEqual(g);
    }
    for (const e of a.events) {
      const ours = hooksOf(after)[e]!.flatMap((g) => g.hooks).filter((h) => h.command === a.command);
      expect(ours, e).toHaveLength(1);
      expect(ours[0]!.type).toBe('command');
    }
    expect(a.has(before, a.command)).toBe(false);
    expect(a.has(after, a.command)).toBe(true);
    expect(JSON.stringify(a.add(after, a.command))).toBe(JSON.stringify(after)); // idempotent
    expect(a.remove(after)).toEqual(before);
  });

  it('replaces an older agentwatch hook (another state dir) instead of adding a second one', () => {
    const old = a.add({}, a.command.replace('/home/u/', '/home/old/'));
    expect(a.has(old, a.command)).toBe(false);
    const upgraded = a.add(old, a.command);
    expect(JSON.stringify(upgraded)).not.toContain('/home/old/');
    for (const e of a.events) expect(hooksOf(upgraded)[e]).toHaveLength(1);
  });

  it("leaves hooks that only look like ours, and other agents' forwarders", () => {
    const lookalike = { hooks: { Stop: [{ hooks: [{ type: 'command', command: '/usr/bin/hook codex-audit' }, { type: 'command', command: `agentwatch hook ${a.name}-x` }, { type: 'command', command: 'agentwatch hook claude-code' }] }] } };
    expect(a.remove(lookalike)).toEqual(lookalike);
    expect(isOurCommand({ type: 'command', command: `agentwatch hook ${a.name}` }, a.name)).toBe(true);
  });
});

describe('agent-specific shapes', () => {
  it('codex: tool events match every tool ("*"), timeout is in seconds, no name', () => {
    const h = hooksOf(addCodexHooks({}, cmd('codex')));
    expect(h.PreToolUse![0]).toEqual({ matcher: '*', hooks: [{ type: 'command', command: cmd('codex'), timeout: CODEX_TIMEOUT_S }] });
    expect(h.SessionStart![0]!.matcher).toBeUndefined();
    expect(CODEX_TIMEOUT_S).toBeLessThan(60);
  });

  it('gemini-cli: named hook, regex matcher on tool events only, timeout in milliseconds', () => {
    const h = hooksOf(addGeminiHooks({}, cmd('gemini-cli')));
    expect(h.BeforeTool![0]).toEqual({ matcher: '.*', hooks: [{ name: GEMINI_HOOK_NAME, type: 'command', command: cmd('gemini-cli'), timeout: GEMINI_TIMEOUT_MS }] });
    expect(h.AfterAgent![0]!.matcher).toBeUndefined();
    expect(GEMINI_TIMEOUT_MS).toBeGreaterThanOrEqual(1000);
  });
});

describe.each(['codex', 'gemini-cli'] as SupportedAgent[])('install / uninstall on disk: %s', (agent) => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });
  const mk = () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-inst-'));
    dirs.push(home);
    return { home, stateDir: path.join(home, 'state'), targets: { url: 'unused', command: cmd(agent), secret: 'unused' }, dryRun: false };
  };

  it('dry run writes nothing; install is idempotent; uninstall restores the exact bytes', () => {
    const o = mk();
    const file = agentConfigFile(agent, o.home);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const original = '{"theme":  "dark",\n "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "echo bye"}]}]}}';
    fs.writeFileSync(file, original);
    const dry = installAgent(agent, { ...o, dryRun: true });
    expect(dry.action).toBe('installed');
    expect(dry.diff).toContain(`hook ${agent}`);
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
    expect(installAgent(agent, o).action).toBe('installed');
    const installed = fs.readFileSync(file, 'utf8');
    expect(installAgent(agent, o).action).toBe('unchanged');
    expect(fs.readFileSync(file, 'utf8')).toBe(installed);
    expect(uninstallAgent(agent, o).action).toBe('restored');
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
  });

  it('creates a missing file and deletes it again; after a user edit, uninstall removes only our hooks', () => {
    const o = mk();
    const file = agentConfigFile(agent, o.home);
    installAgent(agent, o);
    uninstallAgent(agent, o);
    expect(fs.existsSync(file)).toBe(false);
    installAgent(agent, o);
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    s.mine = true;
    fs.writeFileSync(file, JSON.stringify(s));
    expect(uninstallAgent(agent, o).action).toBe('removed');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ mine: true });
    expect(uninstallAgent(agent, o).action).toBe('not-installed');
  });

  it('refuses a broken file with a one-line error and changes nothing', () => {
    const o = mk();
    const file = agentConfigFile(agent, o.home);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{ "hooks": ');
    expect(() => installAgent(agent, o)).toThrow(/is not valid JSON.*nothing was changed/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{ "hooks": ');
    expect(fs.existsSync(path.join(o.stateDir, 'installs'))).toBe(false);
  });
});

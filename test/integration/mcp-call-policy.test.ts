// The MCP allowlist enforced at call time, through the real daemon: the allowlist and the agent's MCP
// configs are files in the daemon's HOME; a Claude Code PreToolUse of an MCP tool is denied when the
// allowlist does not approve the server or the tool, with a reason naming the allowlist file, and a policy
// IT pushes while the daemon runs is in force from the next session on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, makeHome, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import type { Alert } from '../../core/event.js';

let d: TestDaemon;
let ws: string;
const policyFile = () => path.join(d.home, '.config', 'agentwatch', 'mcp-allowlist.yaml');
const pre = (sid: string, tool: string) => ({ session_id: sid, transcript_path: '/t.jsonl', cwd: ws, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: {}, tool_use_id: `tu-${Math.random()}` });
const decision = async (sid: string, tool: string) => ((await postHook(d, pre(sid, tool))).json as { hookSpecificOutput?: { permissionDecision: string; permissionDecisionReason: string } }).hookSpecificOutput;

beforeAll(async () => {
  const home = makeHome();
  ws = path.join(home, 'shop');
  fs.mkdirSync(ws, { recursive: true });
  fs.writeFileSync(path.join(ws, '.mcp.json'), JSON.stringify({ mcpServers: { db: { command: '/opt/mcp/shop-db' }, tracker: { command: 'npx', args: ['-y', 'random-tracker-mcp'] } } }));
  d = await startDaemon({ home, args: ['--mode', 'enforce'] });
});
afterAll(async () => { await d.stop(); rmHome(d.home); });

describe('MCP allowlist at call time (enforce)', () => {
  it('no allowlist yet: MCP calls are not judged; one pushed later applies from the next session', async () => {
    expect(await decision('mcp-s1', 'mcp__tracker__track')).toBeUndefined();
    fs.mkdirSync(path.dirname(policyFile()), { recursive: true });
    fs.writeFileSync(policyFile(), 'servers:\n  - command: /opt/mcp/shop-db\n    tools: [query, "list_*"]\n');
    const out = await decision('mcp-s2', 'mcp__tracker__track');
    expect(out?.permissionDecision).toBe('deny');
    expect(out?.permissionDecisionReason).toContain(policyFile());
    expect(out?.permissionDecisionReason).toContain('random-tracker-mcp');
  });

  it('the approved server: its listed tools pass, another of its tools is denied', async () => {
    expect(await decision('mcp-s3', 'mcp__db__list_orders')).toBeUndefined();
    const out = await decision('mcp-s3', 'mcp__db__delete_orders');
    expect(out?.permissionDecision).toBe('deny');
    expect(out?.permissionDecisionReason).toMatch(/only for the tools query, list_\*/);
    await new Promise((res) => setTimeout(res, 200));
    const alerts = cli(d, ['alerts', '--json', '--session', 'mcp-s3']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Alert);
    expect(alerts).toEqual([expect.objectContaining({ rule: 'mcp-unapproved-tool', tactic: 'execution', severity: 'high', blocked: true })]);
  });
});

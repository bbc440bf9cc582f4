// The scenario eval lets each real agent CLI run commands that would change the machine (crontab, systemctl,
// pkill -f agentwatch); host shims on PATH take those calls instead (test/helpers/host-shims.ts). This checks
// that the shims hold inside each agent's own shell: Codex's exec_command ran a login bash, whose
// /etc/profile set PATH anew, so the real systemctl ran and the real pkill killed every daemon on the machine.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EVAL_AGENTS } from '../scenarios/agents.js';
import { codexSkipReason } from '../helpers/codex-cli.js';
import { geminiSkipReason } from '../helpers/gemini-cli.js';

const skipOf: Record<string, () => string | undefined> = { codex: codexSkipReason, 'gemini-cli': geminiSkipReason };
const roots: string[] = [];
afterAll(() => { for (const r of roots) fs.rmSync(r, { recursive: true, force: true }); });

describe.each(EVAL_AGENTS.map((a) => ({ agent: a, skip: skipOf[a.kind]?.() })))('host shims under $agent.kind', ({ agent, skip }) => {
  it.skipIf(!!skip)(`a command the model runs finds the shims first on PATH, not the host's programs${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-e2e-shims-'));
    roots.push(root);
    const home = path.join(root, 'home');
    const ws = path.join(home, 'project');
    fs.mkdirSync(ws, { recursive: true });
    agent.configure(home);
    const command = 'crontab -l; systemctl --user stop agentwatch-shim-probe.service; echo "path=$PATH"';
    const r = await agent.run({ home, ws, steps: [{ tool: 'Bash', input: { command } }], final: 'Done.', prompt: 'check the host' });
    expect(r.code, r.stderr).toBe(0);
    const calls = fs.readFileSync(path.join(root, 'host-shims', 'calls.log'), 'utf8');
    expect(calls).toContain('crontab -l');
    expect(calls).toContain('systemctl --user stop agentwatch-shim-probe.service');
  }, 120_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { forTerminal, poisoningAlert, rugPullAlert } from '../../../collectors/mcp/scan/scan-alerts.js';
import { storeAlertSink } from '../../../daemon/cli/scan-alert-sinks.js';
import { comparePins, pinBody } from '../../../collectors/mcp/scan/pins.js';
import { skipReason } from '../../../collectors/mcp/scan/scan-inventory.js';
import type { McpServerEntry } from '../../../collectors/mcp/types.js';
import { openDatabase, type DB } from '../../../daemon/store/database.js';
import { queryAlerts } from '../../../daemon/store/event-store.js';

const entry = (over: Partial<McpServerEntry> = {}): McpServerEntry => ({
  id: 'x', name: 'weather', transport: 'stdio', command: 'node', args: ['s.js'], status: 'no-policy', findings: [],
  provenance: { agent: 'claude-code', scope: 'project', file: '/p/.mcp.json', format: 'json', pointer: 'mcpServers.weather' }, ...over,
});
const listing = (tools: Record<string, string>) => ({ serverInfo: { name: 's', version: '1' }, tools: Object.entries(tools).map(([name, description]) => ({ name, description, inputSchema: {} })) });

describe('scan alerts', () => {
  let dir: string;
  let db: DB;
  afterEach(() => { db?.close(); if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  it('raises a rug-pull alert naming the changed tools, and merges a repeat into it', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-scan-alerts-'));
    db = openDatabase(path.join(dir, 'agentwatch.db')).db;
    const diff = comparePins(pinBody('l', listing({ a: 'old text', gone: 'x' })), pinBody('l', listing({ a: 'new \u001b[2Jtext', fresh: 'y' })));
    const draft = rugPullAlert(entry(), { state: 'changed', key: 'mcp:k', digest: 'd2', pinnedTs: '2026-01-01T00:00:00.000Z', pinnedDigest: 'd1', diff })!;
    expect(draft.key).toBe('mcp:k:d2');
    expect(draft.alert).toMatchObject({ rule: 'mcp-rug-pull', severity: 'high', tactic: 'initial-access', agent: { kind: 'claude-code' } });
    expect(draft.alert.reason).toContain('changed: a; added: fresh; removed: gone');
    const alerts = storeAlertSink(db);
    const [saved] = await alerts.raise([forTerminal(draft)], '2026-01-02T00:00:00.000Z');
    // What the server wrote reaches `agentwatch alerts` without its terminal escape.
    expect(saved!.evidence).toContain('    + new \\x1b[2Jtext');
    expect(saved!.evidence.join('\n')).not.toContain('\u001b');
    await alerts.raise([forTerminal(draft)], '2026-01-03T00:00:00.000Z');
    const stored = queryAlerts(db, {}).map((s) => s.alert);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: saved!.id, count: 2, ts: '2026-01-02T00:00:00.000Z', lastTs: '2026-01-03T00:00:00.000Z' });
  });

  it('raises no rug-pull alert for a first pin or an unchanged server', () => {
    expect(rugPullAlert(entry(), { state: 'pinned', key: 'k', digest: 'd' })).toBeUndefined();
    expect(rugPullAlert(entry(), { state: 'unchanged', key: 'k', digest: 'd', pinnedTs: 't' })).toBeUndefined();
  });

  it('raises a poisoning alert only for high findings', () => {
    const medium = { id: 'MCP-POISON-SECRET-REQUEST', severity: 'medium' as const, where: 'tool a description', message: 'm', evidence: '"api key"' };
    const high = { id: 'MCP-POISON-SENSITIVE-PATH', severity: 'high' as const, where: 'tool b description', message: 'm', evidence: '"~/.ssh/id_rsa"' };
    expect(poisoningAlert(entry(), 'mcp:k', [medium])).toBeUndefined();
    const a = poisoningAlert(entry(), 'mcp:k', [medium, high])!;
    expect(a.alert).toMatchObject({ rule: 'mcp-tool-poisoning', severity: 'high', evidence: ['MCP-POISON-SENSITIVE-PATH tool b description: "~/.ssh/id_rsa"'] });
    expect(a.alert.reason).toContain('1 finding(s) (MCP-POISON-SENSITIVE-PATH) in tool b description');
  });
});

describe('which servers a scan starts', () => {
  it('skips unapproved stdio servers unless allowed, never remote ones, and disabled ones unless named', () => {
    const no = { allowUnapproved: false };
    expect(skipReason(entry({ status: 'unapproved' }), no)).toBe('not on the allowlist (use --allow-unapproved)');
    expect(skipReason(entry({ status: 'unapproved' }), { allowUnapproved: true })).toBeUndefined();
    expect(skipReason(entry({ status: 'unapproved', transport: 'http', url: 'https://x' }), no)).toBeUndefined();
    expect(skipReason(entry({ status: 'no-policy' }), no)).toBeUndefined();
    expect(skipReason(entry({ disabled: true }), no)).toMatch(/^disabled/);
    expect(skipReason(entry({ disabled: true }), { ...no, includeDisabled: true })).toBeUndefined();
  });
});

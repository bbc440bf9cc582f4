// The IT policy against a real daemon: it wins over the user's config and flags, status says what it locks
// and by which file, a broken policy keeps the last good one, and `hooks.restore` puts stripped hooks back.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, makeHome, openStream, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';
import type { Alert } from '../../core/event.js';

const homes: string[] = [];
afterAll(() => { for (const h of homes) rmHome(h); });

interface Health { policy: string; status: string; components: Record<string, { status: string; reason?: string }>; itPolicy: { file?: string; source?: string; locked?: Record<string, unknown>; reason?: string } }
const health = async (d: TestDaemon) => (await (await fetch(d.url('/v1/health'))).json()) as Health;

function policyHome(policy: string): { home: string; file: string } {
  const home = makeHome('aw-policy-');
  homes.push(home);
  const file = path.join(home, 'etc-agentwatch', 'policy.yaml');
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, policy);
  return { home, file };
}

describe('IT policy', () => {
  it('locks enforce over a user config and a --mode flag that say observe, and status shows the lock', async () => {
    const { home, file } = policyHome('policy:\n  mode: enforce\ndetection:\n  egressAllow: [corp.example.com]\n');
    const d = await startDaemon({ home, config: { policy: { mode: 'observe' } }, args: ['--mode', 'observe'], env: { AGENTWATCH_POLICY: file } });
    try {
      const h = await health(d);
      expect(h.policy).toBe('enforce');
      expect(h.itPolicy).toMatchObject({ file, source: 'file', locked: { 'policy.mode': 'enforce', 'detection.egressAllow': ['corp.example.com'] } });
      const status = cli(d, ['status']).stdout;
      expect(status).toContain('policy enforce');
      expect(status).toContain(`locked by ${file}: policy.mode="enforce", detection.egressAllow=["corp.example.com"]`);
      expect(h.components['it-policy']?.status).toBe('ok');
      // Deleting the policy ends its locks at the next start: that is tamper evidence too.
      const stream = await openStream(d, '?topics=alerts');
      fs.rmSync(file);
      const alert = (await stream.waitFor((m) => m.type === 'alert' && (m.alert as Alert).rule === 'agentwatch-tamper', 3000)).alert as Alert;
      stream.close();
      expect(alert).toMatchObject({ severity: 'medium', title: 'The agentwatch IT policy was deleted' });
    } finally { await d.stop(); }
  }, 60_000);

  it('keeps the last good policy when the file breaks, and says so in one line', async () => {
    const { home, file } = policyHome('policy:\n  mode: enforce\n');
    let d = await startDaemon({ home, env: { AGENTWATCH_POLICY: file } });
    await d.stop();
    fs.writeFileSync(file, 'policy:\n  mode: enforce\n  moed: deny\n'); // an unknown key: IT's typo
    d = await startDaemon({ home, env: { AGENTWATCH_POLICY: file } });
    try {
      const h = await health(d);
      expect(h.policy).toBe('enforce');
      expect(h.itPolicy.source).toBe('last-good');
      expect(h.components['it-policy']).toMatchObject({ status: 'degraded' });
      expect(h.components['it-policy']!.reason).toMatch(/^policy .*policy\.yaml: policy\.moed: unknown key; the last good policy stays in force$/);
      const line = d.output().split('\n').find((l) => l.startsWith('agentwatch: policy '));
      expect(line).toContain('policy.moed: unknown key');
    } finally { await d.stop(); }
  }, 60_000);

  it('with no good copy to fall back on, runs the user config and reports no policy in force', async () => {
    const { home, file } = policyHome('policy: [not, a, mapping\n');
    const d = await startDaemon({ home, config: { policy: { mode: 'observe' } }, env: { AGENTWATCH_POLICY: file } });
    try {
      const h = await health(d);
      expect(h.policy).toBe('observe');
      expect(h.components['it-policy']!.reason).toMatch(/not valid YAML.*no policy in force/);
      expect(h.status).toBe('degraded');
    } finally { await d.stop(); }
  }, 60_000);

  it('puts stripped hooks back when it locks hooks.restore on', async () => {
    const { home, file } = policyHome('hooks:\n  restore: true\n');
    const d = await startDaemon({ home, config: { hooks: { restore: false } }, env: { AGENTWATCH_POLICY: file } });
    try {
      const settings = path.join(home, '.claude', 'settings.json');
      expect(cli(d, ['install', '--user', '--agents', 'claude-code', '--port', String(d.port)]).code).toBe(0);
      const stream = await openStream(d, '?topics=alerts');
      await new Promise((r) => setTimeout(r, 500));
      fs.writeFileSync(settings, '{"model": "opus"}\n');
      const alert = (await stream.waitFor((m) => m.type === 'alert' && (m.alert as Alert).rule === 'agentwatch-tamper', 3000)).alert as Alert;
      stream.close();
      expect(alert.severity).toBe('medium');
      const back = await waitFor(() => {
        const s = JSON.parse(fs.readFileSync(settings, 'utf8')) as { model?: string; hooks?: Record<string, unknown> };
        return s.hooks ? s : undefined;
      }, 3000, 'the hooks put back');
      expect(back.model).toBe('opus');
      expect(JSON.stringify(back.hooks)).toContain(`http://127.0.0.1:${d.port}/v1/hooks/claude-code`);
      expect((fs.statSync(settings).mode & 0o777).toString(8)).toBe('600');
    } finally { await d.stop(); }
  }, 60_000);
});

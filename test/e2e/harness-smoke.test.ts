// Proves the e2e helpers drive the real Claude Code CLI end to end (no agentwatch daemon involved):
// scripted tool calls really execute, and a namespace host is reachable as a non-loopback destination.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { runClaude, transcriptPath } from '../helpers/claude-cli.js';
import { createTestHost, netnsSkipReason, startSink, type Sink, type TestHost } from '../helpers/netns.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const tempDirs: string[] = [];
// realpath: the CLI records the resolved cwd, so compare against that.
const tempDir = (prefix: string) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  tempDirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('e2e harness smoke', () => {
  it('runs scripted Bash and Read tool calls through the real claude CLI', async () => {
    const home = tempDir('aw-home-');
    const cwd = tempDir('aw-ws-');
    const fake = await startFakeAnthropic([
      { tool: 'Bash', input: { command: 'echo hello-harness > out.txt', description: 'write a marker file' } },
      { tool: 'Read', input: { file_path: join(cwd, 'out.txt') } },
      { text: 'finished' },
    ]);
    try {
      const run = await runClaude({ home, cwd, baseUrl: fake.url, prompt: 'write the marker file' });
      expect(run.code, run.stderr).toBe(0);
      expect(readFileSync(join(cwd, 'out.txt'), 'utf8')).toBe('hello-harness\n');

      expect(run.result?.session_id).toMatch(UUID);
      expect(run.result?.is_error).toBe(false);
      expect(run.result?.result).toBe('finished');

      const results = fake.toolResults();
      expect(results).toHaveLength(2);
      expect(results.every((r) => !r.isError)).toBe(true);
      expect(results[1]?.content).toContain('hello-harness');

      expect(existsSync(transcriptPath(home, cwd, run.result!.session_id))).toBe(true);
    } finally {
      await fake.close();
    }
  });

  const skip = netnsSkipReason();
  it.skipIf(skip)(`reaches a sink in a network namespace${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const home = tempDir('aw-home-');
    const cwd = tempDir('aw-ws-');
    let host: TestHost | undefined;
    let sink: Sink | undefined;
    let fake: FakeAnthropic | undefined;
    try {
      host = await createTestHost('smoke', 231);
      sink = await startSink(host, 8089);
      fake = await startFakeAnthropic([
        { tool: 'Bash', input: { command: `curl -s --data-binary hello-sink ${sink.url}/`, description: 'post to sink' } },
        { text: 'sent' },
      ]);
      const run = await runClaude({ home, cwd, baseUrl: fake.url, prompt: 'post to the sink' });
      expect(run.code, run.stderr).toBe(0);
      expect(sink.received()).toContain('hello-sink');
      expect(fake.toolResults()[0]?.content).toContain('ok');
    } finally {
      await fake?.close();
      await sink?.stop();
      await host?.destroy();
    }
  });
});

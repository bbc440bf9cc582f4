import { describe, expect, it } from 'vitest';
import { PollConfigSchema } from '../../../collectors/poll/config.js';

describe('PollConfigSchema', () => {
  it('defaults to a 100 ms process scan (1 s while no agent is at work) and a 250 ms socket scan, and rejects unknown keys', () => {
    expect(PollConfigSchema.parse({})).toEqual({
      process: { enabled: true, intervalMs: 100, idleIntervalMs: 1000, burstMs: 500, burstIntervalMs: 20, maxProcesses: 32_768 },
      network: { enabled: true, intervalMs: 250, idleIntervalMs: 1000, maxConnections: 16_384 },
    });
    expect(() => PollConfigSchema.parse({ process: { interval: 5 } })).toThrow();
    expect(() => PollConfigSchema.parse({ process: { intervalMs: 1 } })).toThrow();
  });
});

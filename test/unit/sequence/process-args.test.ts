// Other programs' command lines searched for passwords and tokens (found missing by probing, 2026-12-06).
// Spellings written after the rule.
import { describe, expect, it } from 'vitest';
import { rulesOfCommand } from './replay.js';

describe("other processes' arguments searched for secrets", () => {
  it.each([
    ['ps with a format, then awk', "ps -eo pid,args | awk '/--token=/ {print}'"],
    ['a loop over /proc, strings and grep', 'for p in /proc/[0-9]*; do strings $p/cmdline; done | grep -i bearer'],
    ['pgrep listing full lines, then a search for a key', 'pgrep -al . | grep -E "AKIA[0-9A-Z]{16}"'],
  ])('%s', (_name, command) => {
    expect(rulesOfCommand(command)).toContain('process-args-credential-search');
  });

  it.each([
    ['a process looked for by name', 'ps -ef | grep -v grep | grep postgres'],
    ['memory use of processes', 'ps aux --sort=-%mem | head -5'],
    ["a program's own token file searched", 'grep -n token src/auth.ts'],
  ])('quiet: %s', (_name, command) => {
    expect(rulesOfCommand(command)).not.toContain('process-args-credential-search');
  });
});

// The system journal trimmed for disk space against erased (2026-12-07): the retention it keeps decides.
// Written after journal-log-clear's medium case, with other units, spellings and combinations than its examples.
import { describe, expect, it } from 'vitest';
import { aloneOf, bash, severityIn } from './replay.js';

describe('the system journal vacuumed', () => {
  it.each([
    'journalctl --vacuum-time=3days',
    'sudo journalctl --vacuum-size=250M',
    'sudo journalctl --vacuum-files 10',
    'sudo journalctl --vacuum-time 48h',
  ])('kept days or hundreds of megabytes: medium: %s', (command) => {
    expect(severityIn(aloneOf(bash(command)), 'journal-log-clear')).toBe('medium');
  });

  it.each([
    'sudo journalctl --vacuum-time=5s',
    'sudo journalctl --vacuum-size=50K',
    'sudo journalctl --rotate && sudo journalctl --vacuum-time=3days',
    'sudo journalctl --flush --rotate --vacuum-size=250M',
    'sudo journalctl --vacuum-time=3days --vacuum-files=0',
  ])('erased or rotated first: high: %s', (command) => {
    expect(severityIn(aloneOf(bash(command)), 'journal-log-clear')).toBe('high');
  });
});

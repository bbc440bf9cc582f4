// Response policy: per rule and per severity, observe | ask | deny; observe mode never answers otherwise.
import { describe, expect, it } from 'vitest';
import { actionFor, decide, type PolicyConfig } from '../../daemon/policy.js';
import { parseConfig } from '../../daemon/config/load.js';
import type { Finding } from '../../detectors/detector.js';

const finding = (rule: string, severity: Finding['severity'], block: boolean): Finding => ({
  rule, severity, block, tactic: 'exfiltration', title: rule, reason: `${rule} happened.`, evidence: ['e1'], key: rule,
});
const enforce = (over: Partial<PolicyConfig> = {}): PolicyConfig => ({ ...parseConfig({ policy: { mode: 'enforce' } }).policy, ...over });

describe('response policy', () => {
  it('observe mode never asks or denies, whatever the rule says', () => {
    const p = parseConfig({}).policy;
    expect(p.mode).toBe('observe');
    expect(decide([finding('secret-exfiltration', 'critical', true)], p)).toEqual({ action: 'observe' });
  });

  it('enforce mode: blockable findings follow the severity table (critical/high deny, medium ask, low observe)', () => {
    const p = enforce();
    expect(actionFor(finding('a', 'critical', true), p)).toBe('deny');
    expect(actionFor(finding('a', 'high', true), p)).toBe('deny');
    expect(actionFor(finding('a', 'medium', true), p)).toBe('ask');
    expect(actionFor(finding('a', 'low', true), p)).toBe('observe');
    expect(actionFor(finding('a', 'critical', false), p)).toBe('observe'); // not blockable
  });

  it('a per-rule override wins over the severity table, for blockable rules or not', () => {
    const p = enforce({ rules: { 'secret-read': 'ask', 'destructive-delete': 'observe' } });
    expect(actionFor(finding('secret-read', 'high', false), p)).toBe('ask');
    expect(actionFor(finding('destructive-delete', 'critical', true), p)).toBe('observe');
  });

  it('the strongest action wins, and the most severe finding of that action gives the reason', () => {
    const p = enforce();
    const d = decide([finding('m', 'medium', true), finding('h', 'high', true), finding('c', 'critical', true)], p);
    expect(d.action).toBe('deny');
    expect(d.finding?.rule).toBe('c');
    expect(decide([finding('m', 'medium', true), finding('l', 'low', true)], p)).toMatchObject({ action: 'ask', finding: { rule: 'm' } });
  });

  it('rejects an unknown action in the config with the key named', () => {
    expect(() => parseConfig({ policy: { rules: { 'secret-read': 'block' } } }, 'p.yaml')).toThrow(/p\.yaml: policy\.rules\.secret-read/);
  });
});

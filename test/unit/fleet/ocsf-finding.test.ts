// Detection Findings for the three kinds of analytic: a YAML rule, a sequence (Behavioral) and a baseline
// deviation (Statistical, with anomaly_analyses from the alert's dedupe key), validated against the schema
// generated from the OCSF 1.8.0 files.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { toOcsf, type OcsfContext } from '../../../daemon/fleet/ocsf/index.js';
import { encodeAnomalyKey } from '../../../detectors/baseline/allowance.js';
import { ocsfClassSchema } from '../../helpers/ocsf-schema.js';
import type { Alert } from '../../../core/event.js';

const ctx: OcsfContext = {
  productVersion: '0.1.0', device: { hostname: 'dev-laptop', uid: '6f1c0c2e-0000-4000-8000-000000000001', osName: 'Linux 6.8', osType: 'linux' },
  user: { name: 'dev', uid: 1000 }, home: '/home/dev', privacy: 'standard', prompts: false,
};
const base: Alert = {
  id: 'al-1', ts: '2026-01-01T00:00:00.000Z', lastTs: '2026-01-01T00:05:00.000Z', severity: 'high', tactic: 'credential-access',
  technique: 'T1552.001', rule: 'aws-credentials-read', title: 'AWS credentials read', reason: 'The session read /home/dev/.aws/credentials.',
  agent: { kind: 'claude-code' }, sessionId: 's-1', evidence: ['ev-1'], count: 3,
};
const validate = new Ajv({ allErrors: true, strict: false }).compile(ocsfClassSchema('detection_finding', ['host', 'security_control']).schema);
const valid = (r: object) => { const ok = validate(r); return ok ? true : JSON.stringify(validate.errors); };

describe('Detection Finding', () => {
  it('a rule alert: Rule analytic, ATT&CK tactic, technique and sub-technique, an update once merged', () => {
    const r = toOcsf({ alert: base, acked: true }, ctx);
    expect(valid(r)).toBe(true);
    expect(r).toMatchObject({
      class_uid: 2004, activity_id: 2, type_uid: 200402, severity_id: 4, count: 3, status_id: 4, metadata: { uid: 'al-1', correlation_uid: 's-1' },
      finding_info: {
        uid: 'al-1', analytic: { type_id: 1, name: 'aws-credentials-read' }, desc: 'The session read ~/.aws/credentials.',
        attacks: [{ tactic: { uid: 'TA0006', name: 'Credential Access' }, technique: { uid: 'T1552' }, sub_technique: { uid: 'T1552.001' } }],
      },
    });
  });

  it('the tactics the SPEC lacks map to theirs: privilege escalation TA0004, collection TA0009', () => {
    const escalation = toOcsf({ alert: { ...base, rule: 'setuid-bit-set', tactic: 'privilege-escalation', technique: 'T1548.001' } }, ctx);
    const collection = toOcsf({ alert: { ...base, rule: 'home-archived', tactic: 'collection', technique: 'T1560.001' } }, ctx);
    for (const r of [escalation, collection]) expect(valid(r)).toBe(true);
    expect(escalation).toMatchObject({ finding_info: { attacks: [{ tactic: { uid: 'TA0004', name: 'Privilege Escalation' }, technique: { uid: 'T1548' } }] } });
    expect(collection).toMatchObject({ finding_info: { attacks: [{ tactic: { uid: 'TA0009', name: 'Collection' } }] } });
  });

  it('a sequence alert is Behavioral; a blocked one says Denied/Blocked', () => {
    const r = toOcsf({ alert: { ...base, rule: 'egress-after-secret-read', tactic: 'exfiltration', technique: 'T1048', count: 1, blocked: true, response: 'deny' } }, ctx);
    expect(valid(r)).toBe(true);
    expect(r).toMatchObject({ activity_id: 1, finding_info: { analytic: { type_id: 2, type: 'Behavioral' } }, action_id: 2, disposition_id: 2 });
  });

  it('a held call: Hold/Delayed while it waits; its outcome (who answered, what) in unmapped once decided', () => {
    const waiting = toOcsf({ alert: { ...base, count: 1, response: 'hold' } }, ctx);
    expect(valid(waiting)).toBe(true);
    expect(waiting).toMatchObject({ action: 'Hold', disposition: 'Delayed' });
    const refused = toOcsf({ alert: { ...base, count: 1, response: 'held-denied', blocked: true, held: { answer: 'deny', by: 'console', at: base.ts } } }, ctx);
    expect(valid(refused)).toBe(true);
    expect(refused).toMatchObject({ action: 'Denied', disposition: 'Blocked', unmapped: { agentwatch: { response: 'held-denied', held: { by: 'console' } } } });
  });

  it('a baseline deviation is Statistical, with what deviated as anomaly_analyses and no ATT&CK tactic', () => {
    const key = encodeAnomalyKey('/home/dev/proj', ['host:paste.example', 'ngram:read>exec>connect', 'outside-reads:14']);
    const r = toOcsf({ alert: { ...base, rule: 'behavior-anomaly', tactic: 'behavior-anomaly', technique: undefined, severity: 'medium' }, key }, ctx);
    expect(valid(r)).toBe(true);
    expect((r.finding_info as { attacks?: unknown }).attacks).toBeUndefined();
    expect(r).toMatchObject({
      finding_info: { analytic: { type_id: 3, type: 'Statistical' } },
      anomaly_analyses: [{
        analysis_targets: [{ name: 'claude-code in ~/proj' }],
        anomalies: [
          { observation_parameter: 'host', observations: [{ value: 'paste.example' }] },
          { observation_parameter: 'ngram', observations: [{ value: 'read>exec>connect' }] },
          { observation_parameter: 'outside-reads', observations: [{ value: '14' }] },
        ],
      }],
    });
  });
});

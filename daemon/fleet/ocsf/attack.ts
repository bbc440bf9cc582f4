// Our Tactic strings → MITRE ATT&CK tactics (name and TA id), and a technique id → OCSF's attack object
// (a sub-technique `T1552.001` is carried as technique T1552 plus sub_technique T1552.001).
import type { Tactic } from '../../../core/event.js';
import type { Json } from './context.js';

export const ATTACK_TACTICS: Record<Exclude<Tactic, 'behavior-anomaly'>, { uid: string; name: string }> = {
  'initial-access': { uid: 'TA0001', name: 'Initial Access' },
  execution: { uid: 'TA0002', name: 'Execution' },
  persistence: { uid: 'TA0003', name: 'Persistence' },
  'privilege-escalation': { uid: 'TA0004', name: 'Privilege Escalation' },
  'defense-evasion': { uid: 'TA0005', name: 'Defense Evasion' },
  'credential-access': { uid: 'TA0006', name: 'Credential Access' },
  discovery: { uid: 'TA0007', name: 'Discovery' },
  'lateral-movement': { uid: 'TA0008', name: 'Lateral Movement' },
  collection: { uid: 'TA0009', name: 'Collection' },
  exfiltration: { uid: 'TA0010', name: 'Exfiltration' },
  'command-and-control': { uid: 'TA0011', name: 'Command and Control' },
  impact: { uid: 'TA0040', name: 'Impact' },
};

/** finding_info.attacks: none for a behavior-anomaly without a technique (no ATT&CK tactic names a deviation). */
export function attacksOf(tactic: Tactic, technique?: string): Json[] {
  const t = tactic === 'behavior-anomaly' ? undefined : ATTACK_TACTICS[tactic];
  if (!t && !technique) return [];
  const a: Json = { version: 'v18' };
  if (t) a.tactic = { uid: t.uid, name: t.name, src_url: `https://attack.mitre.org/tactics/${t.uid}/` };
  if (technique) {
    const [parent, sub] = technique.split('.');
    a.technique = { uid: parent, src_url: `https://attack.mitre.org/techniques/${parent}/` };
    if (sub) a.sub_technique = { uid: technique, src_url: `https://attack.mitre.org/techniques/${parent}/${sub}/` };
  }
  return [a];
}

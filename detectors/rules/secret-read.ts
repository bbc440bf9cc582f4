// A session reads a credential file: AWS keys, SSH private keys, kube config, package tokens, .env …
import type { Detector, Finding } from '../detector.js';
import { SECRET_FILES } from '../catalog.js';

export const secretRead: Detector = {
  name: 'secret-read',
  evaluate({ event, facts }) {
    return facts.secrets.map((s): Finding => {
      const cls = SECRET_FILES.find((c) => c.id === s.classId);
      return {
        rule: 'secret-read',
        severity: cls?.severity ?? 'high',
        tactic: 'credential-access',
        technique: s.classId === 'ssh-key' ? 'T1552.004' : 'T1552.001',
        title: `Read ${s.label}`,
        reason: `The agent read ${s.path} (${s.label}); anything it sends out from now on may carry that secret.`,
        evidence: [event.id],
        key: s.path,
        block: false,
      };
    });
  },
};

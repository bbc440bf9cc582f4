// Secrets fetched by a CLI instead of read from a file (T1555.006, T1552.007): a cloud secret manager, a
// deployment platform's config, a decrypted sops file, a container's environment. What the command prints is
// the secret, so it is a secret read like `cat ~/.aws/credentials`: secret-read reports it, and exfiltration
// after it, or of a file it was saved to, is judged as for credential files (facts.ts adds it to the event's secrets).
import { baseName } from './words.js';

export interface StoreRead {
  /** The part of the command line that fetches it (`aws secretsmanager get-secret-value`): how it is shown and recognised later. */
  what: string;
  classId: 'secret-store' | 'decrypted-file' | 'container-env';
  label: string;
}

interface StoreCli { progs: readonly string[]; re: RegExp; classId: StoreRead['classId']; label: string }

// Each pattern runs on `argv.join(' ')` without the program; it must not hold alternatives that backtrack.
const STORES: readonly StoreCli[] = [
  { progs: ['aws'], re: /\bsecretsmanager\s+(?:batch-)?get-secret-value\b/, classId: 'secret-store', label: 'a secret from AWS Secrets Manager' },
  { progs: ['aws'], re: /\bssm\s+get-parameters?(?:-by-path)?\b(?=.*\s--with-decryption\b)/, classId: 'secret-store', label: 'decrypted parameters from AWS SSM Parameter Store' },
  { progs: ['gcloud'], re: /\bsecrets\s+versions\s+access\b/, classId: 'secret-store', label: 'a secret from Google Secret Manager' },
  { progs: ['az'], re: /\bkeyvault\s+secret\s+(?:show|download)\b/, classId: 'secret-store', label: 'a secret from Azure Key Vault' },
  { progs: ['doppler'], re: /^secrets(?:\s+(?:download|get)\b|$|\s+-)/, classId: 'secret-store', label: "a project's secrets from Doppler" },
  { progs: ['infisical'], re: /^(?:export\b|secrets(?:\s+get\b|$|\s+-))/, classId: 'secret-store', label: "a project's secrets from Infisical" },
  { progs: ['chamber'], re: /^(?:export|read)\s/, classId: 'secret-store', label: 'secrets from chamber (AWS SSM)' },
  { progs: ['heroku'], re: /^config(?::get)?(?:\s|$)/, classId: 'secret-store', label: "an app's config vars from Heroku" },
  { progs: ['vercel'], re: /^env\s+pull\b/, classId: 'secret-store', label: "a project's environment variables from Vercel" },
  { progs: ['netlify'], re: /^env:(?:get|list)\b/, classId: 'secret-store', label: "a site's environment variables from Netlify" },
  { progs: ['railway'], re: /^variables\b(?!\s+(?:set|delete)\b)/, classId: 'secret-store', label: "a service's variables from Railway" },
  { progs: ['sops'], re: /(?:^|\s)(?:-d|--decrypt|decrypt)\b/, classId: 'decrypted-file', label: 'a sops-encrypted file, decrypted' },
  { progs: ['ansible-vault'], re: /^(?:view|decrypt)\b/, classId: 'decrypted-file', label: 'an Ansible vault, decrypted' },
  // A container's environment is where its database passwords and API keys are handed in.
  { progs: ['docker', 'podman'], re: /^(?:inspect|container\s+inspect)\b.*\.Config\.Env\b/, classId: 'container-env', label: "a container's environment" },
  { progs: ['docker', 'podman', 'kubectl', 'oc'], re: /^exec\b.*\s(?:env|printenv)$/, classId: 'container-env', label: "a container's environment" },
];

/** The stores by program: every command of every event is looked up here, and almost none is one of them. */
const BY_PROG = new Map<string, StoreCli[]>();
for (const s of STORES) for (const p of s.progs) BY_PROG.set(p, [...(BY_PROG.get(p) ?? []), s]);

/** The secret a command fetches from a store, if it does. */
export function storeReadOf(argv: readonly string[]): StoreRead | undefined {
  const prog = baseName(argv[0] ?? '');
  const stores = BY_PROG.get(prog);
  if (stores === undefined) return undefined;
  const rest = argv.slice(1).join(' ');
  for (const s of stores) {
    const m = s.re.exec(rest);
    if (m) return { what: `${prog} ${m[0].trim()}`.slice(0, 200), classId: s.classId, label: s.label };
  }
  return undefined;
}

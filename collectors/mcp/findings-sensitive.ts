// The two findings that look at values rather than the launcher: secrets written inline in a config, and
// path arguments that hand a server the whole home, the whole disk or a credential store. Pure.
import { redactString } from '../../core/redact.js';
import type { Finding, McpScope, McpServerConfig } from './types.js';

/** `${VAR}`, `${env:VAR}`, `${input:id}`, `${{ secrets.X }}`, `{env:VAR}`, `$VAR`: a reference, not the secret. */
export const isReference = (v: string) => /^\s*(\$\{\{?\s*[\w:.-]+\s*\}?\}|\$[A-Za-z_]\w*|\{env:[\w.-]+\})\s*$/.test(v);

const SECRET_FLAG = /^--?[\w-]*(token|secret|api[-_]?key|apikey|password|passwd|pwd|auth|credential)[\w-]*$/i;

/** Each place a secret is written inline: `KEY=[REDACTED]`, `Header: [REDACTED]`, a redacted argument or url. */
export function inlineSecrets(c: McpServerConfig): string[] {
  const hits: string[] = [];
  const check = (text: string) => { const r = redactString(text); if (r !== text) hits.push(r); };
  for (const [k, v] of Object.entries(c.env ?? {})) if (!isReference(v) && v.trim() !== '') check(`${k}=${v}`);
  for (const [k, v] of Object.entries(c.headers ?? {})) if (!isReference(v.replace(/^(Bearer|Basic|token)\s+/i, ''))) check(`${k}: ${v}`);
  const args = c.args ?? [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    // `--api-key VALUE`: the value is a secret by the flag's name, whatever its shape.
    if (SECRET_FLAG.test(a) && next !== undefined && !next.startsWith('-') && !isReference(next) && next.length >= 6) { hits.push(`${a} [REDACTED]`); i++; }
    else check(a);
  }
  if (c.url) check(c.url);
  return hits;
}

export function secretFinding(c: McpServerConfig, scope: McpScope): Finding[] {
  const hits = inlineSecrets(c);
  if (hits.length === 0) return [];
  const shared = scope === 'project';
  return [{
    id: 'MCP-INLINE-SECRET',
    severity: shared ? 'high' : 'medium',
    message: `A secret is written inline in the server's config${shared ? ' in a project file that is usually committed' : ''}; anyone who can read the file has it — reference an environment variable or secret store instead.`,
    evidence: hits.join('; '),
  }];
}

// Credential stores: a server given one of these can read keys and tokens outright.
const CREDENTIAL_PATHS = ['~/.ssh', '~/.aws', '~/.gnupg', '~/.kube', '~/.docker', '~/.config/gcloud', '~/.azure', '~/.netrc', '~/.npmrc',
  '~/.pypirc', '~/.git-credentials', '~/.password-store', '~/.config/gh', '~/Library/Keychains', '~/.claude/.credentials.json',
  '/etc/shadow', '/etc/sudoers', '/root', '/var/run/docker.sock', '/run/docker.sock'];
// Whole trees: everything the user (or the machine) has, far more than a project needs.
const BROAD_PATHS = ['/', '~', '/home', '/Users', '/etc', 'C:\\', 'C:/'];

/** An argument as a home-relative path (`~/…`), or as written when it is absolute; undefined when not a path. */
export function asPath(arg: string, home?: string): string | undefined {
  let a = arg.includes('=') && arg.startsWith('-') ? arg.slice(arg.indexOf('=') + 1) : arg;
  a = a.replace(/^(\$\{?HOME\}?|\$\{userHome\}|%USERPROFILE%)(?=$|[\\/])/, '~');
  if (home && (a === home || a.startsWith(`${home}/`))) a = `~${a.slice(home.length)}`;
  if (!/^(~($|[\\/])|\/|[A-Za-z]:[\\/])/.test(a)) return undefined;
  return a.length > 1 ? a.replace(/[\\/]+$/, '') || a.slice(0, 1) : a;
}

const within = (p: string, root: string) => p === root || p.startsWith(`${root}/`);

/** Docker `-v SRC:DST` and `--mount source=SRC`: the host side is what the container can reach. */
function hostSides(args: string[]): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if ((a === '-v' || a === '--volume') && args[i + 1]) out.push(args[i + 1]!.split(':')[0]!);
    else if (/^(-v|--volume)=/.test(a)) out.push(a.slice(a.indexOf('=') + 1).split(':')[0]!);
    const m = /(?:^|,)(?:source|src)=([^,]+)/.exec(a);
    if (m && (args[i - 1] === '--mount' || a.startsWith('--mount'))) out.push(m[1]!);
  });
  return out;
}

export function sensitivePathFindings(c: McpServerConfig, home?: string): Finding[] {
  const candidates = [...(c.args ?? []), ...hostSides(c.args ?? []), ...(c.cwd ? [c.cwd] : [])];
  const credential = new Set<string>();
  const broad = new Set<string>();
  for (const arg of candidates) {
    const p = asPath(arg, home);
    if (p === undefined) continue;
    if (CREDENTIAL_PATHS.some((root) => within(p, root))) credential.add(arg);
    else if (BROAD_PATHS.includes(p) || (p === '~' || /^~[\\/]?$/.test(p))) broad.add(arg);
  }
  const out: Finding[] = [];
  if (credential.size) out.push({
    id: 'MCP-SENSITIVE-PATH', severity: 'high',
    message: 'The server is given a credential store (SSH keys, cloud or package tokens) as a path argument, so every tool call can read those secrets.',
    evidence: redactString([...credential].join(' ')),
  });
  if (broad.size) out.push({
    id: 'MCP-BROAD-PATH', severity: 'medium',
    message: 'The server is given the whole home directory or filesystem root, far more than a project needs, including every credential file in it.',
    evidence: redactString([...broad].join(' ')),
  });
  return out;
}

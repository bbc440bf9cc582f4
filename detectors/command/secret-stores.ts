// Secrets fetched by a CLI instead of read from a file (T1555.006, T1552.007): a cloud secret manager, a
// deployment platform's config, a decrypted sops file, a container's environment. What the command prints is
// the secret, so it is a secret read like `cat ~/.aws/credentials`: secret-read reports it, and exfiltration
// after it, or of a file it was saved to, is judged as for credential files (facts.ts adds it to the event's secrets).
import { baseName, type SimpleCommand } from './words.js';
import { CLOUD_API_HOST } from './metadata-credentials.js';
import { SSH_CLIENTS } from './argument-files.js';

const GITHUB = /(?:^|\.)(?:github\.com|githubusercontent\.com)$/i;
const NPM = /(?:^|\.)(?:npmjs\.org|npmjs\.com|yarnpkg\.com)$/i;
const AZURE_REGISTRY = /(?:^|\.)azurecr\.io$/i;

export interface StoreRead {
  /** The part of the command line that fetches it (`aws secretsmanager get-secret-value`): how it is shown and recognised later. */
  what: string;
  classId: StoreClass;
  label: string;
}

/**
 * secret-store, env-file-pull (saved to a file, printed nowhere), decrypted-file, container-env: reported by secret-read. cli-token, password-manager,
 * cloud-token, kube-secret: a login token or password printed by the tool that holds it, reported by cli-token-print.
 * os-keychain: a password the OS keychain or desktop keyring prints, reported by keychain-dump and keyring-secret-read.
 */
export type StoreClass = 'secret-store' | 'env-file-pull' | 'decrypted-file' | 'container-env' | 'cli-token' | 'password-manager' | 'cloud-token' | 'kube-secret' | 'pem-key' | 'os-keychain';

interface StoreCli { progs: readonly string[]; re: RegExp; classId: StoreClass; label: string; ownHosts?: RegExp }

// Each pattern runs on `argv.join(' ')` without the program; it must not hold alternatives that backtrack.
const STORES: readonly StoreCli[] = [
  { progs: ['aws'], re: /\bsecretsmanager\s+(?:batch-)?get-secret-value\b/, classId: 'secret-store', label: 'a secret from AWS Secrets Manager' },
  { progs: ['aws'], re: /\bssm\s+get-parameters?(?:-by-path)?\b(?=.{0,300}\s--with-decryption\b)/, classId: 'secret-store', label: 'decrypted parameters from AWS SSM Parameter Store' },
  { progs: ['gcloud'], re: /\bsecrets\s+versions\s+access\b/, classId: 'secret-store', label: 'a secret from Google Secret Manager' },
  { progs: ['az'], re: /\bkeyvault\s+secret\s+(?:show|download)\b/, classId: 'secret-store', label: 'a secret from Azure Key Vault' },
  { progs: ['doppler'], re: /^secrets(?:\s+(?:download|get)\b|$|\s+-)/, classId: 'secret-store', label: "a project's secrets from Doppler" },
  { progs: ['infisical'], re: /^(?:export\b|secrets(?:\s+get\b|$|\s+-))/, classId: 'secret-store', label: "a project's secrets from Infisical" },
  { progs: ['chamber'], re: /^(?:export|read)\s/, classId: 'secret-store', label: 'secrets from chamber (AWS SSM)' },
  { progs: ['heroku'], re: /^config(?::get)?(?:\s|$)/, classId: 'secret-store', label: "an app's config vars from Heroku" },
  // `vercel env pull [.env.local]` writes them to the file local development reads (Vercel's own instructions) and prints none.
  { progs: ['vercel'], re: /^env\s+pull\b/, classId: 'env-file-pull', label: "a project's environment variables from Vercel, saved to a file" },
  { progs: ['netlify'], re: /^env:(?:get|list)\b/, classId: 'secret-store', label: "a site's environment variables from Netlify" },
  { progs: ['railway'], re: /^variables\b(?!\s+(?:set|delete)\b)/, classId: 'secret-store', label: "a service's variables from Railway" },
  { progs: ['sops'], re: /(?:^|\s)(?:-d|--decrypt|decrypt)\b/, classId: 'decrypted-file', label: 'a sops-encrypted file, decrypted' },
  { progs: ['ansible-vault'], re: /^(?:view|decrypt)\b/, classId: 'decrypted-file', label: 'an Ansible vault, decrypted' },
  // A container's environment is where its database passwords and API keys are handed in.
  { progs: ['docker', 'podman'], re: /^(?:inspect|container\s+inspect)\b.*\.Config\.Env\b/, classId: 'container-env', label: "a container's environment" },
  // (kubectl's exec talks to the pod whose environment it prints: that is no send of it.)
  { progs: ['docker', 'podman', 'kubectl', 'oc'], re: /^exec\b.{0,300}\s(?:env|printenv)$/, classId: 'container-env', label: "a container's environment", ownHosts: /^pod:/ },
  { progs: ['fly', 'flyctl'], re: /^ssh\s+console\b.{0,300}\s(?:-C|--command)[= ](?:env|printenv)$/, classId: 'container-env', label: "a Fly machine's environment" },
  // Login tokens and passwords the tool that keeps them prints (`gh auth token`, `TOKEN=$(gcloud auth print-access-token)`).
  { progs: ['gh'], re: /(?:^|\s)auth\s+(?:token\b|status\b.{0,300}\s(?:-t|--show-token)\b)/, classId: 'cli-token', label: 'the GitHub CLI login token', ownHosts: GITHUB },
  { progs: ['git'], re: /(?:^|\s)(?:credential\s+fill|credential-(?:store|cache|manager|manager-core|libsecret|osxkeychain)\s+get)\b/, classId: 'cli-token', label: "a git host's stored login" },
  { progs: ['npm', 'pnpm', 'yarn'], re: /(?:^|\s)config\s+get\s+\S*(?:_authToken|:_auth)\b/, classId: 'cli-token', label: 'an npm registry token', ownHosts: NPM },
  { progs: ['vault'], re: /(?:^|\s)(?:kv\s+get|read\s+\S*secret|print\s+token|token\s+(?:lookup|create))\b/, classId: 'cli-token', label: 'a secret or token from HashiCorp Vault' },
  { progs: ['op'], re: /(?:^|\s)(?:read\s+op:\/\/|item\s+(?:get|list)\b|inject\b|document\s+get\b)/, classId: 'password-manager', label: 'an item from 1Password' },
  { progs: ['bw'], re: /(?:^|\s)(?:get\s+(?:password|item|totp|notes)|list\s+items|export)\b/, classId: 'password-manager', label: 'an item from Bitwarden' },
  // `pass work/db` shows an entry as `pass show work/db` does; the other subcommands store, list or move.
  // Windows keeps Wi-Fi passwords for every network joined; `key=clear` prints them.
  { progs: ['netsh', 'netsh.exe'], re: /\bwlan\s+show\s+profiles?\b.{0,300}\bkey\s*=\s*clear\b/i, classId: 'password-manager', label: 'a saved Wi-Fi password' },
  { progs: ['pass', 'gopass'], re: /^(?:(?:show|otp)\s+\S|(?:-c\s+)?[\w.@-]+(?:\/[\w.@-]+)+$)/, classId: 'password-manager', label: 'a password from pass' },
  { progs: ['aws'], re: /(?:^|\s)(?:configure\s+(?:export-credentials|get\s+aws_secret_access_key)|sts\s+(?:get-session-token|get-federation-token|assume-role(?:-with-web-identity|-with-saml)?)|ecr\s+get-login-password|sso\s+get-role-credentials)\b/, classId: 'cloud-token', label: 'live AWS credentials', ownHosts: CLOUD_API_HOST },
  { progs: ['aws'], re: /(?:^|\s)eks\s+get-token\b/, classId: 'cloud-token', label: "a live token for an EKS cluster", ownHosts: CLOUD_API_HOST },
  { progs: ['gcloud'], re: /(?:^|\s)auth\s+(?:application-default\s+)?print-(?:access|identity)-token\b/, classId: 'cloud-token', label: 'a live Google Cloud token', ownHosts: CLOUD_API_HOST },
  { progs: ['az'], re: /(?:^|\s)account\s+get-access-token\b/, classId: 'cloud-token', label: 'a live Azure access token', ownHosts: CLOUD_API_HOST },
  // A resource's access keys or connection string (storage accounts, Cosmos DB, Redis, Service Bus, Event Hubs,
  // Cognitive Services: `keys list`, `list-keys`), and a web app's settings, where its secrets are handed in.
  { progs: ['az'], re: /(?:^|\s)(?:keys\s+list|list-keys|show-connection-string|webapp\s+config\s+appsettings\s+list|functionapp\s+config\s+appsettings\s+list)\b/, classId: 'secret-store', label: 'an Azure resource\'s access keys or app settings' },
  // A Lambda function's environment, asked for by name (the whole configuration is a look at how it runs).
  { progs: ['aws'], re: /^lambda\s+get-function(?:-configuration)?\b(?=.{0,300}\s--query[= ]\S*Environment)/, classId: 'secret-store', label: "a Lambda function's environment" },
  // `--expose-token` prints the registry's access token instead of handing it to docker.
  { progs: ['az'], re: /(?:^|\s)acr\s+login\b(?=.{0,300}\s--expose-token\b)/, classId: 'cloud-token', label: "an Azure Container Registry's access token", ownHosts: AZURE_REGISTRY },
  { progs: ['kubectl', 'oc'], re: /(?:^|\s)get\s+(?:secrets?|secret\/\S+)\b.{0,300}\s(?:-o|--output)[= ]?(?:yaml|json|jsonpath|go-template)/, classId: 'kube-secret', label: 'Kubernetes secrets in clear text' },
  { progs: ['kubectl', 'oc'], re: /(?:^|\s)config\s+view\b.{0,300}\s--raw\b/, classId: 'kube-secret', label: 'raw Kubernetes credentials' },
  { progs: ['kubectl', 'oc'], re: /(?:^|\s)create\s+token\b/, classId: 'cli-token', label: 'a new Kubernetes service account token' },
  { progs: ['doctl'], re: /^kubernetes\s+cluster\s+kubeconfig\s+show\b/, classId: 'kube-secret', label: "a DigitalOcean cluster's credentials" },
  // A new token made and printed (`npm token create`, `vault token create`): the session holds a live login.
  { progs: ['npm', 'pnpm'], re: /^token\s+create\b/, classId: 'cli-token', label: 'a new npm registry token', ownHosts: NPM },
  { progs: ['keepassxc-cli'], re: /^(?:show|export|clip|attachment-export)\b/, classId: 'password-manager', label: 'an entry from a KeePassXC database' },
  { progs: ['lpass'], re: /^(?:show|export)\b/, classId: 'password-manager', label: 'an item from LastPass' },
  { progs: ['pulumi'], re: /(?:^|\s)--show-secrets\b/, classId: 'secret-store', label: "a Pulumi stack's secrets in clear text" },
  // Terraform's state holds every attribute in clear text (generated passwords, private keys, tokens); `output`
  // prints sensitive values only as JSON (all of them) or raw (one, judged by its name: `-raw api_url` is a URL), `show` only
  // as JSON. Global options (`-chdir=infra`) may come first.
  { progs: ['terraform', 'tofu', 'terragrunt'], re: /^(?:-\S+\s+){0,8}(?:state\s+pull\b|output\b.{0,300}\s-json\b|output\b.{0,300}\s-raw\s+\S*(?:pass|secret|token|key|cred|auth)|show\b.{0,300}\s-json\b)/i, classId: 'secret-store', label: 'Terraform state or sensitive outputs in clear text' },
  // A PKCS#12 bundle's private key, decrypted (`-nodes`, OpenSSL 3's `-noenc`), unless only the certificates are asked for.
  { progs: ['openssl'], re: /^pkcs12\b(?=.{0,300}\s-(?:nodes|noenc)\b)(?!.{0,300}\s-nokeys\b)/, classId: 'pem-key', label: 'a private key, decrypted from a PKCS#12 file' },
  // A private key exported in the clear (`gpg --export-secret-keys -a`; gpg takes a long option's unambiguous prefix).
  { progs: ['gpg', 'gpg2'], re: /(?:^|\s)--export-secret-[ks]\w*/, classId: 'pem-key', label: 'a GPG private key, exported' },
  // The OS's own password stores: macOS's keychain prints a password with -w or -g, a keyring's CLI (or Python's
  // keyring, Node's keytar in a one-liner) asked for an entry prints it.
  { progs: ['security'], re: /^(?:find-(?:generic|internet)-password\b(?=.{0,300}\s-[a-zA-Z]*[wg][a-zA-Z]*\b)|dump-keychain\b(?=.{0,300}\s-[a-zA-Z]*d[a-zA-Z]*\b))/, classId: 'os-keychain', label: 'a password from the macOS keychain' },
  { progs: ['secret-tool'], re: /^(?:lookup|search)\b/, classId: 'os-keychain', label: 'a secret from the desktop keyring' },
  { progs: ['kwallet-query'], re: /(?:^|\s)(?:-r|--read-password)\b/, classId: 'os-keychain', label: 'a password from KWallet' },
  { progs: ['keyring'], re: /^get\s/, classId: 'os-keychain', label: "a password from the OS keyring (Python's keyring)" },
  { progs: ['python', 'python3'], re: /^-c\s[\s\S]{0,300}\bkeyring\b[\s\S]{0,300}\bget_(?:password|credential)\s{0,4}\(/, classId: 'os-keychain', label: "a password from the OS keyring (Python's keyring)" },
  { progs: ['node'], re: /^(?:-e|--eval|-p|--print)\s[\s\S]{0,300}\bkeytar\b[\s\S]{0,300}\b(?:getPassword|findCredentials|findPassword)\s{0,4}\(/, classId: 'os-keychain', label: "a password from the OS keyring (Node's keytar)" },
  // Docker's credential helpers answer `get` with the registry login they keep (`echo https://index.docker.io/v1/ | docker-credential-desktop get`).
  ...['desktop', 'osxkeychain', 'pass', 'secretservice', 'wincred', 'ecr-login', 'gcloud', 'gcr'].map((h): StoreCli => ({ progs: [`docker-credential-${h}`], re: /^get\b/, classId: 'cli-token', label: 'a registry login from a Docker credential helper' })),
];

/**
 * A login token any CLI prints from its own store: `heroku auth:token`, `fly auth token`, `doctl auth token`,
 * `glab auth status -t`, `<cli> auth print-access-token`. Tried on every command whose first argument starts with `auth`.
 */
const ANY_CLI_TOKEN: StoreCli = { progs: [], re: /^auth(?::|\s+)(?:token|print-(?:access-|identity-)?token)\b|^auth\s+status\b.{0,300}\s(?:-t|--show-token)\b/, classId: 'cli-token', label: 'the login token of a CLI' };

/** Every pattern, for the test that tries them on long lines of their own words. */
export const STORE_PATTERNS: readonly RegExp[] = [...STORES, ANY_CLI_TOKEN].map((s) => s.re);

/** The stores by program: every command of every event is looked up here, and almost none is one of them. */
const BY_PROG = new Map<string, StoreCli[]>();
for (const s of STORES) for (const p of s.progs) BY_PROG.set(p, [...(BY_PROG.get(p) ?? []), s]);

// The AWS CLI takes its global options anywhere (`aws eks --region x get-token`): they go before the patterns look.
const AWS_GLOBAL_VALUED = /^--(?:region|profile|output|endpoint-url|ca-bundle|color|cli-connect-timeout|cli-read-timeout)(=|$)/;
const AWS_GLOBAL_FLAG = /^--(?:debug|no-paginate|no-verify-ssl|no-sign-request|no-cli-pager)$/;
function withoutAwsGlobals(words: readonly string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const m = AWS_GLOBAL_VALUED.exec(words[i]!);
    if (m) { if (m[1] === '') i++; continue; }
    if (!AWS_GLOBAL_FLAG.test(words[i]!)) kept.push(words[i]!);
  }
  return kept.join(' ');
}

/** A command's words after the program, as the patterns read them. */
const wordsOf = (argv: readonly string[]) => (baseName(argv[0] ?? '') === 'aws' ? withoutAwsGlobals(argv.slice(1)) : argv.slice(1).join(' '));

/** The secret a command fetches from a store, if it does. */
export function storeReadOf(argv: readonly string[]): StoreRead | undefined {
  const prog = baseName(argv[0] ?? '');
  const own = BY_PROG.get(prog);
  const auth = argv[1]?.startsWith('auth') === true;
  if (own === undefined && !auth) return undefined;
  const stores = auth ? [...(own ?? []), ANY_CLI_TOKEN] : own!;
  const rest = wordsOf(argv);
  for (const s of stores) {
    const m = s.re.exec(rest);
    if (m) return { what: `${prog} ${m[0].trim()}`.slice(0, 200), classId: s.classId, label: s.label };
  }
  return undefined;
}

// Registry clients that log in with a password read on stdin (`… | docker login --username AWS --password-stdin host`).
const STDIN_LOGINS = new Set(['docker', 'podman', 'nerdctl', 'buildah', 'skopeo', 'helm', 'oras', 'crane', 'regctl', 'finch']);

/**
 * Whether a pipeline stage logs in with what the stage before it prints (`aws ecr get-login-password | docker login
 * --password-stdin …`, `helm registry login --password-stdin`): the token goes to the login, not into the session.
 */
export function logsInFromStdin(argv: readonly string[]): boolean {
  if (!STDIN_LOGINS.has(baseName(argv[0] ?? ''))) return false;
  const words = argv.slice(1);
  return words.includes('--password-stdin') && (words[0] === 'login' || (words[0] === 'registry' && words[1] === 'login'));
}

// Container registries of the clouds and forges whose tokens log in to them (besides their API hosts).
const CLOUD_REGISTRY = /(?:^|\.)(?:pkg\.dev|gcr\.io|azurecr\.io|ghcr\.io)$/i;

/**
 * Whether a registry login given a token (`tokenArgv` prints it) logs in where the token is from: ECR's token at
 * an ECR registry, `gh auth token` at ghcr.io. At another registry the login hands the token to that host.
 */
export function loginGoesHome(loginArgv: readonly string[], tokenArgv: readonly string[]): boolean {
  const own = BY_PROG.get(baseName(tokenArgv[0] ?? ''))?.find((s) => s.re.test(wordsOf(tokenArgv)))?.ownHosts;
  if (own === undefined) return true;
  const words = loginArgv.slice(1).filter((a, i, all) => !a.startsWith('-') && !/^(-u|--username|-p|--password)$/.test(all[i - 1] ?? ''));
  const registry = words.filter((w) => w !== 'login' && w !== 'registry').pop() ?? 'docker.io';
  const host = /^(?:\w+:\/\/)?([^/:\s]+)/.exec(registry)?.[1] ?? '';
  return own.test(host) || CLOUD_REGISTRY.test(host);
}

/**
 * argv index of the password a login is given on its command line (`docker login -u AWS -p $(aws ecr
 * get-login-password) …`, `--password=…`), or -1: what prints it there goes to the login, as through stdin.
 */
export function loginPasswordIndex(argv: readonly string[]): number {
  if (!STDIN_LOGINS.has(baseName(argv[0] ?? ''))) return -1;
  const words = argv.slice(1);
  if (!(words[0] === 'login' || (words[0] === 'registry' && words[1] === 'login'))) return -1;
  const i = argv.findIndex((a, j) => j > 0 && (a === '-p' || a === '--password' || a.startsWith('--password=')));
  return i < 0 ? -1 : argv[i]!.startsWith('--password=') ? i : i + 1;
}

/**
 * A token used at the service that issued it (`curl -H "Authorization: Bearer $(gcloud auth print-access-token)"
 * https://storage.googleapis.com/…`) is used, not sent out; so are a machine's metadata credentials at its cloud's API,
 * and a host's own file read on it over ssh.
 */
export function isOwnService(secret: { classId: string; abs: string; remoteHost?: string }, host: string): boolean {
  // Read on a host over ssh: talking to that host again sends it nothing it does not have.
  if (secret.remoteHost !== undefined) return secret.remoteHost === host;
  if (secret.classId === 'cloud-metadata') return CLOUD_API_HOST.test(host);
  const own = BY_PROG.get(secret.abs.split(' ')[0]!)?.find((s) => s.classId === secret.classId && s.ownHosts !== undefined)?.ownHosts;
  return own !== undefined && own.test(host);
}

const SECRET_NAME = /(?:TOKEN|SECRET|PASSW(?:OR)?D|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL)/i;

/**
 * Whether a command prints the environment, or a variable that by its name holds a secret: `env`, `printenv`,
 * `export -p`, `declare -x`, `set`, `printenv GITHUB_TOKEN`. Sent on to a network command, that is the session's tokens leaving.
 */
function printsEnvironment(argv: readonly string[]): boolean {
  const prog = baseName(argv[0] ?? '');
  const args = argv.slice(1);
  const names = args.filter((a) => !a.startsWith('-'));
  if (prog === 'env') return names.every((a) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(a));
  if (prog === 'printenv') return names.length === 0 || names.some((a) => SECRET_NAME.test(a));
  if (prog === 'export') return args.length === 0 || (args.length === 1 && args[0] === '-p');
  if (prog === 'declare' || prog === 'typeset') return names.length === 0 && args.some((a) => /^-[a-zA-Z]*[xp]/.test(a));
  return prog === 'set' && args.length === 0;
}

// Options whose value logs in (`-H "Authorization: token $(printenv GITHUB_TOKEN)"`, `-u me:$(printenv PW)`): a token used, not sent.
const AUTH_OPTION = /^(-H|--header|-u|--user|--oauth2-bearer)$/;

// A variable pattern SendEnv forwards that takes secrets with it: all of them, or names of tokens and of the clouds'
// and code hosts' keys (`AWS_*`, `*TOKEN*`); not the locale (`LANG LC_*`, Debian's default).
const SECRET_PATTERN = /^\*$|TOKEN|SECRET|PASS|KEY|CRED|^(AWS|AZURE|GOOGLE|GCP|GITHUB|GH|GITLAB|NPM|OPENAI|ANTHROPIC|HF|STRIPE|SLACK|VAULT|DOCKER)_?\*/i;

/** `ssh -o SendEnv='AWS_*' host`: the client hands the remote side every variable the pattern names. */
function forwardsSecretVariables(argv: readonly string[]): boolean {
  if (!SSH_CLIENTS.has(baseName(argv[0] ?? ''))) return false;
  for (let i = 1; i < argv.length; i++) {
    const opt = argv[i] === '-o' ? argv[i + 1] ?? '' : argv[i]!.startsWith('-o') ? argv[i]!.slice(2) : '';
    const m = /^SendEnv(?:\s*=\s*|\s+)(.{1,500})$/i.exec(opt);
    if (m && m[1]!.split(/[\s,]+/).some((p) => SECRET_PATTERN.test(p.replace(/^['"]|['"]$/g, '')))) return true;
  }
  return false;
}

/**
 * `env | curl -d @- …` (a stage that prints the environment, in a pipeline), `curl -d "$(printenv)" …` (a network
 * command's argument made of it, except an option that logs in with a named variable): the environment is sent.
 */
export function sendsEnvironment(cmd: SimpleCommand, sends: boolean): boolean {
  if (printsEnvironment(cmd.argv)) return true;
  if (sends && forwardsSecretVariables(cmd.argv)) return true;
  if (!sends || cmd.substitutions === undefined) return false;
  return cmd.substitutions.some((s) => s.commands.some((c) => printsEnvironment(c.argv) && !(c.argv.length > 1 && baseName(c.argv[0] ?? '') === 'printenv' && (AUTH_OPTION.test(cmd.argv[s.arg - 1] ?? '') || /^--header=/.test(cmd.argv[s.arg] ?? '')))));
}

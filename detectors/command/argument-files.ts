// Which of a program's arguments name files it reads and which it writes (besides redirections): `cat f`
// reads f, `tee f` writes it, `curl -o f` writes it, `ssh -i key host` only signs in with the key. facts.ts
// resolves them against where the command runs.
import { isRemotePath, withoutMounts } from './bulk-copy.js';
import { CONTAINER_CLIS, operands, optionValues, PRINTS_ARGUMENTS, sshRemoteCommand } from './words.js';
import { EDITORS, editorReads, scriptedEditWrites } from './scripted-editors.js';
import { gitDirectories, gitSubcommand } from './git-push.js';

/** Programs whose path operands are deleted (`srm` and `wipe`: the secure-delete tools, `-r` as rm's). */
export const DELETERS: ReadonlySet<string> = new Set(['rm', 'shred', 'unlink', 'trash', 'trash-put', 'srm', 'wipe']);

/** Programs that look at a file's name, size, type or permissions, never its content (the rules' metadata-only-readers). */
export const METADATA_ONLY: ReadonlySet<string> = new Set(['ls', 'stat', 'file', 'test', '[', 'realpath', 'readlink', 'namei', 'lsattr', 'getfacl', 'du', 'basename', 'dirname', 'exa', 'eza', 'tree', 'chmod', 'chown', 'chgrp', 'touch']);

/** The SSH clients: they sign in with a key and carry the environment's variables that SendEnv names. */
export const SSH_CLIENTS: ReadonlySet<string> = new Set(['ssh', 'scp', 'sftp', 'autossh', 'mosh']);
const HTTP_CLIENTS = new Set(['curl', 'wget', 'http', 'https', 'xh', 'git']);
// TLS options whose file proves or checks an identity: `--cacert ca.pem`, `--key client-key.pem`, git's `-c http.sslKey=…`.
const TLS_FILE_OPTION = /^(--(cacert|capath|cert|key|proxy-cacert|proxy-capath|proxy-cert|proxy-key|crlfile|ca-certificate|ca-directory|certificate|private-key|crl-file|verify|cert-key)|-E|http\.(\S+\.)?ssl(CAInfo|CAPath|Cert|Key))$/;

const KUBE_CLIENTS = new Set(['kubectl', 'helm', 'oc', 'k9s', 'kubens', 'kubectx', 'stern', 'istioctl', 'flux', 'kustomize', 'helmfile']);
const OPENSSL_CERT_USE = new Set(['x509', 'verify', 'crl', 's_client', 'req']);
// Chains' CLIs sign with the keypair or keystore an option names (`solana program deploy --keypair ~/.config/solana/id.json`,
// `cast send --keystore ~/.foundry/keystores/dev`): a signature leaves, the key does not enter the session.
const WALLET_CLIS = new Set(['solana', 'solana-keygen', 'spl-token', 'anchor', 'cast', 'forge', 'sui', 'aptos', 'near']);
const KEY_USE_OPTION = /^(-k|--keypair|--fee-payer|--upgrade-authority|--program-id|--mint-authority|--owner|--keystore|--keystore-path|--provider\.wallet|--private-key-file)$/;

// git subcommands whose path operands are names, patterns or files moved, restored or stashed: nothing of them is shown.
const GIT_NAMES_ONLY = new Set(['status', 'check-ignore', 'check-attr', 'ls-files', 'rm', 'clean', 'mv', 'update-index', 'restore', 'checkout', 'switch', 'reset', 'stash']);
// …and `git log`, unless it shows changes (`-p`, `--patch`, `-L`, `--full-diff`, `-u`, `--cc`).
const GIT_LOG_CONTENT = /^(-p|-u|--patch|--full-diff|--cc|-L|--word-diff)/;

/** `REV:path` (`HEAD:.env`, `origin/main:config/x`, `:path` for the index); not a URL. */
const REVISION_PATH = /^[^\s:]{0,200}:(?!\/\/)(\S+)$/;

// find's tests that take a name pattern (`-name '*.pem'`), not a file it reads.
const FIND_PATTERN_TESTS = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname']);

/**
 * The arguments that name files the command reads, without name patterns (`find . -name '*.pem'` reads no .pem
 * file) and without credentials it only uses: a key the SSH tools sign in with or load into the agent
 * (`ssh -i ~/.ssh/deploy_key`, `ssh-add`), a certificate or key a TLS client verifies or signs with
 * (`curl --cacert ca.pem --key k.pem`). Only a signature leaves, and nothing of them enters the session.
 */
export function readArguments(prog: string, args: string[]): string[] {
  if (prog === 'ssh-add') return args.filter((a) => a.startsWith('-'));
  // tee writes the files it names (`… | sudo tee /etc/sudoers.d/x` reads no sudoers file); echo prints its words.
  if (prog === 'tee' || PRINTS_ARGUMENTS.has(prog)) return [];
  // `ssh host cat ~/.aws/credentials` reads the host's file, not ours (remoteReadsOf).
  if (prog === 'ssh' || prog === 'autossh') args = args.slice(0, (sshRemoteCommand([prog, ...args])?.at ?? args.length + 1) - 1);
  if (prog === 'scp' || prog === 'rsync' || prog === 'sftp') args = args.filter((a) => !isRemotePath(a)); // remoteCopySources'
  if (prog === 'git') {
    const sub = args.find((a, i) => !a.startsWith('-') && !/^-[Cc]$/.test(args[i - 1] ?? '')) ?? '';
    // `git show HEAD~2:.env`, `git cat-file -p :config/.env`: a file as a revision (or the index) holds it is read.
    if (sub === 'show' || sub === 'cat-file') return args.map((a) => REVISION_PATH.exec(a)?.[1] ?? a);
    // `git check-ignore .env`, `git rm --cached .env`, `git clean -e .env`: names and patterns, the content unread.
    // Unless they show changes: `git checkout -p`, `git stash push -p` walk the file's hunks on the screen.
    const shows = (a: string) => a === '-p' || a === '--patch' || (sub === 'log' && GIT_LOG_CONTENT.test(a));
    if ((GIT_NAMES_ONLY.has(sub) || sub === 'log') && !args.some(shows)) return [];
  }
  if (prog === 'dd') return args.filter((a) => a.startsWith('if=')).map((a) => a.slice(3)); // of= is written (writtenByProgram)
  if (EDITORS.has(prog)) return editorReads(args); // not the words of its `-c` scripts
  if (SSH_CLIENTS.has(prog)) return args.filter((a, i) => args[i - 1] !== '-i' && !/^-i./.test(a) && !/^-oIdentityFile=|^IdentityFile=/i.test(a));
  if (HTTP_CLIENTS.has(prog)) return args.filter((a, i) => !TLS_FILE_OPTION.test(args[i - 1] ?? '') && !TLS_FILE_OPTION.test(a.split('=')[0]!));
  // A cluster client's kubeconfig logs it in: `kubectl --kubeconfig ~/.kube/config get pods` prints pods, not the config.
  if (KUBE_CLIENTS.has(prog)) return args.filter((a, i) => args[i - 1] !== '--kubeconfig' && !a.startsWith('--kubeconfig='));
  // `openssl x509 -in f` reads a certificate (a key there fails); s_client signs and checks the handshake with its files,
  // `req -key k` signs a request with it (the request holds the public half only).
  if (prog === 'openssl' && OPENSSL_CERT_USE.has(args[0] ?? '')) return args.filter((_a, i) => !/^-(in|CAfile|CApath|untrusted|trusted|cert|key|cert_chain)$/.test(args[i - 1] ?? ''));
  if (CONTAINER_CLIS.has(prog)) return withoutMounts(args);
  // `solana-keygen pubkey|verify KEYPAIR` prints or checks the public half; `new -o KEYPAIR` writes one.
  if (prog === 'solana-keygen' && ['pubkey', 'verify', 'new', 'grind'].includes(args[0] ?? '')) return [];
  if (WALLET_CLIS.has(prog)) return args.filter((a, i) => !KEY_USE_OPTION.test(args[i - 1] ?? '') && !KEY_USE_OPTION.test(a.split('=')[0]!));
  if (prog !== 'find' && prog !== 'fd' && prog !== 'locate') return args;
  if (prog === 'locate') return [];
  if (prog === 'fd') { const i = args.findIndex((a) => !a.startsWith('-')); return args.filter((_a, j) => j !== i); } // `fd PATTERN [PATH…]`
  return args.filter((_a, i) => !FIND_PATTERN_TESTS.has(args[i - 1] ?? ''));
}

const COMPRESSED: Record<string, string> = { gzip: '.gz', bzip2: '.bz2', xz: '.xz', zstd: '.zst', lz4: '.lz4' };

/** Paths a program writes through its arguments rather than a redirection. */
export function writtenByProgram(prog: string, args: string[]): string[] {
  if (EDITORS.has(prog)) return scriptedEditWrites(prog, args);
  const plain = args.filter((a) => !a.startsWith('-'));
  switch (prog) {
    case 'tee': return plain;
    case 'cp': case 'mv': case 'install': case 'ln': return plain.length > 1 ? [plain[plain.length - 1]!] : [];
    case 'sed': return args.some((a) => /^-[a-zA-Z]*i/.test(a)) ? plain.slice(1) : [];
    // perl's `-e` script is not among args (it is code): every plain word is a file it edits in place.
    // (`-0pi`, `-0777pi.bak`: the record separator's digits bundled before -i.)
    case 'perl': return args.some((a) => /^-[a-zA-Z0-9]*i/.test(a)) ? (args.some((a) => /^-[a-zA-Z0-9]*[eE]$/.test(a)) ? plain : plain.slice(1)) : [];
    // moreutils' sponge writes the file it is given once its stdin ends (`jq … f | sponge f`).
    case 'sponge': return plain;
    // yq edits in place with -i: the files after its expression.
    case 'yq': return args.some((a) => /^-[a-zA-Z]*i$|^--inplace$/.test(a)) ? plain.filter((a) => a !== 'e' && a !== 'eval').slice(1) : [];
    // `gzip f` writes f.gz (the copy that carries f's taint); to stdout (-c), decompressing or testing writes no new name.
    case 'gzip': case 'bzip2': case 'xz': case 'zstd': case 'lz4': return args.some((a) => /^-[a-zA-Z0-9]*[cdtl]|^--(stdout|to-stdout|decompress|uncompress|test|list)$/.test(a)) ? [] : plain.map((a) => a + COMPRESSED[prog]!);
    case 'touch': case 'truncate': case 'chmod': return plain.filter((a) => !/^[0-9+\-=ugoarwxX,]+$/.test(a));
    case 'crontab': return args.includes('-l') || args.includes('-r') ? [] : ['/var/spool/cron/crontabs'];
    // Downloaders and copiers that name their output with an option: where the bytes land (the download
    // sequence also follows curl's -o itself, resolving `~` its own way).
    // (Bundled: `curl -fsSLo f`, `wget -qO f`.)
    case 'wget': return optionValues(args, /^(-[a-zA-Z]*O|--output-document)$/);
    case 'curl': return optionValues(args, /^(-[a-zA-Z]*o|--output)$/);
    case 'dd': return args.filter((a) => a.startsWith('of=')).map((a) => a.slice(3));
    // Key and certificate generation: the files it names as output are new, made by this command.
    case 'openssl': return optionValues(args, /^-(out|keyout)$/);
    case 'mkcert': return mkcertOutputs(args);
    // `vercel env pull [file]`: the project's variables, saved (to .env.local by default).
    case 'vercel': return args[0] === 'env' && args[1] === 'pull' ? [args.slice(2).find((a) => !a.startsWith('-')) ?? '.env.local'] : [];
    case 'solana-keygen': return args[0] === 'new' || args[0] === 'grind' ? optionValues(args, /^(-o|--outfile)$/) : [];
    case 'ssh-keygen': return args.some((a) => /^-[ylepciRFBLDK]$/.test(a)) ? [] : optionValues(args, /^-f$/).flatMap((f) => [f, `${f}.pub`]);
    case 'lwp-download': return plain.slice(1, 2);
    // `npm pkg set scripts.postinstall=…` edits the project's package.json.
    case 'npm': case 'pnpm': return args[0] === 'pkg' && (args[1] === 'set' || args[1] === 'delete') ? ['package.json'] : [];
    // `git submodule add <url>` records the repository in the project's .gitmodules.
    case 'git': return submoduleAdded(args) === undefined ? [] : [[...gitDirectories(['git', ...args]), '.gitmodules'].join('/')];
    default: return [];
  }
}

const MKCERT_FILES = new Set(['-cert-file', '-key-file', '-p12-file', '-csr']);

/**
 * The certificate and key `mkcert localhost 127.0.0.1` makes: the files its options name, or by default
 * `./localhost+1.pem` and `./localhost+1-key.pem` (the first name, `+N` for the others; `*` is `_wildcard`), a
 * `.p12` with `-pkcs12`. A key the session made is its own to read (secret-read's created-by-session).
 */
function mkcertOutputs(args: readonly string[]): string[] {
  if (args.some((a) => a === '-install' || a === '-uninstall' || a === '-CAROOT')) return [];
  const named = optionValues(args, /^-(cert-file|key-file|p12-file)$/);
  const hosts = operands(args.filter((a) => !/^-[\w-]+=/.test(a)), MKCERT_FILES);
  if (hosts.length === 0) return named;
  const base = hosts[0]!.replace(/\*/g, '_wildcard').replace(/:/g, '_') + (hosts.length > 1 ? `+${hosts.length - 1}` : '') + (args.includes('-client') ? '-client' : '');
  if (args.includes('-pkcs12')) return optionValues(args, /^-p12-file$/).length > 0 ? named : [...named, `${base}.p12`];
  const given = (o: string) => optionValues(args, new RegExp(`^-${o}$`)).length > 0;
  return [...named, ...(given('cert-file') ? [] : [`${base}.pem`]), ...(given('key-file') ? [] : [`${base}-key.pem`])];
}

/**
 * What `npm pkg set scripts.prepare="…" dependencies.x=…` adds to package.json, as the JSON an Edit there would
 * add (`{"scripts":{"prepare":"…"}}`): the rules on package.json's content judge it as they judge a Write or an
 * Edit of the file, whichever way the agent changes it. `--json` values are JSON already. `git submodule add
 * <url>` adds its `url = …` to .gitmodules the same way.
 */
export function textSetBy(prog: string, args: readonly string[]): string | undefined {
  if (prog === 'git') { const url = submoduleAdded(args); return url === undefined ? undefined : `[submodule]\n\turl = ${url}\n`; }
  if ((prog !== 'npm' && prog !== 'pnpm') || args[0] !== 'pkg' || args[1] !== 'set') return undefined;
  const json = args.includes('--json');
  const root: Record<string, unknown> = {};
  for (const a of args.slice(2)) {
    const eq = a.indexOf('=');
    if (a.startsWith('-') || eq <= 0) continue;
    const keys = a.slice(0, eq).split('.');
    let at = root;
    for (const k of keys.slice(0, -1)) at = (typeof at[k] === 'object' && at[k] !== null ? at[k] : (at[k] = {})) as Record<string, unknown>;
    at[keys.at(-1)!] = json ? parsedOr(a.slice(eq + 1)) : a.slice(eq + 1);
  }
  return Object.keys(root).length === 0 ? undefined : JSON.stringify(root, null, 2);
}

const SUBMODULE_VALUED = new Set(['-b', '--branch', '--name', '--reference', '--depth']);

/** The repository URL of `git [-C dir] submodule add [options] <url> [path]`, if the command is one. */
function submoduleAdded(args: readonly string[]): string | undefined {
  const sub = gitSubcommand(['git', ...args]) ?? [];
  if (sub[0] !== 'submodule' || sub[1] !== 'add') return undefined;
  for (let i = 2; i < sub.length; i++) {
    if (SUBMODULE_VALUED.has(sub[i]!)) { i++; continue; }
    if (!sub[i]!.startsWith('-')) return sub[i];
  }
  return undefined;
}

function parsedOr(text: string): unknown {
  try { return JSON.parse(text); } catch { return text; }
}

const GREPS = new Set(['grep', 'egrep', 'fgrep', 'zgrep']);
const SEARCHERS = new Set(['rg', 'ag', 'ack']);
// Options of these searchers that take a value (the pattern's -e/-f among them: then no plain pattern comes first).
const SEARCH_VALUE_OPT = /^(-[efmABCdDg]|-t|-T|--(regexp|file|max-count|after-context|before-context|context|type|type-not|glob|iglob|include|exclude|exclude-dir|ignore-file|max-depth|depth|sort|threads|color|colors))$/;

/**
 * The directories a recursive search reads every file of: `grep -r x ~/.aws`, `rg x ~/.config/gh`, `ag x DIR`
 * (the first plain word is the pattern unless `-e`/`-f` gave it). Files named directly are readArguments'.
 */
export function searchedDirectories(prog: string, args: readonly string[]): string[] {
  const recursive = SEARCHERS.has(prog) || (GREPS.has(prog) && args.some((a) => /^-[a-zA-Z]*[rR]/.test(a) || a === '--recursive' || a === '--dereference-recursive' || a === '--directories=recurse'));
  if (!recursive) return [];
  const plain: string[] = [];
  let patternGiven = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { plain.push(...args.slice(i + 1)); break; }
    if (a.startsWith('-')) { if (/^(-e|-f|--regexp|--file)/.test(a)) patternGiven = true; if (SEARCH_VALUE_OPT.test(a)) i++; continue; }
    plain.push(a);
  }
  return patternGiven ? plain : plain.slice(1);
}

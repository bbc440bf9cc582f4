// Programs that send the files they name to another machine, beyond scp, rsync and the cloud CLIs: peer-to-peer
// senders through their relay (magic-wormhole, croc) and Send servers' uploads (ffsend), backups to a remote repository (restic, borg, duplicity),
// the put commands of FTP, TFTP and SMB clients, in their scripts or on stdin, copies into a cluster's pod
// (`kubectl cp`, `oc cp`) or a cloud VM (`gcloud compute scp`, `gcloud cloud-shell scp`), MinIO's client's uploads
// (`mc cp|mirror|put|pipe`) and files mailed by `git send-email`. Each gives the host and
// the sources, which egress.ts and uploads.ts report like any other upload. `kubectl exec -i` (and `run -i`,
// `attach -i`) names no file but hands the line's stdin to the pod: a transfer with no sources, whose host takes
// what is piped or redirected in, as ssh's does (facts.ts).
import { baseName, operands as words, optionValue } from './words.js';
import { isRemotePath } from './bulk-copy.js';

/** Operands, `-` (stdin) left out: it names no file sent. */
const operands = (args: readonly string[], values: ReadonlySet<string>) => words(args, values).filter((w) => w !== '-');

export interface FileTransfer { tool: string; host: string; sources: string[] }

const TRANSFER_TOOLS: ReadonlySet<string> = new Set(['wormhole', 'wormhole-william', 'croc', 'ffsend', 'restic', 'borg', 'duplicity', 'smbclient', 'tftp', 'ftp', 'lftp', 'kubectl', 'oc', 'gcloud', 'mc', 'mcli']);

/** Whether `argv` is one of the programs this file knows (git only for `send-email`: its other words send nothing they name). */
export const isTransferTool = (argv: readonly string[]): boolean => {
  const prog = baseName(argv[0] ?? '');
  return TRANSFER_TOOLS.has(prog) || (prog === 'git' && argv.includes('send-email'));
};

/** What `argv` sends and where (`stdin`: a heredoc's text, an FTP client's commands), or undefined. */
export function fileTransferOf(argv: readonly string[], env: readonly string[] = [], stdin?: string): FileTransfer | undefined {
  const tool = baseName(argv[0] ?? '');
  switch (tool) {
    case 'wormhole': case 'wormhole-william': return peerSend(tool, argv, 'relay.magic-wormhole.io', /^--(relay-url|transit-helper)$/, WORMHOLE_VALUES);
    case 'croc': return peerSend(tool, argv, 'croc.schollz.com', /^--relay6?$/, CROC_VALUES);
    case 'ffsend': return sendUpload(tool, argv);
    case 'restic': {
      const at = argv.indexOf('backup');
      const repo = optionValue(argv, '-r', '--repo') ?? envValue(env, 'RESTIC_REPOSITORY');
      const host = repo === undefined ? undefined : resticHost(repo);
      return at < 0 || host === undefined ? undefined : { tool, host, sources: operands(argv.slice(at + 1), RESTIC_VALUES) };
    }
    case 'borg': {
      const at = argv.indexOf('create');
      if (at < 0) return undefined;
      const [archive, ...sources] = operands(argv.slice(at + 1), BORG_VALUES);
      const repo = archive?.startsWith('::') ? `${envValue(env, 'BORG_REPO') ?? ''}${archive}` : archive;
      const host = repo === undefined ? undefined : /^ssh:\/\/(?:[^@/]+@)?([^:/]+)/.exec(repo)?.[1] ?? /^(?:[^@/:]+@)?([A-Za-z0-9.-]+):(?!:)/.exec(repo)?.[1];
      return host === undefined ? undefined : { tool, host, sources };
    }
    case 'duplicity': {
      const words = operands(argv.slice(1), DUPLICITY_VALUES).filter((w) => !/^(full|incremental|incr|backup)$/.test(w));
      const host = /^[a-z0-9+]+:\/\/(?:[^@/]+@)?([^:/]+)/i.exec(words[1] ?? '')?.[1];
      return host === undefined || /^file$/i.test(words[1]!.split(':')[0]!) ? undefined : { tool, host, sources: words.slice(0, 1) };
    }
    case 'smbclient': {
      const share = argv.find((a) => /^(?:\\\\|\/\/)[^\\/]+/.test(a));
      const host = share === undefined ? undefined : /^(?:\\\\|\/\/)([^\\/]+)/.exec(share)![1]!;
      return host === undefined ? undefined : { tool, host, sources: puts(`${optionValue(argv, '-c', '--command') ?? ''}\n${stdin ?? ''}`) };
    }
    case 'tftp': {
      const c = argv.indexOf('-c');
      const host = operands(argv.slice(1, c < 0 ? undefined : c), TFTP_VALUES)[0];
      const script = c < 0 ? stdin ?? '' : argv.slice(c + 1).join(' ');
      return host === undefined ? undefined : { tool, host, sources: puts(script) };
    }
    case 'ftp': case 'lftp': {
      const script = `${optionValue(argv, '-e', '-c') ?? ''}\n${stdin ?? ''}`;
      const host = operands(argv.slice(1), FTP_VALUES).map((w) => /^(?:s?ftps?:\/\/)?(?:[^@/]+@)?([A-Za-z0-9.-]+)/.exec(w)?.[1]).find((h) => h !== undefined)
        ?? /\bopen\s+(?:-u\s+\S+\s+)?(?:s?ftps?:\/\/)?(?:[^@/\s]+@)?([A-Za-z0-9.-]+)/.exec(script)?.[1];
      return host === undefined ? undefined : { tool, host, sources: puts(script) };
    }
    case 'kubectl': case 'oc': return podCopy(tool, argv) ?? podStdin(tool, argv);
    case 'gcloud': return vmCopy(tool, argv);
    case 'mc': case 'mcli': return minioCopy(tool, argv);
    case 'git': return sendEmail(argv);
  }
  return undefined;
}

const KUBECTL_VALUES = new Set(['-n', '--namespace', '-c', '--container', '--context', '--cluster', '--user', '--kubeconfig', '-s', '--server',
  '--token', '--as', '--as-group', '--retries', '--request-timeout', '-v', '--v', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name']);
/** `[namespace/]pod:path`: a pod's file. A Windows drive (`C:\x`) is a local path to kubectl too. */
const POD_PATH = /^((?:[a-z0-9][a-z0-9.-]*\/)?[a-z0-9][a-z0-9.-]*):/;
const inPod = (w: string) => POD_PATH.test(w) && !/^[A-Za-z]:[\\/]/.test(w);

/**
 * `kubectl cp <local> [ns/]pod:<path>` (and OpenShift's `oc cp`): the file goes to a pod of the cluster. Its host
 * is the API server when `--server` names it, else the pod (`pod:ns/name`): nothing an allowlist of hosts names.
 */
function podCopy(tool: string, argv: readonly string[]): FileTransfer | undefined {
  const words = operands(argv.slice(1), KUBECTL_VALUES);
  if (words[0] !== 'cp' || words.length < 3) return undefined;
  const [src, dest] = [words[1]!, words[2]!];
  const pod = inPod(dest) ? POD_PATH.exec(dest)![1]! : undefined;
  if (pod === undefined || inPod(src)) return undefined;
  return { tool, host: clusterHost(argv, pod.includes('/') ? pod : `${namespaceOf(argv)}/${pod}`), sources: [src] };
}

const namespaceOf = (argv: readonly string[]) => optionValue(argv, '-n', '--namespace') ?? 'default';

/** The API server when `--server` names it, else the pod (`pod:ns/name`): nothing an allowlist of hosts names. */
function clusterHost(argv: readonly string[], pod: string): string {
  const server = optionValue(argv, '-s', '--server');
  return (server === undefined ? undefined : /^(?:\w+:\/\/)?([^:/\s]+)/.exec(server)?.[1]) ?? `pod:${pod}`;
}

/** kubectl's options of exec, run and attach that take a value (besides the global ones). */
const POD_COMMAND_VALUES = new Set([...KUBECTL_VALUES, '--image', '--overrides', '--env', '--labels', '-l', '--port', '--restart', '--pod-running-timeout', '-f', '--filename', '--image-pull-policy', '--serviceaccount']);
/** `-i`, `-it`, `-ti`, `--stdin`, `--stdin=true`: the command's stdin is passed to the pod. */
const STDIN_FLAG = /^(?:-t?it?|--stdin(?:=true)?)$/;

/**
 * `kubectl exec -i POD -- cmd`, `kubectl run -i NAME --image=img -- cmd`, `kubectl attach -i POD`: what the line
 * pipes or redirects into the command goes to the pod (`cat ~/.aws/credentials | kubectl exec -i api-0 -- tee /tmp/c`).
 * Without `-i` kubectl passes no stdin, and names no file either: no transfer.
 */
function podStdin(tool: string, argv: readonly string[]): FileTransfer | undefined {
  const end = argv.indexOf('--');
  const own = end < 0 ? argv.slice(1) : argv.slice(1, end);
  const words = operands(own, POD_COMMAND_VALUES);
  if (!['exec', 'run', 'attach'].includes(words[0] ?? '') || words[1] === undefined || !own.some((a) => STDIN_FLAG.test(a))) return undefined;
  // `exec deploy/api`: a resource of a type, in the namespace -n names (a pod's own `pod/` is dropped).
  return { tool, host: clusterHost(own, `${namespaceOf(own)}/${words[1].replace(/^(?:pods?|po)\//, '')}`), sources: [] };
}

const GCLOUD_VALUES = new Set(['--zone', '--project', '--account', '--configuration', '--ssh-key-file', '--port', '--scp-flag', '--verbosity',
  '--impersonate-service-account', '--billing-project', '--format', '--strict-host-key-checking', '--ssh-key-expire-after', '--flags-file']);

/**
 * `gcloud compute scp <local…> [user@]instance:<path>` (scp's own form, through gcloud's keys) and
 * `gcloud cloud-shell scp localhost:<local> cloudshell:<path>`. The host is the instance (`gce:name`) or Cloud Shell.
 */
function vmCopy(tool: string, argv: readonly string[]): FileTransfer | undefined {
  const words = operands(argv.slice(1), GCLOUD_VALUES);
  const verb = `${words[0]} ${words[1]}`;
  if ((verb !== 'compute scp' && verb !== 'cloud-shell scp') || words.length < 4) return undefined;
  const dest = words[words.length - 1]!;
  const sources = words.slice(2, -1);
  if (verb === 'cloud-shell scp') {
    const local = sources.filter((w) => w.startsWith('localhost:')).map((w) => w.slice('localhost:'.length));
    return dest.startsWith('cloudshell:') && local.length > 0 ? { tool: 'gcloud cloud-shell', host: 'cloud-shell', sources: local } : undefined;
  }
  // scp's `[user@]host:path`, the host an instance's name.
  const local = sources.filter((w) => !isRemotePath(w));
  return !isRemotePath(dest) || local.length === 0 ? undefined : { tool: 'gcloud compute', host: `gce:${dest.slice(dest.indexOf('@') + 1, dest.indexOf(':'))}`, sources: local };
}

const MC_VALUES = new Set(['-C', '--config-dir', '--attr', '--storage-class', '--encrypt-key', '--encrypt', '--tags', '--limit-upload', '--limit-download', '--rewind', '--older-than', '--newer-than', '--exclude', '--retention-mode', '--retention-duration']);
/** MinIO's `ALIAS/BUCKET[/path]` (a local path starts with `/`, `.` or `~`, or is a bare name). */
const MC_REMOTE = /^[A-Za-z0-9_][\w.-]*\/[^/\s]/;

/**
 * MinIO's client (`mc`, Debian's `mcli`): `cp|mirror|put <local…> ALIAS/BUCKET[/path]` uploads, `pipe ALIAS/…`
 * uploads its stdin. The host is the alias (`mc:name`), as rclone's remote is.
 */
function minioCopy(tool: string, argv: readonly string[]): FileTransfer | undefined {
  const [verb, ...rest] = operands(argv.slice(1), MC_VALUES);
  const dest = rest[rest.length - 1];
  if (dest === undefined || !MC_REMOTE.test(dest)) return undefined;
  const host = `mc:${dest.slice(0, dest.indexOf('/'))}`;
  if (verb === 'pipe' && rest.length === 1) return { tool: `${tool} pipe`, host, sources: [] };
  const local = rest.slice(0, -1).filter((w) => !MC_REMOTE.test(w));
  return ['cp', 'mirror', 'put'].includes(verb ?? '') && local.length > 0 ? { tool: `${tool} ${verb}`, host, sources: local } : undefined;
}

const SEND_EMAIL_VALUES = new Set(['--to', '--cc', '--bcc', '--from', '--subject', '--in-reply-to', '--smtp-server', '--smtp-server-port', '--smtp-user',
  '--smtp-pass', '--smtp-encryption', '--smtp-domain', '--smtp-ssl-cert-path', '--identity', '--to-cmd', '--cc-cmd', '--header-cmd', '--reply-to', '--envelope-sender', '--sendmail-cmd', '--transfer-encoding', '-v']);

/**
 * `git send-email [options] <file|directory…>`: the files (patches, or anything named) go by mail to the SMTP
 * server, or to the first `--to` recipient's domain (recipients only in the patches' headers are not looked for).
 * Revision ranges (`HEAD~2`, `origin/main..`) are the repository's own commits, which `format-patch` would make:
 * not files named.
 */
function sendEmail(argv: readonly string[]): FileTransfer | undefined {
  const at = argv.indexOf('send-email');
  if (at < 0) return undefined;
  const own = argv.slice(at + 1);
  const server = optionValue(own, '--smtp-server');
  const to = optionValue(own, '--to');
  // A server that is a path is a local sendmail, which hands the mail on to the recipients' domains.
  const relay = server === undefined || server.startsWith('/') ? undefined : /^(?:\w+:\/\/)?([^:/\s]+)/.exec(server)?.[1];
  const host = relay ?? (to === undefined ? undefined : /@([A-Za-z0-9.-]+)/.exec(to)?.[1]);
  if (host === undefined) return undefined;
  const sources = operands(own, SEND_EMAIL_VALUES).filter((w) => /[./]/.test(w) && !/\.\.|^HEAD\b|^@|[~^]\d*$/.test(w));
  return { tool: 'git send-email', host, sources };
}

const WORMHOLE_VALUES = new Set(['--code', '--code-length', '-c', '--text', '--appid', '--relay-url', '--transit-helper']);
const CROC_VALUES = new Set(['--code', '-c', '--relay', '--relay6', '--pass', '--ports', '--exclude', '--text', '--transfers', '--socks5', '--curve']);
const RESTIC_VALUES = new Set(['-r', '--repo', '--repository-file', '-p', '--password-file', '--password-command', '--tag', '--host', '--exclude', '-e', '--exclude-file', '--files-from', '--iexclude', '--parent', '--time', '-o', '--option', '--cache-dir', '--limit-upload', '--limit-download', '--stdin-filename']);
const BORG_VALUES = new Set(['--exclude', '-e', '--exclude-from', '--pattern', '--patterns-from', '--comment', '--compression', '-C', '--chunker-params', '--checkpoint-interval', '--timestamp', '--rsh', '--remote-path', '--upload-ratelimit', '--files-cache']);
const DUPLICITY_VALUES = new Set(['--encrypt-key', '--sign-key', '--exclude', '--include', '--exclude-filelist', '--include-filelist', '--name', '--archive-dir', '--volsize', '--ssh-options', '--s3-endpoint-url']);
const TFTP_VALUES = new Set(['-m', '-l', '-R', '-w', '-T']);
const FTP_VALUES = new Set(['-e', '-c', '-u', '-p', '-P', '-f', '-s', '-o', '-T', '-r']);

/** A peer-to-peer sender's files (after `send`) and its relay: the default unless an option names another. */
function peerSend(tool: string, argv: readonly string[], defaultRelay: string, relayOption: RegExp, values: ReadonlySet<string>): FileTransfer | undefined {
  const at = argv.indexOf('send');
  if (at < 0) return undefined;
  const relay = argv.map((a, i) => (relayOption.test(a) ? argv[i + 1] : /^--relay6?=|^--relay-url=|^--transit-helper=/.test(a) ? a.replace(/^[^=]*=/, '') : undefined)).find((v) => v !== undefined);
  const host = relay === undefined ? defaultRelay : /^(?:\w+:\/\/|tcp:)?([^:/\s]+)/.exec(relay)?.[1] ?? defaultRelay;
  return { tool, host, sources: operands(argv.slice(at + 1), values) };
}

// ffsend's options that take a value (`-p` may take none, so it is a flag here: a password read as a file sends nothing).
const FFSEND_VALUES = new Set(['-H', '--host', '-d', '--downloads', '-e', '--expiry', '-n', '--name', '--api', '--basic-auth', '--history', '-t', '--timeout', '-T', '--transfer-timeout']);

/** `ffsend upload|up|u [opts] FILE…`: to a Send server, its public one unless `--host` names another. */
function sendUpload(tool: string, argv: readonly string[]): FileTransfer | undefined {
  const at = argv.findIndex((a, i) => i > 0 && /^(upload|up|u)$/.test(a));
  if (at < 0) return undefined;
  const server = optionValue(argv, '-H', '--host');
  const host = (server === undefined ? undefined : /^(?:\w+:\/\/)?([^:/\s]+)/.exec(server)?.[1]) ?? 'send.vis.ee';
  return { tool, host, sources: operands(argv.slice(at + 1), FFSEND_VALUES) };
}

const envValue = (env: readonly string[], name: string) => env.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1);

/** A restic repository's host: sftp:user@host:/p, sftp://host/p, rest:https://host/, s3:host/bucket; none for a local path. */
function resticHost(repo: string): string | undefined {
  const m = /^(sftp|rest|s3|swift|b2|azure|gs|rclone):(.*)$/.exec(repo);
  if (m === null) return undefined;
  const rest = m[2]!;
  if (m[1] === 'sftp') return /^(?:\/\/)?(?:[^@/]+@)?([^:/]+)/.exec(rest)?.[1];
  if (m[1] === 'rest' || m[1] === 's3') return /^(?:https?:\/\/)?(?:[^@/]+@)?([^:/]+)/.exec(rest)?.[1];
  return `${m[1]}:${rest.split(/[:/]/)[0]}`;
}

/** The local files of an FTP/TFTP/SMB script's `put`, `mput`, `send` and `append` commands (first 64). */
function puts(script: string): string[] {
  const out: string[] = [];
  for (const m of script.matchAll(/(?:^|[\n;])[ \t]*(put|mput|send|append|reput)[ \t]+([^\n;]+)/gi)) {
    const words = m[2]!.trim().split(/\s+/).filter((w) => !w.startsWith('-'));
    out.push(...(m[1]!.toLowerCase() === 'mput' ? words : words.slice(0, 1)));
    if (out.length >= 64) break;
  }
  return out.slice(0, 64);
}

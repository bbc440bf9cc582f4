// What a command sends by naming it (not through a pipe): the sources of an upload. A cloud storage CLI's
// upload (cloud-storage.ts), `scp`/`rsync` to a `host:` destination, a mail attachment, socat's FILE: address,
// the files `gh` and `glab` publish (forge-cli.ts), peer-to-peer senders, remote backups and FTP puts (file-transfers.ts). `scp host:f .` and `rsync host:d .`
// download: nothing of this machine's goes, so nothing is named.
import { cloudUploadOf } from './cloud-storage.js';
import { baseName } from './words.js';
import { MAILERS } from './egress.js';
import { FORGE_CLIS, forgeUploadOf } from './forge-cli.js';
import { fileTransferOf } from './file-transfers.js';

// Options that take a value: the two programs share letters with other meanings (scp -i identity, rsync -i itemize).
const VALUE_OPTS: Record<'scp' | 'rsync', ReadonlySet<string>> = {
  scp: new Set(['-P', '-i', '-F', '-o', '-c', '-l', '-S', '-J', '-D', '-X']),
  rsync: new Set(['-e', '-f', '-T', '-B', '--rsh', '--exclude', '--include', '--exclude-from', '--include-from', '--files-from', '--filter',
    '--port', '--rsync-path', '--chmod', '--chown', '--bwlimit', '--log-file', '--password-file', '--temp-dir', '--compare-dest',
    '--copy-dest', '--link-dest', '--backup-dir', '--suffix', '--timeout', '--max-size', '--min-size', '--usermap', '--groupmap', '--block-size']),
};
const REMOTE = /^(?:[^@\s/]+@)?(?:[A-Za-z0-9.-]+|\[[^\]]+\]):/;

/** The paths (as written) this command uploads; empty when it uploads nothing it names. `env` and `stdin` are the command's. */
export function uploadSources(argv: readonly string[], env?: readonly string[], stdin?: string): string[] {
  const transfer = fileTransferOf(argv, env, stdin);
  if (transfer) return transfer.sources;
  const cloud = cloudUploadOf(argv);
  if (cloud) return cloud.sources.filter((s) => s !== '-');
  const prog = baseName(argv[0] ?? '');
  if (MAILERS.has(prog)) return attachments(argv);
  if (prog === 'socat') return socatFileSources(argv);
  if (FORGE_CLIS.has(prog)) return forgeUploadOf(argv)?.sources ?? [];
  if (prog !== 'scp' && prog !== 'rsync') return [];
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) { if (VALUE_OPTS[prog].has(a)) i++; continue; }
    words.push(a);
  }
  if (words.length < 2 || !REMOTE.test(words[words.length - 1]!)) return [];
  return words.slice(0, -1).filter((w) => !REMOTE.test(w));
}

/** A mail client's attachments: `mail -a f`, `mutt -a f1 f2 --`, `swaks --attach f`. */
function attachments(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-a' || a === '-A' || a === '--attach') { if (argv[i + 1] !== undefined) out.push(argv[++i]!); }
    else if (a.startsWith('--attach=')) out.push(a.slice(9).replace(/^@/, ''));
  }
  return out;
}

/**
 * socat's file addresses that it reads: `socat FILE:x TCP:h:p`, `OPEN:x,rdonly`, `GOPEN:x`. socat moves data
 * both ways unless `-u` (first address to second) or `-U` (second to first) says which side is read.
 */
function socatFileSources(argv: readonly string[]): string[] {
  // An address is `-`, STDIO, or TYPE:…; option values (`-T 10`, `-lf log`) are neither.
  const addresses = argv.slice(1).filter((a) => a === '-' || /^(?:[A-Za-z][A-Za-z0-9-]*:|STDIO$|STDIN$|STDOUT$)/i.test(a));
  const read = argv.includes('-u') ? addresses.slice(0, 1) : argv.includes('-U') ? addresses.slice(1, 2) : addresses;
  return read.map((a) => /^(?:FILE|OPEN|GOPEN):([^,]+)/i.exec(a)?.[1]).filter((p): p is string => p !== undefined);
}

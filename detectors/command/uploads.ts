// What a command sends by naming it (not through a pipe): the sources of an upload. A cloud storage CLI's
// upload (cloud-storage.ts), and `scp`/`rsync` to a `host:` destination. `scp host:f .` and `rsync host:d .`
// download: nothing of this machine's goes, so nothing is named.
import { cloudUploadOf } from './cloud-storage.js';
import { baseName } from './words.js';
import { MAILERS } from './egress.js';

// scp's and rsync's options that take a value.
const VALUE_OPTS = new Set(['-P', '-p', '-i', '-F', '-o', '-c', '-l', '-S', '-J', '-e', '--rsh', '--exclude', '--include', '--exclude-from',
  '--include-from', '--files-from', '--filter', '-f', '--port', '--rsync-path', '--chmod', '--bwlimit', '--log-file', '--password-file']);
const REMOTE = /^(?:[^@\s/]+@)?(?:[A-Za-z0-9.-]+|\[[^\]]+\]):/;

/** The paths (as written) this command uploads; empty when it uploads nothing it names. */
export function uploadSources(argv: readonly string[]): string[] {
  const cloud = cloudUploadOf(argv);
  if (cloud) return cloud.sources.filter((s) => s !== '-');
  const prog = baseName(argv[0] ?? '');
  if (MAILERS.has(prog)) return attachments(argv);
  if (prog !== 'scp' && prog !== 'rsync') return [];
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) { if (VALUE_OPTS.has(a) && !(prog === 'scp' && a === '-p') && !(prog === 'rsync' && a === '-p')) i++; continue; }
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

// Where a cloud storage CLI sends local data (ATT&CK T1567.002, exfiltration to cloud storage): `aws s3
// cp|mv|sync`, `aws s3api put-object --body`, `gsutil`/`gcloud storage` `cp|mv|rsync`, `az storage … upload`,
// `azcopy copy|sync`, `rclone copy|sync|move|rcat`, `s3cmd put|sync`, `b2 upload-file|sync`. An upload is a
// transfer whose destination is a bucket and whose source is not: downloads, listings, bucket-to-bucket
// copies and `mb` send nothing from this machine, so they are not egress here. The host is the endpoint
// the CLI talks to for that bucket (what an allowlist names: `*.s3.amazonaws.com`, `my-site.s3.amazonaws.com`).
import { baseName, operands, optionValue } from './words.js';

export interface CloudUpload {
  /** The CLI and its verb, e.g. `aws s3 sync`. */
  tool: string;
  /** The bucket's endpoint (or the rclone remote's name): the destination's host. */
  host: string;
  /** The destination as written. */
  dest: string;
  /** What is sent, as written: local paths, `-` for stdin. */
  sources: string[];
  /** A whole directory goes (`sync`, `-r`, `--recursive`, `upload-batch`). */
  recursive: boolean;
}

/** The programs this file knows; anything else is not a cloud upload. */
export const CLOUD_CLIS = new Set(['aws', 'gsutil', 'gcloud', 'az', 'azcopy', 'rclone', 's3cmd', 'b2']);

// Options that take a value (the next word), per CLI: the value is neither a source nor the destination.
const AWS_VALUE_OPTS = new Set(['--region', '--profile', '--endpoint-url', '--acl', '--storage-class', '--exclude', '--include', '--sse',
  '--sse-c', '--sse-c-key', '--sse-kms-key-id', '--content-type', '--cache-control', '--content-disposition', '--content-encoding',
  '--content-language', '--expires', '--metadata', '--metadata-directive', '--grants', '--website-redirect', '--page-size', '--source-region',
  '--output', '--query', '--color', '--cli-read-timeout', '--cli-connect-timeout', '--ca-bundle', '--expected-size', '--request-payer',
  '--checksum-algorithm', '--copy-props', '--bucket', '--key', '--body', '--tagging']);
const GSUTIL_VALUE_OPTS = new Set(['-o', '-h', '-u', '-z', '-j', '-a', '-s', '-L', '-x', '-i', '--project', '--billing-project', '--content-type',
  '--cache-control', '--predefined-acl', '--storage-class', '--exclude-name-pattern', '--additional-headers']);
const RCLONE_VALUE_OPTS = new Set(['--config', '--include', '--exclude', '--filter', '--transfers', '--checkers', '--bwlimit', '--max-age',
  '--min-age', '--max-size', '--min-size', '--backup-dir', '--log-file', '--log-level', '--include-from', '--exclude-from', '--files-from']);

const BUCKET_URL = /^(s3|gs|b2):\/\/([^/\s]+)/i;

const recursiveFlag = (args: readonly string[]) => args.some((a) => a === '-r' || a === '-R' || a === '--recursive' || /^-[a-zA-Z]*[rR][a-zA-Z]*$/.test(a));

function endpointOf(scheme: string, bucket: string, args: readonly string[]): string {
  const custom = optionValue(args, '--endpoint-url');
  const m = custom ? /^[a-z]+:\/\/([^/:]+)/i.exec(custom) : null;
  if (m) return m[1]!.toLowerCase();
  const b = bucket.toLowerCase();
  return scheme === 's3' ? `${b}.s3.amazonaws.com` : scheme === 'gs' ? `${b}.storage.googleapis.com` : `${b}.backblazeb2.com`;
}

/** `<sources…> <bucket URL>`: an upload when the last word is a bucket of `scheme` and some source is not. */
function copyToBucket(tool: string, words: readonly string[], args: readonly string[], recursive: boolean): CloudUpload | undefined {
  if (words.length < 2) return undefined;
  const dest = words[words.length - 1]!;
  const m = BUCKET_URL.exec(dest);
  const sources = words.slice(0, -1).filter((w) => !BUCKET_URL.test(w));
  if (!m || sources.length === 0) return undefined;
  return { tool, host: endpointOf(m[1]!.toLowerCase(), m[2]!, args), dest, sources, recursive };
}

function aws(args: readonly string[]): CloudUpload | undefined {
  const [service, verb] = operands(args, AWS_VALUE_OPTS);
  const rest = args.slice(args.indexOf(verb ?? '') + 1);
  if (service === 's3' && (verb === 'cp' || verb === 'mv' || verb === 'sync')) {
    return copyToBucket(`aws s3 ${verb}`, operands(rest, AWS_VALUE_OPTS), args, verb === 'sync' || recursiveFlag(rest));
  }
  if (service === 's3api' && (verb === 'put-object' || verb === 'upload-part')) {
    const bucket = optionValue(rest, '--bucket');
    const body = optionValue(rest, '--body');
    if (bucket === undefined || body === undefined) return undefined;
    return { tool: `aws s3api ${verb}`, host: endpointOf('s3', bucket, args), dest: `s3://${bucket}/${optionValue(rest, '--key') ?? ''}`, sources: [body], recursive: false };
  }
  return undefined;
}

function gsutil(tool: string, args: readonly string[]): CloudUpload | undefined {
  const words = operands(args, GSUTIL_VALUE_OPTS);
  const verb = words[0];
  if (verb !== 'cp' && verb !== 'mv' && verb !== 'rsync') return undefined;
  const rest = args.slice(args.indexOf(verb) + 1);
  return copyToBucket(`${tool} ${verb}`, operands(rest, GSUTIL_VALUE_OPTS), args, verb === 'rsync' || recursiveFlag(rest));
}

function az(args: readonly string[]): CloudUpload | undefined {
  const words = operands(args, new Set(['--account-name', '--container-name', '--container', '--name', '--file', '--source', '--destination', '--share-name', '--path', '--connection-string', '--account-key', '--sas-token', '-c', '-n', '-f', '-s', '-d', '--subscription', '--auth-mode', '--pattern', '--output', '-o']));
  const verb = words.find((w) => /^upload(-batch)?$|^sync$/.test(w));
  if (words[0] !== 'storage' || verb === undefined) return undefined;
  const source = optionValue(args, '--file', '-f', '--source', '-s');
  if (source === undefined) return undefined;
  const account = optionValue(args, '--account-name') ?? /AccountName=([^;]+)/.exec(optionValue(args, '--connection-string') ?? '')?.[1];
  const container = optionValue(args, '--container-name', '--container', '-c', '--destination', '-d', '--share-name') ?? '';
  const host = account ? `${account.toLowerCase()}.blob.core.windows.net` : 'blob.core.windows.net';
  return { tool: `az storage ${words.slice(1, words.indexOf(verb) + 1).join(' ')}`, host, dest: `${host}/${container}`, sources: [source], recursive: verb !== 'upload' };
}

function azcopy(args: readonly string[]): CloudUpload | undefined {
  const words = operands(args, new Set(['--include-pattern', '--exclude-pattern', '--log-level', '--from-to', '--block-size-mb', '--cap-mbps', '--include-path', '--exclude-path']));
  const [verb, ...rest] = words;
  if ((verb !== 'copy' && verb !== 'cp' && verb !== 'sync') || rest.length < 2) return undefined;
  const dest = rest[rest.length - 1]!;
  const m = /^https?:\/\/([^/?#\s]+)/i.exec(dest);
  const sources = rest.slice(0, -1).filter((w) => !/^https?:\/\//i.test(w));
  if (!m || sources.length === 0) return undefined;
  return { tool: `azcopy ${verb}`, host: m[1]!.toLowerCase(), dest: dest.split('?')[0]!, sources, recursive: verb === 'sync' || recursiveFlag(args) };
}

// rclone's remotes are `name:path` (a local path has no colon before its first slash; `C:\` is a drive).
const REMOTE = /^([A-Za-z0-9_][\w.-]*):(?![\\/])/;

function rclone(args: readonly string[]): CloudUpload | undefined {
  const [verb, ...words] = operands(args, RCLONE_VALUE_OPTS);
  if (verb === 'rcat' && words[0] !== undefined && REMOTE.test(words[0])) {
    return { tool: 'rclone rcat', host: REMOTE.exec(words[0])![1]!, dest: words[0], sources: ['-'], recursive: false };
  }
  if (!['copy', 'copyto', 'sync', 'move', 'moveto'].includes(verb ?? '') || words.length < 2) return undefined;
  const [source, dest] = [words[0]!, words[1]!];
  const m = REMOTE.exec(dest);
  if (!m || REMOTE.test(source)) return undefined;
  return { tool: `rclone ${verb}`, host: m[1]!, dest, sources: [source], recursive: !verb!.endsWith('to') };
}

function s3cmd(args: readonly string[]): CloudUpload | undefined {
  const words = operands(args, new Set(['-c', '--config', '--exclude', '--include', '--mime-type', '--region', '--storage-class', '--host', '--host-bucket']));
  const [verb, ...rest] = words;
  if (verb !== 'put' && verb !== 'sync') return undefined;
  return copyToBucket(`s3cmd ${verb}`, rest, args, verb === 'sync' || recursiveFlag(args));
}

function b2(args: readonly string[]): CloudUpload | undefined {
  const words = operands(args, new Set(['--contentType', '--content-type', '--info', '--threads', '--exclude-regex', '--include-regex']));
  const [verb, ...rest] = words;
  if ((verb === 'upload-file' || verb === 'upload_file') && rest.length >= 2) {
    const [bucket, local] = [rest[0]!, rest[1]!];
    return { tool: `b2 ${verb}`, host: endpointOf('b2', bucket, args), dest: `b2://${bucket}/${rest[2] ?? ''}`, sources: [local], recursive: false };
  }
  return verb === 'sync' ? copyToBucket('b2 sync', rest, args, true) : undefined;
}

/** The upload this command line makes to cloud storage, if it is one. */
export function cloudUploadOf(argv: readonly string[]): CloudUpload | undefined {
  const prog = baseName(argv[0] ?? '');
  if (!CLOUD_CLIS.has(prog)) return undefined;
  const args = argv.slice(1);
  switch (prog) {
    case 'aws': return aws(args);
    case 'gsutil': return gsutil('gsutil', args);
    case 'gcloud': {
      // `gcloud storage cp …`, `gcloud alpha storage cp …`
      const at = args.indexOf('storage');
      return at >= 0 && at <= 1 ? gsutil('gcloud storage', args.slice(at + 1)) : undefined;
    }
    case 'az': return az(args);
    case 'azcopy': return azcopy(args);
    case 'rclone': return rclone(args);
    case 's3cmd': return s3cmd(args);
    case 'b2': return b2(args);
    default: return undefined;
  }
}

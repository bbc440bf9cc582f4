// Credentials served by a cloud machine's metadata service (T1552.005): on a cloud VM, a dev container or a
// CI runner, one GET on a link-local address returns the machine's role keys or an OAuth token, no file
// involved. Such a request is a secret read like `cat ~/.aws/credentials`, so it joins the event's secrets and
// every detector that follows secrets (exfiltration after it, files it was saved to) sees it.
import type { Egress } from './egress.js';

/**
 * The metadata services' addresses: AWS/Azure/GCP/OpenStack's link-local one, AWS's IPv6, ECS's task endpoint, GCP's names, Alibaba's.
 * Answered by the machine's own hypervisor or agent: a request there takes nothing out of the machine.
 */
export const METADATA_HOST = /^(?:169\.254\.169\.254|\[?fd00:ec2::254\]?|169\.254\.170\.2|metadata\.google\.internal|metadata|100\.100\.100\.200|instance-data(?:\.ec2\.internal)?)$/i;

/** Wildcard DNS services that answer a name with the address written in it (`169.254.169.254.nip.io`, `a9fea9fe.sslip.io`). */
const WILDCARD_DNS = /^(?:[a-z0-9-]{0,63}[.-])?((?:\d{1,3}[.-]){3}\d{1,3}|[0-9a-f]{8})\.(?:nip\.io|sslip\.io|xip\.io|nip\.direct)$/i;
const MAPPED_V6 = /^::ffff:(?:(\d{1,3}(?:\.\d{1,3}){3})|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/;
const hexToDotted = (hex: string) => [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');

/**
 * A host as the resolver takes it: the address forms inet_aton accepts (decimal `2852039166`, hex `0xa9fea9fe`,
 * octal `0251.0376.0251.0376`, `169.254.43518`; normalised by the WHATWG URL parser), an IPv4-mapped IPv6
 * address, a wildcard-DNS name that spells an address. `curl http://0xa9fea9fe/latest/meta-data/` is the metadata service.
 */
export function canonicalHost(host: string): string {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  const wild = WILDCARD_DNS.exec(h);
  if (wild) return /^[0-9a-f]{8}$/.test(wild[1]!) ? hexToDotted(wild[1]!) : wild[1]!.replace(/-/g, '.');
  const mapped = MAPPED_V6.exec(h);
  if (mapped) return mapped[1] ?? hexToDotted(mapped[2]!.padStart(4, '0') + mapped[3]!.padStart(4, '0'));
  if (h.length <= 64 && /^[0-9a-fx.]+$/.test(h) && /\d/.test(h)) {
    try { return new URL(`http://${h}/`).hostname; } catch { return h; }
  }
  return h;
}

/** The paths that answer with a credential (or, for user data, what the machine was started with: often bootstrap secrets). */
const CREDENTIAL_PATHS: readonly { re: RegExp; label: string }[] = [
  { re: /\/(?:iam|ram)\/security-credentials\b|\/identity-credentials\/|^\/v[0-9]\/credentials\//i, label: 'cloud role credentials from the instance metadata service' },
  { re: /\/service-accounts\/[^/?#]+\/(?:token|identity)\b|\/metadata\/identity\/oauth2\/token\b/i, label: 'a cloud access token from the instance metadata service' },
  { re: /\/user-data\b|\/attributes\/kube-env\b/i, label: 'the instance user data (bootstrap secrets) from the metadata service' },
];

/** ECS and EKS Pod Identity hand the credential URL over in these variables; the command names the variable. */
const CONTAINER_CREDENTIALS_VAR = /\$\{?AWS_CONTAINER_CREDENTIALS_(?:RELATIVE|FULL)_URI\b/;

export interface MetadataCredential { url: string; label: string }

/** The credential an egress asks the metadata service for, if it does. */
export function metadataCredentialOf(e: Egress): MetadataCredential | undefined {
  if (e.url === undefined || !METADATA_HOST.test(canonicalHost(e.host))) return undefined;
  const pathStart = e.url.indexOf('/', e.url.indexOf('//') + 2);
  const urlPath = pathStart < 0 ? '/' : e.url.slice(pathStart);
  const hit = CREDENTIAL_PATHS.find((p) => p.re.test(urlPath));
  return hit && { url: e.url, label: hit.label };
}

/** A downloader's argument that fetches the container credentials endpoint through its variable (`curl 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`). */
export function containerCredentialArg(args: readonly string[]): MetadataCredential | undefined {
  const arg = args.find((a) => CONTAINER_CREDENTIALS_VAR.test(a));
  return arg === undefined ? undefined : { url: arg, label: 'cloud role credentials from the container credentials endpoint' };
}

/** The clouds' own APIs: what a machine's credentials are for. Used there, they are used, not sent out. */
export const CLOUD_API_HOST = /(?:^|\.)(?:amazonaws\.com|aws\.amazon\.com|googleapis\.com|azure\.com|azure\.net|windows\.net|microsoft\.com|microsoftonline\.com|aliyuncs\.com)$/i;


// Credentials served by a cloud machine's metadata service (T1552.005): on a cloud VM, a dev container or a
// CI runner, one GET on a link-local address returns the machine's role keys or an OAuth token, no file
// involved. Such a request is a secret read like `cat ~/.aws/credentials`, so it joins the event's secrets and
// every detector that follows secrets (exfiltration after it, files it was saved to) sees it.
import type { Egress } from './egress.js';

/**
 * The metadata services' addresses: AWS/Azure/GCP/OpenStack's link-local one, AWS's IPv6, ECS's task endpoint, GCP's names, Alibaba's.
 * Answered by the machine's own hypervisor or agent: a request there takes nothing out of the machine.
 */
export const METADATA_HOST = /^(?:169\.254\.169\.254|\[?fd00:ec2::254\]?|169\.254\.170\.2|metadata\.google\.internal|metadata|100\.100\.100\.200)$/i;

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
  if (e.url === undefined || !METADATA_HOST.test(e.host)) return undefined;
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


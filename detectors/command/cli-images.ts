// `docker run -v ~/.aws:/root/.aws amazon/aws-cli s3 ls`: the way AWS, Google and Microsoft document running their
// CLIs without installing them, the user's login mounted where the CLI looks. The image's code is the vendor's own
// CLI, which the login is for; any other image (or an entrypoint swapped, or a command that names the mounted files
// themselves: `… amazon/aws-cli s3 cp /root/.aws/credentials s3://x`) is handed the login as any container is.

/** The vendors' CLI images (any tag or digest), and the IaC tools that take those logins. */
const CLI_IMAGES = /^(?:docker\.io\/)?(?:amazon\/aws-cli|public\.ecr\.aws\/aws-cli\/aws-cli|google\/cloud-sdk|gcr\.io\/google\.com\/cloudsdktool\/(?:google-cloud-cli|cloud-sdk)|mcr\.microsoft\.com\/azure-cli|registry\.k8s\.io\/kubectl|bitnami\/kubectl|hashicorp\/terraform|pulumi\/pulumi)(?::[\w.-]{1,128})?(?:@sha256:[0-9a-f]{64})?$/;

/** `docker run`'s options that take no value; every other option is taken to take one (a misread keeps the finding). */
const RUN_SWITCHES = new Set(['--rm', '--init', '--privileged', '--read-only', '--detach', '--interactive', '--tty', '--publish-all', '--quiet', '--no-healthcheck', '--oom-kill-disable', '--disable-content-trust']);
const SHORT_SWITCHES = /^-[ditPq]+$/;

/**
 * Whether `args` (after `run`/`create`) run a vendor's CLI image as it comes, and its command leaves `targets`
 * (where the mounts land inside) alone.
 */
export function runsCliImage(args: readonly string[], targets: readonly string[]): boolean {
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { i++; break; }
    if (!a.startsWith('-')) break;
    if (/^--entrypoint(=|$)/.test(a)) return false;
    if (a.includes('=') || RUN_SWITCHES.has(a) || SHORT_SWITCHES.test(a)) continue;
    i++; // an option and its value
  }
  if (!CLI_IMAGES.test(args[i] ?? '')) return false;
  const command = args.slice(i + 1);
  return !command.some((w) => targets.some((t) => t !== '' && w.includes(t)));
}

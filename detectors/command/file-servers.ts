// One-line web servers (`python3 -m http.server`, `npx http-server ~`, `php -S 0.0.0.0:80`, `busybox httpd -h DIR`,
// `ruby -run -e httpd DIR`, `serve DIR`): the directory they serve to every host on the network is handed out whole,
// as a copy of it would be (facts.ts then asks the secret catalog whether it holds credentials: `cd ~ && python3 -m
// http.server` serves ~/.ssh and ~/.aws). A server bound to loopback only hands nothing to the network.
import { baseName, optionValues, PACKAGE_RUNNERS } from './words.js';

const PYTHON = /^python[0-9.]*$/;
const LOOPBACK = /^(127\.|localhost$|::1$|\[::1\])/;
const ALL_INTERFACES = /^(0\.0\.0\.0|\[?::\]?)(:\d+)?$/;

/** The directory a one-line server serves beyond loopback, as written (`.` for its working directory); undefined otherwise. */
export function servedDirectory(argv: readonly string[]): string | undefined {
  const words = packageRunCommand(argv);
  const prog = baseName(words[0] ?? '');
  const args = words.slice(1);
  const option = (names: RegExp) => optionValues(args, names)[0];
  if (PYTHON.test(prog)) {
    const m = args.indexOf('-m');
    const mod = args[m + 1];
    if (m < 0 || (mod !== 'http.server' && mod !== 'SimpleHTTPServer')) return undefined;
    return boundBeyondLoopback(option(/^(--bind|-b)$/)) ? option(/^(--directory|-d)$/) ?? '.' : undefined;
  }
  if (prog === 'php') {
    const host = args[args.indexOf('-S') + 1];
    return args.includes('-S') && host !== undefined && ALL_INTERFACES.test(host) ? option(/^-t$/) ?? '.' : undefined;
  }
  // busybox's httpd (the parser reads `busybox httpd` as httpd): every interface unless `-p IP:PORT` names one.
  if (prog === 'httpd') return args.includes('-h') && boundBeyondLoopback(option(/^-p$/)?.replace(/:\d+$/, '')) ? option(/^-h$/) : undefined;
  if (prog === 'ruby') {
    const at = args.findIndex((a) => a === 'httpd' || a === '-ehttpd');
    return args.some((a) => /^-?run$/.test(a)) && at >= 0 && boundBeyondLoopback(option(/^(--bind-address|-b)$/)) ? positional(args.slice(at + 1)) ?? '.' : undefined;
  }
  // npm's http-server and Vercel's serve listen on every interface by default.
  if (prog === 'http-server' || prog === 'serve') return boundBeyondLoopback(option(/^(-a|--address|-l|--listen)$/)) ? positional(args) ?? '.' : undefined;
  return undefined;
}

/** `npx http-server ~`, `pnpm dlx serve ~/.ssh`, `yarn dlx …`: the package's command. */
function packageRunCommand(argv: readonly string[]): readonly string[] {
  const prog = baseName(argv[0] ?? '');
  if (PACKAGE_RUNNERS.has(prog)) { const i = argv.findIndex((a, k) => k > 0 && !a.startsWith('-')); return i < 0 ? [] : argv.slice(i); }
  if ((prog === 'pnpm' || prog === 'yarn') && argv[1] === 'dlx') return argv.slice(2);
  return argv;
}

/** No address given, or one that is not loopback (`--bind 0.0.0.0`, `-b 192.168.1.5`). */
function boundBeyondLoopback(address: string | undefined): boolean {
  return address === undefined || !LOOPBACK.test(address.replace(/^(tcp:\/\/|https?:\/\/)/, ''));
}

/** The first argument that is neither an option nor an option's value nor a port: the served directory. */
function positional(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) { if (!a.includes('=') && args[i + 1] !== undefined && !args[i + 1]!.startsWith('-') && /^(-[pacltPCK]|--(port|address|listen|cache|ssl-cert|ssl-key|config|proxy))$/.test(a)) i++; continue; }
    if (!/^\d+$/.test(a)) return a;
  }
  return undefined;
}

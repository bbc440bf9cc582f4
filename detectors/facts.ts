// What an event does, in terms rules care about: which paths it reads, writes and deletes, where it
// sends data, whether it pipes a download into a shell. Computed once per event, then shared by
// every rule and by the session state update.
import type { Event } from '../core/event.js';
import { parseCommand, baseName, type SimpleCommand } from './command/parse-command.js';
import { PRINTS_ARGUMENTS, shellScriptIndex, sshRemoteCommand } from './command/words.js';
import { DOWNLOADERS, ENVIRONMENT_FILE, NETWORK_TOOLS, STDIN_INTERPRETERS } from './catalog.js';
import { uploadSources } from './command/uploads.js';
import { gitPushEgress, remoteAdded } from './command/git-push.js';
import { commandCwd, resolvePath } from './paths.js';
import { secretDirsAmong, secretsAmong } from './secret-paths.js';
import { egressOfCommand, urlArgs, type Egress } from './command/egress.js';
import { containerCredentialArg, metadataCredentialOf } from './command/metadata-credentials.js';
import { sendsEnvironment, storeReadOf } from './command/secret-stores.js';
import { bulkCopyOf, CONTAINER_CLIS, isRemotePath, remoteCopySources, withoutMounts } from './command/bulk-copy.js';
import type { McpCallPolicy } from './mcp-policy.js';
import { awkProgramIndex, inlineCodeIndexes, languageOf, scriptArgIndex } from './command/interpreter-code.js';

export interface DetectionContext {
  /** The user's home directory, for `~` and the catalog. */
  home: string;
  /** Hosts that are fine to send data to even after a secret read (exact or `*.suffix`). */
  egressAllow: readonly string[];
  /** The MCP allowlist and inventory at call time; unset when no allowlist policy exists. */
  mcp?: McpCallPolicy;
  /** agentwatch itself, so rules can tell an agent stopping or editing its monitor: the daemon's pid, its state dir and config files. */
  monitor?: MonitorSelf;
}

export interface MonitorSelf { pid?: number; paths: readonly string[] }

export interface DeleteFact { path: string; recursive: boolean; command: string; /** Its catalog class when a credential (or a glob of them). */ secretClass?: string }
export interface WriteFact { path: string; content?: string; oldContent?: string }

export interface SecretRead {
  /** The path as a developer reads it (`~/.aws/credentials`). */
  path: string;
  /** The absolute path. */
  abs: string;
  /** Catalog class id (aws, ssh-key …). */
  classId: string;
  label: string;
  eventId: string;
  /** A directory holding the secret, copied, archived or mounted into a container whole (command/bulk-copy.ts). */
  directory?: true;
  /** Read on another machine by the command ssh runs there (`ssh host 'cat ~/.aws/credentials'`), and printed here. */
  remoteHost?: string;
}

export interface EventFacts {
  reads: string[];
  /** The secrets among `reads`. */
  secrets: SecretRead[];
  writes: WriteFact[];
  deletes: DeleteFact[];
  egress: Egress[];
  /**
   * Files that go out with a network command: read by an earlier stage of its pipeline (`cat f | nc h`), or
   * named as what the command uploads (`aws s3 sync d s3://b`, `scp f h:`; command/uploads.ts).
   */
  sent: { paths: string[]; egress: Egress }[];
  /**
   * URLs a fetch tool requests (WebFetch, an MCP fetch server's `url`): a GET sends only what its URL holds,
   * so these are judged apart from `egress` (exfiltration.ts: only a URL that carries a secret counts).
   */
  fetches?: Egress[];
  /** The download stage of `curl … | sh`, when there is one. */
  downloadToShell?: string;
  /** Every simple command, nested ones included (`sh -c`, `$(…)`, heredoc scripts, `os.system('…')` in one-liners). */
  commands: SimpleCommand[];
  /** Interpreters (python3, node …) whose inline code starts a shell or process; what they run is in `commands`. */
  codeSpawnsShell?: string[];
  /** Scripts the command line decodes and runs (`echo … | base64 -d | sh`): rules on the line read these too. */
  revealed?: string[];
  /** Git remotes the command line points somewhere (`git remote add|set-url name url`), in order. */
  remotesSet?: { name: string; url: string }[];
  /** The command line is past the parser's limits (words.ts LIMITS): the rest of it was not judged. */
  overLimit?: 'commands' | 'text';
  /** Paths only `ls`, `stat`, `test -f` … looked at (METADATA_ONLY): in `reads`, but no secret's content is read. */
  metadataOnly?: string[];
  /** What a command copies, archives or mounts into a container whole (command/bulk-copy.ts): a directory holding credentials among them is a secret read. */
  copiedDirs?: string[];
  /** Files the environment is written into (`env > /tmp/e.txt`). */
  environmentTo?: string[];
  /** What the commands ssh runs on other hosts read there, and files scp/rsync copy from them (the first MAX_REMOTE_COMMANDS of a command). */
  remoteReads?: { host: string; paths: string[] }[];
}

const EMPTY: EventFacts = { reads: [], secrets: [], writes: [], deletes: [], egress: [], sent: [], commands: [] };

// Only intent and effect events carry facts; tool.result repeats its tool.call.
const ANALYSED = new Set(['tool.call', 'file.read', 'file.write', 'file.delete', 'exec']);

export function factsOf(event: Event, ctx: DetectionContext): EventFacts {
  if (!ANALYSED.has(event.kind)) return EMPTY;
  const facts: EventFacts = { reads: [], secrets: [], writes: [], deletes: [], egress: [], sent: [], commands: [] };
  const input = (event.tool?.input ?? {}) as Record<string, unknown>;
  const path = event.path === undefined ? undefined : resolvePath(event.path, ctx.home, event.cwd);
  if (event.kind === 'file.read' && path) facts.reads.push(path);
  if (event.kind === 'file.write' && event.writes !== undefined) {
    // Every agent's write tools, normalised by the hook adapter (core/hooks/written-files.ts).
    for (const w of event.writes) {
      const abs = resolvePath(w.path, ctx.home, event.cwd);
      if (abs === undefined) continue;
      if (w.deleted) facts.deletes.push({ path: abs, recursive: false, command: '' });
      else facts.writes.push({ path: abs, content: w.content, oldContent: w.old });
    }
  } else if (event.kind === 'file.write' && path) {
    facts.writes.push({ path, content: str(input.content) ?? str(input.new_string), oldContent: str(input.old_string) });
  }
  if (event.kind === 'file.delete' && path) facts.deletes.push({ path, recursive: false, command: '' });
  if (event.command) addCommandFacts(facts, event.command, ctx, event.cwd);
  else if (event.kind === 'tool.call') {
    const url = str(input.url) ?? str(input.uri);
    const fetched = url === undefined ? [] : urlArgs(event.tool?.name ?? 'fetch', [url]);
    if (fetched.length > 0) facts.fetches = fetched;
  }
  const looked = new Set(facts.metadataOnly);
  facts.secrets = secretsAmong(looked.size > 0 ? facts.reads.filter((p) => !looked.has(p)) : facts.reads, ctx, event.id);
  for (const dir of facts.copiedDirs ?? []) {
    const s = secretDirsAmong([dir], ctx, event.id)[0];
    if (s && !facts.secrets.some((x) => x.abs === dir)) facts.secrets.push({ ...s, abs: dir, directory: true });
  }
  for (const r of facts.remoteReads ?? []) {
    const found = [...secretsAmong(r.paths, ctx, event.id), ...secretDirsAmong(r.paths, ctx, event.id).map((d): SecretRead => ({ ...d, directory: true }))];
    for (const s of found) if (!facts.secrets.some((x) => x.abs === s.abs)) facts.secrets.push({ ...s, remoteHost: r.host });
  }
  for (const s of secretsAmong(facts.deletes.map((d) => d.path), ctx, event.id)) for (const d of facts.deletes) if (d.path === s.abs) d.secretClass = s.classId;
  addFetchedSecrets(facts, event.id);
  return facts;
}

/**
 * Secrets that come from no file: credentials from a cloud metadata service (under their URL;
 * command/metadata-credentials.ts) and what a CLI prints from a secret store (under the words that fetch
 * it; command/secret-stores.ts). Read as a secret is, so every detector that follows secrets sees them.
 */
function addFetchedSecrets(facts: EventFacts, eventId: string): void {
  const found: { at: string; classId: string; label: string }[] = [];
  for (const e of [...facts.egress, ...(facts.fetches ?? [])]) {
    const m = metadataCredentialOf(e);
    if (m) found.push({ at: m.url, classId: 'cloud-metadata', label: m.label });
  }
  for (const c of facts.commands) {
    const m = DOWNLOADERS.has(baseName(c.argv[0] ?? '')) ? containerCredentialArg(c.argv.slice(1)) : undefined;
    if (m) found.push({ at: m.url, classId: 'cloud-metadata', label: m.label });
    const store = storeReadOf(c.argv);
    if (store) found.push({ at: store.what, classId: store.classId, label: store.label });
  }
  for (const f of found) {
    if (facts.secrets.some((s) => s.abs === f.at)) continue;
    facts.reads.push(f.at);
    facts.secrets.push({ path: f.at, abs: f.at, classId: f.classId, label: f.label, eventId });
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** ssh commands of a line whose remote command is looked into, and how deep (`ssh a 'ssh b …'`). */
const MAX_REMOTE_COMMANDS = 8;
const MAX_REMOTE_DEPTH = 2;

function addCommandFacts(facts: EventFacts, line: string, ctx: DetectionContext, cwd: string | undefined, depth = 0): void {
  const parsed = parseCommand(line);
  facts.commands = parsed.commands;
  if (parsed.revealed) facts.revealed = parsed.revealed;
  if (parsed.overLimit) facts.overLimit = parsed.overLimit;
  // `-d @f`, `x=@f` (curl), `--post-file=f`, `--body-file=f`: the file the option reads, where the command runs (after a `cd`).
  const resolveIn = (c: SimpleCommand) => {
    const at = commandCwd(c.dir, ctx.home, cwd);
    return (w: string) => resolvePath(w.replace(/^(?:[A-Za-z0-9_-]*=?@|--(?:post|body)-file=)/, ''), ctx.home, at);
  };
  const remotes = new Map<string, string>(); // git remotes this command line adds, by name
  const statted = new Set<string>();
  const contentRead = new Set<string>();
  for (const cmd of parsed.commands) {
    const prog = baseName(cmd.argv[0] ?? '');
    const resolve = resolveIn(cmd);
    // The script of `sh -c '…'`, `python3 -c '…'`, `awk '…'` is code, not a file it reads (its commands are parsed on their own).
    const codeAt = codeArgumentIndexes(cmd.argv);
    const args = codeAt.length === 0 ? cmd.argv.slice(1) : cmd.argv.slice(1).filter((_a, i) => !codeAt.includes(i + 1));
    for (const w of cmd.writes) pushDefined(facts.writes, resolve(w), (path) => ({ path }));
    for (const w of cmd.reads) pushDefined(facts.reads, resolve(w), (p) => p);
    for (const w of writtenByProgram(prog, args)) pushDefined(facts.writes, resolve(w), (path) => ({ path }));
    const copy = bulkCopyOf(cmd.argv);
    if (copy) {
      for (const into of copy.into.map(resolve)) if (into !== undefined && !facts.writes.some((x) => x.path === into)) facts.writes.push({ path: into }); // cp's is there already
      // Read as the copy names them (`tar -C ~ -czf x.tgz .aws` reads ~/.aws, not ./.aws).
      // (A set past a few sources: `tar czf x.tgz` of 6,000 directories took 0.6 s of list scans.)
      const read = copy.sources.length > 8 ? new Set(facts.reads) : undefined;
      for (const src of copy.sources) pushDefined(facts.copiedDirs ??= [], resolve(src), (p) => { if (!(read?.has(p) ?? facts.reads.includes(p))) { read?.add(p); facts.reads.push(p); } return p; });
    }
    if (prog === 'rm' || prog === 'shred' || prog === 'unlink' || prog === 'trash' || prog === 'trash-put') {
      const recursive = args.some((a) => /^-[a-zA-Z]*[rR]/.test(a) || a === '--recursive');
      for (const a of args) if (!a.startsWith('-')) pushDefined(facts.deletes, resolve(a), (path) => ({ path, recursive, command: line }));
    } else {
      // Any other path-like argument counts as read: `cat`, `base64`, `curl -d @file`, `scp file host:`. What
      // `ls`, `stat` or `test -f` name is read too, for rules on where a command looks; only its metadata is.
      // …except `file -f list` and `file -m magic`, which read the file's lines (and print them in their errors).
      const statOnly = METADATA_ONLY.has(prog) && !(prog === 'file' && args.some((a) => /^-[a-zA-Z]*[fm]|^--(files-from|magic-file)\b/.test(a)));
      for (const a of readArguments(prog, args)) pushDefined(facts.reads, resolve(a), (p) => { (statOnly ? statted : contentRead).add(p); return p; });
    }
    const code = cmd.interpreterCode;
    if (code) {
      for (const r of code.reads) pushDefined(facts.reads, resolve(r), (p) => p);
      for (const w of code.writes) pushDefined(facts.writes, resolve(w), (path) => ({ path }));
      for (const d of code.deletes) pushDefined(facts.deletes, resolve(d.path), (path) => ({ path, recursive: d.recursive, command: line }));
      if (code.runsDownload) facts.downloadToShell ??= code.destinations[0]?.url ?? code.destinations[0]!.host;
      if (code.spawnsShell) (facts.codeSpawnsShell ??= []).push(prog);
    }
    const egress = egressOfCommand(cmd);
    facts.egress.push(...egress);
    const remote = depth < MAX_REMOTE_DEPTH && (facts.remoteReads?.length ?? 0) < MAX_REMOTE_COMMANDS ? sshRemoteCommand(cmd.argv) : undefined;
    if (remote !== undefined) (facts.remoteReads ??= []).push({ host: remote.host, paths: remoteReadsOf(remote.line, ctx, depth + 1) });
    for (const r of remoteCopySources(cmd.argv).slice(0, MAX_REMOTE_COMMANDS)) pushDefined(facts.remoteReads ??= [], resolvePath(r.path, ctx.home, ctx.home), (p) => ({ host: r.host, paths: [p] }));
    const uploaded = egress.length > 0 ? uploadSources(cmd.argv).map(resolve).filter((p): p is string => p !== undefined) : [];
    if (uploaded.length > 0) for (const e of egress) facts.sent.push({ paths: uploaded, egress: e });
    // `git push` sends the repository (the one at the cwd; `git -C dir` is rare in agents' pushes).
    const added = remoteAdded(cmd.argv);
    if (added) { remotes.set(added.name, added.url); (facts.remotesSet ??= []).push(added); }
    for (const e of gitPushEgress(cmd.argv, remotes)) {
      facts.egress.push(e);
      if (cwd !== undefined) facts.sent.push({ paths: [cwd], egress: e });
    }
    facts.downloadToShell ??= runsSubstitutedDownload(cmd);
  }
  for (const pipeline of parsed.pipelines) addPipelineFacts(facts, pipeline, resolveIn);
  const metadataOnly = [...statted].filter((p) => !contentRead.has(p));
  if (metadataOnly.length > 0) facts.metadataOnly = metadataOnly;
  // A line the parser had to recover from may have lost `bash <(curl …)`; the pattern still sees it.
  if (parsed.fallback) facts.downloadToShell ??= processSubstitutionDownload(line);
}

/** What a command run on another host reads there (as files of a home like ours: it starts in its home), content only. */
function remoteReadsOf(line: string, ctx: DetectionContext, depth: number): string[] {
  const inner: EventFacts = { reads: [], secrets: [], writes: [], deletes: [], egress: [], sent: [], commands: [] };
  addCommandFacts(inner, line, ctx, ctx.home, depth);
  const looked = new Set(inner.metadataOnly);
  return [...inner.reads.filter((p) => !looked.has(p)), ...(inner.remoteReads ?? []).flatMap((r) => r.paths)];
}

function codeArgumentIndexes(argv: readonly string[]): number[] {
  const lang = languageOf(argv[0] ?? '');
  return [shellScriptIndex(argv), awkProgramIndex(argv), ...(lang ? inlineCodeIndexes(argv, lang) : [])].filter((i) => i > 0);
}

/**
 * `bash <(curl …)`, `source <(curl …)`, `bash < <(curl …)`, `python3 -c "$(curl …)"`, and `$(curl …)` as
 * the program itself (what `sh -c "$(curl …)"` and `eval "$(curl …)"` come down to): downloaded text run as code.
 */
function runsSubstitutedDownload(cmd: SimpleCommand): string | undefined {
  if (cmd.substitutions === undefined) return undefined;
  const prog = baseName(cmd.argv[0] ?? '');
  const lang = languageOf(prog);
  const codeArgs = new Set([0, -1, scriptArgIndex(cmd.argv), ...(lang ? inlineCodeIndexes(cmd.argv, lang) : [])]);
  const runsCode = STDIN_INTERPRETERS.has(prog) || prog === '.' || prog === 'eval';
  for (const sub of cmd.substitutions) {
    if (sub.arg !== 0 && !(runsCode && codeArgs.has(sub.arg))) continue;
    const dl = sub.commands.find((c) => DOWNLOADERS.has(baseName(c.argv[0] ?? '')) && !writesToFile(c.argv));
    if (dl) return dl.argv.join(' ');
  }
  return undefined;
}

function addPipelineFacts(facts: EventFacts, pipeline: SimpleCommand[], resolveIn: (c: SimpleCommand) => (w: string) => string | undefined): void {
  const readsSoFar: string[] = [];
  let download: string | undefined;
  for (const stage of pipeline) {
    const prog = baseName(stage.argv[0] ?? '');
    const egress = egressOfCommand(stage);
    if (sendsEnvironment(stage, egress.length > 0)) readsSoFar.push(ENVIRONMENT_FILE);
    for (const e of egress) if (readsSoFar.length > 0) facts.sent.push({ paths: [...readsSoFar], egress: e });
    // `env > /tmp/e.txt`, `printenv | sort > e`: the file holds the session's tokens (taint.ts carries them on).
    if (readsSoFar.includes(ENVIRONMENT_FILE)) for (const w of stage.writes) pushDefined(facts.environmentTo ??= [], resolveIn(stage)(w), (p) => p);
    if (download !== undefined && STDIN_INTERPRETERS.has(prog) && !hasScriptArgument(stage.argv)) facts.downloadToShell = download;
    if (DOWNLOADERS.has(prog) && !writesToFile(stage.argv)) download = stage.argv.join(' ');
    if (!NETWORK_TOOLS.has(prog)) {
      const resolve = resolveIn(stage);
      for (const a of [...stage.argv.slice(1), ...stage.reads, ...(stage.interpreterCode?.reads ?? [])]) pushDefined(readsSoFar, resolve(a), (p) => p);
    }
  }
}

/** `bash <(curl …)`, `sh -c "$(curl …)"` in a line the parser could not read whole: a pattern still sees them. */
function processSubstitutionDownload(line: string): string | undefined {
  const m = /\b(?:ba|z|da)?sh\b[^|;&]*?(?:<\(|\$\()\s*((?:curl|wget)\b[^)]*)\)/.exec(line);
  return m?.[1];
}

/** `bash script.sh` after a pipe reads the script, not stdin. */
function hasScriptArgument(argv: string[]): boolean {
  return argv.slice(1).some((a) => !a.startsWith('-') && a !== 's');
}

function writesToFile(argv: string[]): boolean {
  // `-o -` (curl) and `-O -` (wget) write to stdout, which is what gets piped on.
  return argv.some((a, i) => (a === '-o' || a === '-O' || a === '--output' || a.startsWith('--output=')) && ((a !== '-o' && a !== '-O') || argv[i + 1] !== '-'));
}

/** Programs that look at a file's name, size, type or permissions, never its content (the rules' metadata-only-readers). */
const METADATA_ONLY = new Set(['ls', 'stat', 'file', 'test', '[', 'realpath', 'readlink', 'namei', 'lsattr', 'getfacl', 'du', 'basename', 'dirname', 'exa', 'eza', 'tree', 'chmod', 'chown', 'chgrp', 'touch']);

const SSH_CLIENTS = new Set(['ssh', 'scp', 'sftp', 'autossh', 'mosh']);
const HTTP_CLIENTS = new Set(['curl', 'wget', 'http', 'https', 'xh', 'git']);
// TLS options whose file proves or checks an identity: `--cacert ca.pem`, `--key client-key.pem`, git's `-c http.sslKey=…`.
const TLS_FILE_OPTION = /^(--(cacert|capath|cert|key|proxy-cacert|proxy-capath|proxy-cert|proxy-key|crlfile|ca-certificate|ca-directory|certificate|private-key|crl-file|verify|cert-key)|-E|http\.(\S+\.)?ssl(CAInfo|CAPath|Cert|Key))$/;

const KUBE_CLIENTS = new Set(['kubectl', 'helm', 'oc', 'k9s', 'kubens', 'kubectx', 'stern', 'istioctl', 'flux', 'kustomize', 'helmfile']);
const OPENSSL_CERT_USE = new Set(['x509', 'verify', 'crl', 's_client']);

// find's tests that take a name pattern (`-name '*.pem'`), not a file it reads.
const FIND_PATTERN_TESTS = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname']);

/**
 * The arguments that name files the command reads, without name patterns (`find . -name '*.pem'` reads no .pem
 * file) and without credentials it only uses: a key the SSH tools sign in with or load into the agent
 * (`ssh -i ~/.ssh/deploy_key`, `ssh-add`), a certificate or key a TLS client verifies or signs with
 * (`curl --cacert ca.pem --key k.pem`). Only a signature leaves, and nothing of them enters the session.
 */
function readArguments(prog: string, args: string[]): string[] {
  if (prog === 'ssh-add') return args.filter((a) => a.startsWith('-'));
  // tee writes the files it names (`… | sudo tee /etc/sudoers.d/x` reads no sudoers file); echo prints its words.
  if (prog === 'tee' || PRINTS_ARGUMENTS.has(prog)) return [];
  // `ssh host cat ~/.aws/credentials` reads the host's file, not ours (remoteReadsOf).
  if (prog === 'ssh' || prog === 'autossh') args = args.slice(0, (sshRemoteCommand([prog, ...args])?.at ?? args.length + 1) - 1);
  if (prog === 'scp' || prog === 'rsync' || prog === 'sftp') args = args.filter((a) => !isRemotePath(a)); // remoteCopySources'
  if (prog === 'dd') return args.filter((a) => a.startsWith('if=')).map((a) => a.slice(3)); // of= is written (writtenByProgram)
  if (SSH_CLIENTS.has(prog)) return args.filter((a, i) => args[i - 1] !== '-i' && !/^-i./.test(a) && !/^-oIdentityFile=|^IdentityFile=/i.test(a));
  if (HTTP_CLIENTS.has(prog)) return args.filter((a, i) => !TLS_FILE_OPTION.test(args[i - 1] ?? '') && !TLS_FILE_OPTION.test(a.split('=')[0]!));
  // A cluster client's kubeconfig logs it in: `kubectl --kubeconfig ~/.kube/config get pods` prints pods, not the config.
  if (KUBE_CLIENTS.has(prog)) return args.filter((a, i) => args[i - 1] !== '--kubeconfig' && !a.startsWith('--kubeconfig='));
  // `openssl x509 -in f` reads a certificate (a key there fails); s_client signs and checks the handshake with its files.
  if (prog === 'openssl' && OPENSSL_CERT_USE.has(args[0] ?? '')) return args.filter((_a, i) => !/^-(in|CAfile|CApath|untrusted|trusted|cert|key|cert_chain)$/.test(args[i - 1] ?? ''));
  if (CONTAINER_CLIS.has(prog)) return withoutMounts(args);
  if (prog !== 'find' && prog !== 'fd' && prog !== 'locate') return args;
  if (prog === 'locate') return [];
  if (prog === 'fd') { const i = args.findIndex((a) => !a.startsWith('-')); return args.filter((_a, j) => j !== i); } // `fd PATTERN [PATH…]`
  return args.filter((_a, i) => !FIND_PATTERN_TESTS.has(args[i - 1] ?? ''));
}

const COMPRESSED: Record<string, string> = { gzip: '.gz', bzip2: '.bz2', xz: '.xz', zstd: '.zst', lz4: '.lz4' };

/** Paths a program writes through its arguments rather than a redirection. */
function writtenByProgram(prog: string, args: string[]): string[] {
  const plain = args.filter((a) => !a.startsWith('-'));
  switch (prog) {
    case 'tee': return plain;
    case 'cp': case 'mv': case 'install': case 'ln': return plain.length > 1 ? [plain[plain.length - 1]!] : [];
    case 'sed': return args.some((a) => /^-[a-zA-Z]*i/.test(a)) ? plain.slice(1) : [];
    // perl's `-e` script is not among args (it is code): every plain word is a file it edits in place.
    case 'perl': return args.some((a) => /^-[a-zA-Z]*i/.test(a)) ? (args.some((a) => /^-[a-zA-Z]*[eE]$/.test(a)) ? plain : plain.slice(1)) : [];
    case 'ex': case 'vi': case 'vim': case 'nvim': return scriptedEdit(prog, args);
    // `gzip f` writes f.gz (the copy that carries f's taint); to stdout (-c), decompressing or testing writes no new name.
    case 'gzip': case 'bzip2': case 'xz': case 'zstd': case 'lz4': return args.some((a) => /^-[a-zA-Z0-9]*[cdtl]|^--(stdout|to-stdout|decompress|uncompress|test|list)$/.test(a)) ? [] : plain.map((a) => a + COMPRESSED[prog]!);
    case 'touch': case 'truncate': case 'chmod': return plain.filter((a) => !/^[0-9+\-=ugoarwxX,]+$/.test(a));
    case 'crontab': return args.includes('-l') || args.includes('-r') ? [] : ['/var/spool/cron/crontabs'];
    // Downloaders and copiers that name their output with an option: where the bytes land (the download
    // sequence also follows curl's -o itself, resolving `~` its own way).
    case 'wget': return optionValues(args, /^(-O|--output-document)$/);
    case 'curl': return optionValues(args, /^(-o|--output)$/);
    case 'dd': return args.filter((a) => a.startsWith('of=')).map((a) => a.slice(3));
    // Key and certificate generation: the files it names as output are new, made by this command.
    case 'openssl': return optionValues(args, /^-(out|keyout)$/);
    case 'ssh-keygen': return args.some((a) => /^-[ylepciRFBLDK]$/.test(a)) ? [] : optionValues(args, /^-f$/).flatMap((f) => [f, `${f}.pub`]);
    case 'lwp-download': return plain.slice(1, 2);
    // `npm pkg set scripts.postinstall=…` edits the project's package.json.
    case 'npm': case 'pnpm': return args[0] === 'pkg' && (args[1] === 'set' || args[1] === 'delete') ? ['package.json'] : [];
    default: return [];
  }
}

/** `ex -sc '$a|…' -cx ~/.bashrc`, `vim -es -c '…' -c wq f`, `vim +'…' f`: an editor run by a script writes the files it opens. */
function scriptedEdit(prog: string, args: string[]): string[] {
  if (prog !== 'ex' && !args.some((a) => /^(-[a-zA-Z]*[ce]|\+)/.test(a))) return [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--cmd' || /^-[a-zA-Z]*[cSuiTwW]$/.test(a)) i++;
    else if (!a.startsWith('-') && !a.startsWith('+')) files.push(a);
  }
  return files;
}

/** The values of an option given as `-o x`, `--output x` or `--output=x`, except `-` (stdout). */
function optionValues(args: string[], option: RegExp): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    const eq = a.indexOf('=');
    if (eq > 0 && option.test(a.slice(0, eq))) out.push(a.slice(eq + 1));
    else if (option.test(a) && i + 1 < args.length) out.push(args[i + 1]!);
  });
  return out.filter((v) => v !== '-' && v !== '');
}

function pushDefined<T, U>(into: U[], value: T | undefined, map: (v: T) => U): void {
  if (value !== undefined) into.push(map(value));
}

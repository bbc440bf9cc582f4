// What an event does, in terms rules care about: which paths it reads, writes and deletes, where it
// sends data, whether it pipes a download into a shell. Computed once per event, then shared by
// every rule and by the session state update.
import type { Event } from '../core/event.js';
import { parseCommand, baseName, type SimpleCommand } from './command/parse-command.js';
import { shellScriptIndex, sshRemoteCommand } from './command/words.js';
import { DOWNLOADERS, ENVIRONMENT_FILE, NETWORK_TOOLS, STDIN_INTERPRETERS } from './catalog.js';
import { uploadSources } from './command/uploads.js';
import { gitPushEgress, remoteAdded } from './command/git-push.js';
import { packagePublishOf } from './command/package-publish.js';
import { commandCwd, isHomeOrRoot, isWithin, resolvePath } from './paths.js';
import { secretDirsAmong, secretsAmong } from './secret-paths.js';
import { egressOfCommand, urlArgs, type Egress } from './command/egress.js';
import { containerCredentialArg, metadataCredentialOf } from './command/metadata-credentials.js';
import { loginGoesHome, loginPasswordIndex, logsInFromStdin, sendsEnvironment, storeReadOf } from './command/secret-stores.js';
import { bulkCopyOf, extractionOf, mirroredOver, refilled, remoteCopySources, type Filled, type HandedTo } from './command/bulk-copy.js';
import { DELETERS, METADATA_ONLY, readArguments, searchedDirectories, textSetBy, writtenByProgram } from './command/argument-files.js';
import type { McpCallPolicy } from './mcp-policy.js';
import { awkProgramIndex, inlineCodeIndexes, languageOf } from './command/interpreter-code.js';
import { powershellCodeIndexes } from './command/powershell.js';
import { runsStdin } from './command/script-files.js';
import { processSubstitutionDownload, runsSubstitutedDownload, streamsDownload } from './command/downloads-run.js';
import { catIntoNames, showsOnlyNames, namesShownBy, type NamesShown } from './command/name-filters.js';
import { readFlows, type CommandFlow } from './read-flow.js';

export interface DetectionContext {
  /** The user's home directory, for `~` and the catalog. */
  home: string;
  /** Hosts that are fine to send data to even after a secret read (exact or `*.suffix`). */
  egressAllow: readonly string[];
  /** The MCP allowlist and inventory at call time; unset when no allowlist policy exists. */
  mcp?: McpCallPolicy;
  /** agentwatch itself, so rules can tell an agent stopping or editing its monitor: the daemon's pid, its port, its state dir and config files. */
  monitor?: MonitorSelf;
}

export interface MonitorSelf { pid?: number; /** The loopback port the hooks post to. */ port?: number; paths: readonly string[] }

export interface DeleteFact {
  path: string; recursive: boolean; command: string; /** Its catalog class when a credential (or a glob of them). */ secretClass?: string;
  /** A later command of the line writes or unpacks it again (bulk-copy.ts refilled): a reinstall, not a loss. */ replaced?: true;
}
export interface WriteFact {
  path: string;
  content?: string;
  oldContent?: string;
  /** What the command (and its pipeline's earlier stages) that wrote it read: where its bytes can come from (taint.ts). */
  from?: string[];
  /** The program that writes it through an argument (`ssh-keygen -f k`, `openssl … -out k`), not a redirection. */
  program?: string;
}

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
  /** A directory handed whole to a container (its mounts) or served to the network, rather than copied. */
  handedTo?: HandedTo;
}

export interface EventFacts {
  reads: string[];
  /** The secrets among `reads`. */
  secrets: SecretRead[];
  writes: WriteFact[];
  deletes: DeleteFact[];
  egress: Egress[];
  /**
   * What the line sends where: files read by an earlier stage of a network command's pipeline (`cat f | nc h`), or
   * named as what the command uploads (`aws s3 sync d s3://b`, `scp f h:`; command/uploads.ts). `committed`: only
   * what is committed under the paths goes (a `git push` of the repository). `published`: a package published from
   * the paths to its registry (command/package-publish.ts), whose egress is here only, not in `egress`.
   */
  sent: { paths: string[]; egress: Egress; committed?: true; published?: true }[];
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
  copiedDirs?: { path: string; to?: HandedTo }[];
  /** Directories a recursive search reads every file of (`grep -r x ~/.aws`, `rg x DIR`). */
  searchedDirs?: string[];
  /** Files the environment is written into (`env > /tmp/e.txt`). */
  environmentTo?: string[];
  /** Paths `mv` moved that no later command of the line deleted (at most 16): a later event's delete of `to` deletes `from`. */
  moves?: { from: string; to: string }[];
  /** What the commands ssh runs on other hosts read there, and files scp/rsync copy from them (the first MAX_REMOTE_COMMANDS of a command). */
  remoteReads?: { host: string; paths: string[] }[];
  /** Paths (absolute) this line reads only to show them, or into variables no request expands: a request on the line carries none of them (read-flow.ts). Set only on a line that sends. */
  shownOnly?: string[];
  /** …read into variables that a request on the line expands (`source .env && curl -H "…$KEY" …`). */
  loadedOnly?: string[];
  /** Files read only for the names or counts they hold (`grep '^\[' ~/.aws/credentials`; command/name-filters.ts). */
  namesShown?: { path: string; shows: NamesShown }[];
  /** Files the line feeds to a shell or interpreter that runs its stdin (`bash < x.sh`, `cat x.sh | sh`). */
  stdinScripts?: string[];
  /** Files the line writes text into that it spells out (`cat > x.sh <<'EOF'`): a later command may run them (staged-scripts.ts). */
  textWritten?: { path: string; text: string; append?: true }[];
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
  for (const r of event.kind === 'file.read' ? (event.reads ?? []).slice(1) : []) {
    const abs = resolvePath(r, ctx.home, event.cwd);
    if (abs !== undefined && !facts.reads.includes(abs)) facts.reads.push(abs);
  }
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
  if (facts.namesShown) facts.secrets = facts.secrets.filter((s) => !showsOnlyNames(s, facts.namesShown!));
  // A credential directory searched whole (`grep -r . ~/.aws`); not a home or `/`, where a search is for something else.
  for (const s of secretDirsAmong(facts.searchedDirs ?? [], ctx, event.id)) if (!isHomeOrRoot(s.abs, ctx.home) && !facts.secrets.some((x) => x.abs === s.abs)) facts.secrets.push(s);
  for (const { path: dir, to } of facts.copiedDirs ?? []) {
    const s = secretDirsAmong([dir], ctx, event.id)[0];
    if (s && !facts.secrets.some((x) => x.abs === dir)) facts.secrets.push({ ...s, abs: dir, directory: true, ...(to ? { handedTo: to } : {}) });
  }
  // Read on other hosts: one pass over them all (one glob budget), each found secret named with its host.
  const hostOf = new Map((facts.remoteReads ?? []).flatMap((r) => r.paths.map((p): [string, string] => [p, r.host])));
  const remote = [...hostOf.keys()];
  const found = remote.length === 0 ? [] : [...secretsAmong(remote, ctx, event.id), ...secretDirsAmong(remote, ctx, event.id).map((d): SecretRead => ({ ...d, directory: true }))];
  for (const s of found) if (!facts.secrets.some((x) => x.abs === s.abs)) facts.secrets.push({ ...s, remoteHost: hostOf.get(s.abs) ?? hostOf.get(`${s.abs}/`) });
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
    const store = HANDED_TO_LOGIN.has(c) ? undefined : storeReadOf(c.argv);
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
  for (const [file, text] of parsed.files ?? []) pushDefined(facts.textWritten ??= [], resolvePath(file, ctx.home, cwd), (path) => (parsed.appended?.has(file) ? { path, text, append: true } : { path, text }));
  // `-d @f`, `x=@f` (curl), `--post-file=f`, `--body-file=f`: the file the option reads, where the command runs (after a `cd`).
  const resolveIn = (c: SimpleCommand) => {
    const at = commandCwd(c.dir, ctx.home, cwd);
    return (w: string) => resolvePath(w.replace(/^(?:[A-Za-z0-9_-]*=?@|--(?:post|body)-file=)/, ''), ctx.home, at);
  };
  const remotes = new Map<string, string>(); // git remotes this command line adds, by name
  const statted = new Set<string>();
  const moved = new Map<string, string>(); // where `mv` put a path, to the path (a later delete of it deletes that)
  const contentRead = new Set<string>();
  const named = new Map<string, NamesShown>();
  // The stage each command pipes into, built only for a line with a `cat` in it (catIntoNames).
  let pipedTo: Map<SimpleCommand, SimpleCommand> | undefined;
  const nextStage = (c: SimpleCommand) => (pipedTo ??= new Map(parsed.pipelines.flatMap((pl) => pl.slice(0, -1).map((x, i): [SimpleCommand, SimpleCommand] => [x, pl[i + 1]!])))).get(c);
  // Each command's inputs, resolved only when the line sends somewhere (most lines do not): read-flow.ts.
  const flows = new Map<SimpleCommand, CommandFlow & { inputs: string[]; resolve: (w: string) => string | undefined }>();
  const filled: Filled[] = [];
  const deletedAt = new Map<DeleteFact, number>();
  for (const [at, cmd] of parsed.commands.entries()) {
    const firstDelete = facts.deletes.length;
    const prog = baseName(cmd.argv[0] ?? '');
    const resolve = resolveIn(cmd);
    // The script of `sh -c '…'`, `python3 -c '…'`, `awk '…'` is code, not a file it reads (its commands are parsed on their own).
    const codeAt = codeArgumentIndexes(cmd.argv);
    const args = codeAt.length === 0 ? cmd.argv.slice(1) : cmd.argv.slice(1).filter((_a, i) => !codeAt.includes(i + 1));
    const firstWrite = facts.writes.length;
    const egressBefore = facts.egress.length;
    for (const w of cmd.writes) pushDefined(facts.writes, resolve(w), (path) => ({ path }));
    for (const w of cmd.reads) pushDefined(facts.reads, resolve(w), (p) => p);
    const setText = textSetBy(prog, args);
    for (const w of writtenByProgram(prog, args)) pushDefined(facts.writes, resolve(w), (path) => (setText === undefined ? { path, program: prog } : { path, program: prog, content: setText }));
    for (const d of searchedDirectories(prog, args)) pushDefined(facts.searchedDirs ??= [], resolve(d), (p) => p);
    const plain = prog === 'mv' && moved.size < 16 ? args.filter((a) => !a.startsWith('-')) : [];
    if (plain.length === 2) { const [from, to] = plain.map(resolve); if (from !== undefined && to !== undefined) moved.set(to, from); }
    const copy = bulkCopyOf(cmd.argv);
    if (copy) {
      for (const into of copy.into.map(resolve)) if (into !== undefined && !facts.writes.some((x) => x.path === into)) facts.writes.push({ path: into }); // cp's is there already
      // Read as the copy names them (`tar -C ~ -czf x.tgz .aws` reads ~/.aws, not ./.aws).
      // (A set past a few sources: `tar czf x.tgz` of 6,000 directories took 0.6 s of list scans.)
      const read = copy.sources.length > 8 ? new Set(facts.reads) : undefined;
      for (const src of copy.sources) pushDefined(facts.copiedDirs ??= [], resolve(src), (p) => { if (!(read?.has(p) ?? facts.reads.includes(p))) { read?.add(p); facts.reads.push(p); } return { path: p, to: copy.to }; });
    }
    for (const into of mirroredOver(cmd.argv)) pushDefined(facts.deletes, resolve(into), (path) => ({ path, recursive: true, command: line }));
    if (DELETERS.has(prog)) {
      const recursive = args.some((a) => /^-[a-zA-Z]*[rR]/.test(a) || a === '--recursive');
      const first = facts.deletes.length;
      for (const a of args) if (!a.startsWith('-')) pushDefined(facts.deletes, resolve(a), (path) => ({ path, recursive, command: line }));
      // `mv ~/projects /tmp/x && rm -rf /tmp/x`: what was moved there earlier on the line is what goes.
      const gone = facts.deletes.slice(first);
      for (const [to, from] of moved) if (gone.some((d) => isWithin(to, d.path))) { moved.delete(to); facts.deletes.push({ path: from, recursive, command: line }); }
    } else {
      // Any other path-like argument counts as read: `cat`, `base64`, `curl -d @file`, `scp file host:`. What
      // `ls`, `stat` or `test -f` name is read too, for rules on where a command looks; only its metadata is.
      // …except `file -f list` and `file -m magic`, which read the file's lines (and print them in their errors).
      const statOnly = METADATA_ONLY.has(prog) && !(prog === 'file' && args.some((a) => /^-[a-zA-Z]*[fm]|^--(files-from|magic-file)\b/.test(a)));
      // `grep '^\[' ~/.aws/credentials`, `cat ~/.kube/config | grep current-context`: names only (name-filters.ts).
      const shown = statOnly ? undefined : namesShownBy(prog, cmd.argv.slice(1)) ?? (prog === 'cat' ? catIntoNames(args, nextStage(cmd)) : undefined);
      for (const a of readArguments(prog, args)) pushDefined(facts.reads, resolve(a), (p) => { if (shown) named.set(p, shown); else (statOnly ? statted : contentRead).add(p); return p; });
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
    for (const r of remoteCopySources(cmd.argv).slice(0, MAX_REMOTE_COMMANDS - (facts.remoteReads?.length ?? 0))) pushDefined(facts.remoteReads ??= [], resolvePath(r.path, ctx.home, ctx.home), (p) => ({ host: r.host, paths: [p] }));
    const uploaded = egress.length > 0 ? uploadSources(cmd.argv, cmd.env, cmd.heredoc).map(resolve).filter((p): p is string => p !== undefined) : [];
    if (uploaded.length > 0) for (const e of egress) facts.sent.push({ paths: uploaded, egress: e });
    // `git push` sends the repository (the one at the cwd; `git -C dir` is rare in agents' pushes).
    const added = remoteAdded(cmd.argv);
    if (added) { remotes.set(added.name, added.url); (facts.remotesSet ??= []).push(added); }
    for (const e of gitPushEgress(cmd.argv, remotes)) {
      facts.egress.push(e);
      if (cwd !== undefined) facts.sent.push({ paths: [cwd], egress: e, committed: true });
    }
    const pub = packagePublishOf(cmd.argv);
    const published = pub?.paths.map(resolve).filter((p): p is string => p !== undefined) ?? [];
    if (pub && published.length > 0) facts.sent.push({ paths: published, egress: { tool: pub.tool, host: pub.host, ...(pub.url ? { url: pub.url } : {}), publishes: true }, published: true });
    facts.downloadToShell ??= runsSubstitutedDownload(cmd);
    const password = cmd.substitutions === undefined ? -1 : loginPasswordIndex(cmd.argv);
    for (const sub of password < 0 ? [] : cmd.substitutions!) if (sub.arg === password) for (const c of sub.commands) if (loginGoesHome(cmd.argv, c.argv)) HANDED_TO_LOGIN.add(c);
    const inputs = [...readArguments(prog, args), ...cmd.reads, ...(code?.reads ?? []), ...(copy?.sources ?? [])];
    if (facts.writes.length > firstWrite) noteInputs(facts.writes.slice(firstWrite), inputs, resolve);
    const sends = egress.length > 0 || uploaded.length > 0 || pub !== undefined || facts.egress.length > egressBefore;
    flows.set(cmd, { inputs, resolve, reads: [], sends, writes: facts.writes.length > firstWrite });
    for (const d of facts.deletes.slice(firstDelete)) deletedAt.set(d, at);
    // Copied or unpacked into: what a reinstall or a deploy does (not `touch`, not a redirect).
    for (const into of copy?.into ?? []) pushDefined(filled, resolve(into), (path) => ({ path, at }));
    const unpacked = extractionOf(cmd.argv);
    const into = unpacked && resolve(unpacked.into);
    if (into !== undefined) filled.push({ path: into, archive: unpacked!.archive, at });
  }
  for (const [d, at] of deletedAt) if (refilled(d.path, at, filled)) d.replaced = true;
  // Only a line that sends somewhere has a read to tell apart (exfiltration.ts); a nested ssh line is another machine's.
  const sending = depth === 0 && [...flows.values()].some((f) => f.sends);
  if (sending) for (const f of flows.values()) f.reads = f.inputs.flatMap((w) => f.resolve(w) ?? []);
  const flow = sending ? readFlows(parsed, flows, (c) => codeArgumentIndexes(c.argv).length > 0) : undefined;
  if (flow?.shown.length) facts.shownOnly = flow.shown;
  if (flow?.loaded.length) facts.loadedOnly = flow.loaded;
  for (const pipeline of parsed.pipelines) addPipelineFacts(facts, pipeline, resolveIn);
  const metadataOnly = [...statted].filter((p) => !contentRead.has(p));
  if (metadataOnly.length > 0) facts.metadataOnly = metadataOnly;
  for (const [path, shows] of named) if (!contentRead.has(path)) (facts.namesShown ??= []).push({ path, shows });
  if (moved.size > 0 && depth === 0) facts.moves = [...moved].map(([to, from]) => ({ from, to }));
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
  return [shellScriptIndex(argv), awkProgramIndex(argv), ...(lang ? inlineCodeIndexes(argv, lang) : []), ...powershellCodeIndexes(argv)].filter((i) => i > 0);
}

/** Commands whose output a registry login reads as its password (`aws ecr get-login-password | docker login --password-stdin`). */
const HANDED_TO_LOGIN = new WeakSet<SimpleCommand>();

function addPipelineFacts(facts: EventFacts, pipeline: SimpleCommand[], resolveIn: (c: SimpleCommand) => (w: string) => string | undefined): void {
  const readsSoFar: string[] = [];
  let download: string | undefined;
  for (const [i, stage] of pipeline.entries()) {
    if (i > 0 && logsInFromStdin(stage.argv) && loginGoesHome(stage.argv, pipeline[i - 1]!.argv)) HANDED_TO_LOGIN.add(pipeline[i - 1]!);
    const prog = baseName(stage.argv[0] ?? '');
    const egress = egressOfCommand(stage);
    if (sendsEnvironment(stage, egress.length > 0)) readsSoFar.push(ENVIRONMENT_FILE);
    for (const e of egress) if (readsSoFar.length > 0) facts.sent.push({ paths: [...readsSoFar], egress: e });
    // `env > /tmp/e.txt`, `printenv | sort > e`: the file holds the session's tokens (taint.ts carries them on).
    if (readsSoFar.includes(ENVIRONMENT_FILE)) for (const w of stage.writes) pushDefined(facts.environmentTo ??= [], resolveIn(stage)(w), (p) => p);
    // `cat ~/.ssh/id_rsa | base64 > k`, `… | tee k`: what the earlier stages read is what the stage writes.
    const writes = readsSoFar.length > 0 ? [...stage.writes, ...writtenByProgram(prog, stage.argv.slice(1))] : [];
    if (writes.length > 0) {
      const written = new Set(writes.map(resolveIn(stage)));
      for (const w of facts.writes) if (written.has(w.path)) w.from = [...(w.from ?? []), ...readsSoFar];
    }
    if (STDIN_INTERPRETERS.has(prog) && runsStdin(stage.argv)) {
      if (download !== undefined) facts.downloadToShell = download;
      // `bash < x.sh`, `cat x.sh | sh -s`: the file is run as a script is (staged-scripts.ts, steps.ts executedOf).
      for (const p of [...readsSoFar, ...stage.reads.map(resolveIn(stage))]) pushDefined(facts.stdinScripts ??= [], p, (v) => v);
    }
    if (streamsDownload(stage.argv)) download = stage.argv.join(' ');
    if (!NETWORK_TOOLS.has(prog)) {
      const resolve = resolveIn(stage);
      for (const a of [...stage.argv.slice(1), ...stage.reads, ...(stage.interpreterCode?.reads ?? [])]) pushDefined(readsSoFar, resolve(a), (p) => p);
    }
  }
}

/** The files a command's writes can carry bytes from: its own path-like words, resolved. */
function noteInputs(writes: WriteFact[], words: readonly string[], resolve: (w: string) => string | undefined): void {
  const inputs: string[] = [];
  for (const w of words) pushDefined(inputs, resolve(w), (p) => p);
  for (const w of writes) w.from = inputs.filter((p) => p !== w.path);
}

function pushDefined<T, U>(into: U[], value: T | undefined, map: (v: T) => U): void {
  if (value !== undefined) into.push(map(value));
}

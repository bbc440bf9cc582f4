// The field vocabulary of rule conditions: every field a rule may name, the scope it belongs to and
// how to read it from an event and its facts. Declared once here; the compiler rejects any other name.
//
// Scopes: `event` fields have one value per event. `cmd`, `read`, `write`, `delete`, `egress` and
// `secret` fields belong to one item of the event (one simple command, one written path …). A rule is
// evaluated once per item of the scopes it names, so `cmd.prog` and `cmd.args` describe the same
// command; fields of a scope the rule does not iterate are multi-valued over the whole event.
import { isLocalHost, isAllowedHost, type Egress } from '../../command/egress.js';
import { workDirOf } from '../../command/git-push.js';
import { baseName, LIMITS, type SimpleCommand } from '../../command/parse-command.js';
import { PRINTS_ARGUMENTS } from '../../command/words.js';
import { installedPackages, type InstalledPackage } from '../../command/package-installs.js';
import { lookalikeOf } from '../../package-names.js';
import { isInToolCache } from '../../tool-caches.js';
import { addsShellSetup } from '../../shell-setup.js';
import { hookText, runsOnlyProjectChecks } from '../../hook-body.js';
import { manifestPackages, untrustedDependencyHosts } from '../../manifest-sources.js';
import type { DetectionInput } from '../../detector.js';
import type { DeleteFact, SecretRead, WriteFact } from '../../facts.js';
import { commandCwd, isWithin, matchPathClassInAnyHome, resolvePath } from '../../paths.js';
import { SECRET_FILES } from '../../catalog.js';

export type Scope = 'event' | 'cmd' | 'read' | 'write' | 'delete' | 'egress' | 'secret';
export const ITEM_SCOPES = ['cmd', 'read', 'write', 'delete', 'egress', 'secret'] as const;
export type ItemScope = (typeof ITEM_SCOPES)[number];
export type Value = string | number | boolean;

/** One item of an event that a rule is evaluated against (absent for event-scoped rules). */
export interface Item { scope: ItemScope; value: unknown }

export interface Env {
  input: DetectionInput;
  /** The workspace: where the session started (falls back to the event's cwd). */
  workspace?: string;
  item?: Item;
  /** The item scopes the rule iterates. */
  iterating: ReadonlySet<ItemScope>;
  vars?: Readonly<Record<string, string>>;
  /** One rule's pass over one event (rule-detector.ts): tests of whole-event fields give one answer within it. Unset: no such reuse. */
  pass?: number;
}

export interface FieldDef {
  scope: Scope;
  /** Paths are shown as `~/…` in reasons. */
  path?: boolean;
  doc: string;
  /** Values of the field on one item (item scopes) or on the event. */
  get(item: unknown, env: Env): Value[];
  /** An event field with no value on an event without a command line (the prefilter skips those). */
  ofCommand?: boolean;
}

const one = (v: Value | undefined | null): Value[] => (v === undefined || v === null ? [] : [v]);
const inWorkspace = (p: string, env: Env): Value[] => (env.workspace === undefined ? [] : [isWithin(p, env.workspace)]);
/** Whether a path is agentwatch's own (state dir, config, policy file): the detection context names them. */
const ofMonitor = (p: string, env: Env): Value[] => { const m = env.input.ctx.monitor; return m === undefined ? [] : [m.paths.some((d) => isWithin(p, d))]; };
const input = (env: Env) => env.input.event.tool?.input as Record<string, unknown> | undefined;
/**
 * The command line as far as the parser follows it. Past that the line is flagged (command-too-large-to-judge), and
 * a regex of two runs around a word (`[^"]*curl[^"]*\|`) takes time quadratic in a crafted line's length: ~0.3 s at 40 KB.
 */
const lineHead = (env: Env): string | undefined => { const l = env.input.event.command; return l !== undefined && l.length > LIMITS.text ? l.slice(0, LIMITS.text) : l; };

const cwdOf = (c: SimpleCommand, env: Env) => commandCwd(c.dir, env.input.ctx.home, env.input.event.cwd);

function commandPaths(c: SimpleCommand, env: Env): string[] {
  const home = env.input.ctx.home, cwd = cwdOf(c, env);
  const out: string[] = [];
  if (PRINTS_ARGUMENTS.has(baseName(c.argv[0] ?? ''))) return out;
  for (const a of c.argv.slice(1)) {
    const p = resolvePath(a, home, cwd);
    if (p !== undefined) out.push(p);
  }
  return out;
}

/** The sources of `mv a b`, `mv -t dir a b` aside: the paths that leave where they were. */
function movedAway(c: SimpleCommand, env: Env): string[] {
  if (baseName(c.argv[0] ?? '') !== 'mv') return [];
  const plain = c.argv.slice(1).filter((a) => !a.startsWith('-'));
  return commandPaths({ ...c, argv: [c.argv[0]!, ...plain.slice(0, -1)] }, env);
}

const cmd = (get: (c: SimpleCommand, env: Env) => Value[], doc: string, path = false): FieldDef =>
  ({ scope: 'cmd', doc, path, get: (i, env) => get(i as SimpleCommand, env) });

export const FIELDS: Readonly<Record<string, FieldDef>> = {
  'event.kind': { scope: 'event', doc: 'tool.call, file.read, file.write, exec …', get: (_, e) => one(e.input.event.kind) },
  'event.source': { scope: 'event', doc: 'hook, process, file, network …', get: (_, e) => one(e.input.event.source) },
  'event.hook': { scope: 'event', doc: "the agent's hook name (PreToolUse …)", get: (_, e) => one(e.input.event.hookEvent) },
  'event.agent.kind': { scope: 'event', doc: 'claude-code, codex, cursor …', get: (_, e) => one(e.input.event.agent.kind) },
  'event.tool.name': { scope: 'event', doc: 'Bash, Read, Write, Edit, mcp__… ', get: (_, e) => one(e.input.event.tool?.name) },
  'event.command': { scope: 'event', ofCommand: true, doc: 'the whole shell command line (its first 64 KB), and any script it decodes and runs', get: (_, e) => (e.input.facts.revealed ? [...one(lineHead(e)), ...e.input.facts.revealed] : one(lineHead(e))) },
  'event.path': { scope: 'event', path: true, doc: 'the file the event is about, absolute', get: (_, e) => one(e.input.event.path === undefined ? undefined : resolvePath(e.input.event.path, e.input.ctx.home, e.input.event.cwd)) },
  'event.cwd': { scope: 'event', path: true, doc: "the event's working directory", get: (_, e) => one(e.input.event.cwd) },
  'event.tool.input': { scope: 'event', doc: 'every string value of the tool input, at any depth', get: (_, e) => strings(input(e), 0) },
  'event.decoded': { scope: 'event', doc: 'scripts the command line decodes (base64, hex, rev, printf escapes) and runs', get: (_, e) => e.input.facts.revealed ?? [] },
  'event.over_limit': { scope: 'event', doc: "`commands` or `text` when the command line is past the parser's limits (1,000 simple commands, 64 KB): the rest is not judged", get: (_, e) => one(e.input.facts.overLimit) },
  'session.workspace': { scope: 'event', path: true, doc: 'where the session started', get: (_, e) => one(e.workspace) },
  'session.secret_reads': { scope: 'event', path: true, doc: 'secrets the session read before this event', get: (_, e) => e.input.session.secretReads.map((s) => s.abs) },
  'download.source': { scope: 'event', doc: 'the download stage of `curl … | sh`', get: (_, e) => one(e.input.facts.downloadToShell) },
  'remote.read_path': { scope: 'event', path: true, ofCommand: true, doc: 'a path a command run on another host reads, absolute, `~` as this home (`ssh db1 cat /etc/shadow`, `scp db1:.pgpass .`)', get: (_, e) => (e.input.facts.remoteReads ?? []).flatMap((r) => r.paths) },

  'cmd.prog': cmd((c) => one(baseName(c.argv[0] ?? '')), 'basename of argv[0], wrappers (sudo, env …) removed'),
  'cmd.args': cmd((c) => c.argv.slice(1), 'each argument'),
  'cmd.line': cmd((c) => one(c.argv.join(' ')), 'argv joined with spaces'),
  'cmd.env': cmd((c) => c.env ?? [], 'NAME=value pairs the line sets in its environment (X=1 cmd, env X=1 cmd, an earlier export)'),
  'cmd.code': cmd((c) => one(c.interpreterCode?.code), "the code an interpreter runs: inline (`python3 -c`, `node -e`, `perl -e`) or read on stdin (`python3 - <<EOF`, a script the session wrote and runs)"),
  'cmd.argc': cmd((c) => [c.argv.length - 1], 'number of arguments'),
  'cmd.paths': cmd(commandPaths, 'path-like arguments, absolute', true),
  'cmd.paths_written_before': cmd((c, env) => commandPaths(c, env).filter((p) => (env.input.session.created ?? []).includes(p) || env.input.facts.writes.some((w) => w.path === p)), 'path-like arguments this session (or the line) wrote before: a key it made, a file it downloaded', true),
  'cmd.moved_away': cmd(movedAway, 'what `mv` moves away: every path but the destination (`mv ~/.claude ~/.claude.bak`), absolute', true),
  'cmd.outside_paths': cmd((c, env) => (env.workspace === undefined ? [] : commandPaths(c, env).filter((p) => !isWithin(p, env.workspace!))), 'path-like arguments outside the workspace', true),
  'cmd.outside_dir': cmd((c, env) => { const d = workDirOf(c, env.input.ctx.home, env.input.event.cwd); return d === undefined || env.workspace === undefined || isWithin(d, env.workspace) ? [] : [d]; }, "the directory the command works in (after a `cd`, or git's `-C dir`) when that is outside the workspace", true),
  'cmd.monitor_paths': cmd((c, env) => [...commandPaths(c, env), ...[...c.writes, ...c.reads].flatMap((w) => one(resolvePath(w, env.input.ctx.home, cwdOf(c, env))))].filter((p) => ofMonitor(p as string, env)[0] === true), "arguments and redirections inside agentwatch's own state dir or config files", true),
  'cmd.monitor_pid': cmd((c, env) => { const pid = env.input.ctx.monitor?.pid; return pid === undefined ? [] : [c.argv.slice(1).some((a) => a === String(pid) || a === `-${pid}`)]; }, "true when an argument is the daemon's pid (or its process group)"),
  'cmd.monitor_port': cmd((c, env) => { const port = env.input.ctx.monitor?.port; return port === undefined ? [] : [c.argv.slice(1).some((a) => namesPort(a, port))]; }, "true when an argument names the daemon's port (`47474`, `:47474`, `--dport=47474`, `47474/tcp`, `tcp:47474`)"),
  'cmd.redirects': cmd((c, env) => [...c.writes, ...c.reads].flatMap((w) => one(resolvePath(w, env.input.ctx.home, cwdOf(c, env)))), 'targets and sources of < and > redirections', true),

  'package.lookalike': { scope: 'event', doc: 'a package the line installs or runs whose name is one letter off a popular one (`reqeusts`)', get: (_, e) => lookalikes(e).map((l) => l.name) },
  'package.resembles': { scope: 'event', doc: 'the popular package each package.lookalike resembles (`requests`)', get: (_, e) => lookalikes(e).map((l) => l.like) },

  'read.path': { scope: 'read', path: true, doc: 'a path read (Read tool, or a command argument)', get: (i) => [i as string] },
  'read.metadata_only': { scope: 'read', doc: 'true when only its metadata was looked at or changed (ls, stat, test -f, chmod)', get: (i, e) => [e.input.facts.metadataOnly?.includes(i as string) === true] },
  'read.monitor': { scope: 'read', doc: "true when the path is agentwatch's own (state dir, config)", get: (i, e) => ofMonitor(i as string, e) },
  'read.in_workspace': { scope: 'read', doc: 'true/false (no value without a workspace)', get: (i, e) => inWorkspace(i as string, e) },
  'write.path': { scope: 'write', path: true, doc: 'a path written (Write/Edit, > redirection, tee, cp …)', get: (i) => [(i as WriteFact).path] },
  'write.content': { scope: 'write', doc: 'the new content (Write) or new_string (Edit)', get: (i) => one((i as WriteFact).content) },
  'write.old': { scope: 'write', doc: 'the replaced text of an Edit', get: (i) => one((i as WriteFact).oldContent) },
  'write.shell_setup': { scope: 'write', doc: "true when the write adds only a tool's setup to a shell startup file (PATH, a home variable, `eval \"$(pyenv init -)\"`, an alias): an Edit's new lines or a shell's append (`>>`), not a whole file replaced", get: (i, e) => [addsShellSetup(i as WriteFact, e.input.facts.textWritten)] },
  'write.project_checks': { scope: 'write', doc: "true when the whole file written (a Write, or a shell's `>`) only runs the project's own checks, line by line (`npm run lint`, `npx lint-staged`, `make test`, `cargo clippy`): a hand-written pre-commit hook", get: (i, e) => { const t = hookText(i as WriteFact, e.input.facts.textWritten); return [t !== undefined && runsOnlyProjectChecks(t)]; } },
  'write.dependency_host': { scope: 'write', doc: 'a host, not a registry or known code host, that the text written into a project manifest (package.json, requirements, pyproject.toml, Cargo.toml, a Gemfile) takes a package from as a git URL or an archive (detectors/manifest-sources.ts)', get: (i, e) => untrustedDependencyHosts(i as WriteFact, e.input.facts.textWritten) },
  'write.package_lookalike': { scope: 'write', doc: 'a registry package the text written into a project manifest (package.json, requirements, pyproject.toml) newly names, one letter off a popular one', get: (i, e) => manifestLookalikes(i as WriteFact, e).map((l) => l.name) },
  'write.package_resembles': { scope: 'write', doc: 'the popular package each write.package_lookalike resembles', get: (i, e) => manifestLookalikes(i as WriteFact, e).map((l) => l.like) },
  'write.secret_class': { scope: 'write', doc: 'catalog class id when the path written is a credential file (aws, kube, ssh-key …): what replaces it replaces a login', get: (i, e) => one(matchPathClassInAnyHome((i as WriteFact).path, SECRET_FILES, e.input.ctx.home)?.id) },
  'write.program': { scope: 'write', doc: 'the program that writes it through an argument (`ssh-keygen -f k`, `openssl … -out k`, `tee f`, `cp a b`), not a redirection or a write tool', get: (i) => one((i as WriteFact).program) },
  'write.monitor': { scope: 'write', doc: "true when the path is agentwatch's own (state dir, config)", get: (i, e) => ofMonitor((i as WriteFact).path, e) },
  'write.in_workspace': { scope: 'write', doc: 'true/false', get: (i, e) => inWorkspace((i as WriteFact).path, e) },
  'delete.path': { scope: 'delete', path: true, doc: 'a path deleted', get: (i) => [(i as DeleteFact).path] },
  'delete.recursive': { scope: 'delete', doc: 'true for rm -r', get: (i) => [(i as DeleteFact).recursive] },
  'delete.monitor': { scope: 'delete', doc: "true when the path is agentwatch's own (state dir, config)", get: (i, e) => ofMonitor((i as DeleteFact).path, e) },
  'delete.secret_class': { scope: 'delete', doc: 'catalog class id when the path (or a glob) is a credential file: ssh-key, aws …', get: (i) => one((i as DeleteFact).secretClass) },
  'delete.created': { scope: 'delete', doc: 'true when this session wrote the file before (a key it generated)', get: (i, e) => [(e.input.session.created ?? []).includes((i as DeleteFact).path)] },
  'delete.in_workspace': { scope: 'delete', doc: 'true/false', get: (i, e) => inWorkspace((i as DeleteFact).path, e) },
  'delete.replaced': { scope: 'delete', doc: 'true when a later command of the line writes or unpacks it again (`rm -rf /usr/local/go && tar -C /usr/local -xzf go1.22.3.linux-amd64.tar.gz`, `rm -rf dist && cp -r build dist`): a reinstall', get: (i) => [(i as DeleteFact).replaced === true] },
  'delete.in_cache': { scope: 'delete', doc: "true inside a tool's download or build cache (`~/.cache/pip`, `~/.gradle/caches/…`, `~/.npm/_cacache`, Xcode's DerivedData) or one version a version manager or editor installed (`~/.nvm/versions/node/v16…`, a virtualenv, an extension): filled again by the tool", get: (i) => [isInToolCache((i as DeleteFact).path)] },
  'egress.host': { scope: 'egress', doc: 'destination host or address', get: (i) => [(i as Egress).host] },
  'egress.port': { scope: 'egress', doc: 'destination port', get: (i) => one((i as Egress).port) },
  'egress.tool': { scope: 'egress', doc: 'curl, nc, ssh, /dev/tcp …', get: (i) => [(i as Egress).tool] },
  'egress.spelled_as': { scope: 'egress', doc: 'the host as typed, when that spelling hid an IPv4 address (16843009, 0x7f000001)', get: (i) => one((i as Egress).spelledAs) },
  'egress.url': { scope: 'egress', doc: 'the URL, when there is one', get: (i) => one((i as Egress).url) },
  'egress.local': { scope: 'egress', doc: 'true for loopback (and the cloud metadata service)', get: (i) => [isLocalHost((i as Egress).host)] },
  'egress.monitor': { scope: 'egress', doc: "true for agentwatch's own port on loopback (its hook endpoint, stream and console)", get: (i, e) => { const port = e.input.ctx.monitor?.port; return port === undefined ? [] : [(i as Egress).port === port && isLocalHost((i as Egress).host)]; } },
  'egress.allowed': { scope: 'egress', doc: 'true when detection.egressAllow lists the host', get: (i, e) => [isAllowedHost((i as Egress).host, e.input.ctx.egressAllow)] },
  'secret.path': { scope: 'secret', doc: 'a secret read, as shown (~/.aws/credentials)', get: (i) => [(i as SecretRead).path] },
  'secret.abs': { scope: 'secret', doc: 'the same, absolute', get: (i) => [(i as SecretRead).abs] },
  'secret.class': { scope: 'secret', doc: 'catalog class id: aws, ssh-key, kube, npmrc, dotenv …', get: (i) => [(i as SecretRead).classId] },
  'secret.written': { scope: 'secret', doc: 'true when the same command also writes that path (a copy destination)', get: (i, e) => [e.input.facts.writes.some((w) => w.path === (i as SecretRead).abs)] },
  'secret.created': { scope: 'secret', doc: 'true when this session wrote the file before reading it (a key it generated, a .env it made)', get: (i, e) => [(e.input.session.created ?? []).includes((i as SecretRead).abs)] },
  'secret.label': { scope: 'secret', doc: 'what it is, in words', get: (i) => [(i as SecretRead).label] },
  'secret.directory': { scope: 'secret', doc: 'true when a directory holding the secret is copied, archived, mounted into a container or served whole (`tar czf a.tgz ~/.aws`)', get: (i) => [(i as SecretRead).directory === true] },
  'secret.handed_to': { scope: 'secret', doc: '`container` or `network` when a directory holding it was mounted or copied into a container (`docker cp`) or served to the network whole; `cli-image` when mounted into its vendor\'s own CLI image (`-v ~/.aws:/root/.aws amazon/aws-cli`)', get: (i) => one((i as SecretRead).handedTo) },
  'secret.remote_host': { scope: 'secret', doc: 'the host it was read on, when a command ssh runs there read it (`ssh db1 cat ~/.pgpass`)', get: (i) => one((i as SecretRead).remoteHost) },
};

/** Whether a word names `port` alone or as the end of an address or option (`:47474`, `=47474`, `47474/tcp`). */
function namesPort(word: string, port: number): boolean {
  const p = String(port);
  const at = word.indexOf(p);
  if (at < 0) return false;
  const before = word[at - 1], after = word.slice(at + p.length);
  return (before === undefined || before === ':' || before === '=' || before === ' ') && (after === '' || after === '/tcp' || after === '/udp' || after.startsWith(','));
}

/** Of some packages, the first 256, those named one letter off a popular one, each once. */
function lookalikesAmong(packages: Iterable<InstalledPackage>): { name: string; like: string }[] {
  const out: { name: string; like: string }[] = [];
  let asked = 0;
  for (const p of packages) {
    if (++asked > 256) break;
    const like = lookalikeOf(p.ecosystem, p.name);
    if (like !== undefined && !out.some((o) => o.name === p.name)) out.push({ name: p.name, like });
  }
  return out;
}

/** Packages of the line (installed or run from a registry) named one letter off a popular one; read lazily, to the cap. */
const lookalikes = (env: Env) => lookalikesAmong((function* () { for (const c of env.input.facts.commands) yield* installedPackages(c.argv); })());

/** The packages a write into a manifest newly names one letter off a popular one. */
const manifestLookalikes = (w: WriteFact, env: Env) => lookalikesAmong(manifestPackages(w, env.input.facts.textWritten));

function strings(v: unknown, depth: number): string[] {
  if (typeof v === 'string') return [v];
  if (depth > 4 || v === null || typeof v !== 'object') return [];
  return Object.values(v).flatMap((x) => strings(x, depth + 1));
}

/** The items of one scope in an event's facts. */
export function itemsOf(scope: ItemScope, input: DetectionInput): readonly unknown[] {
  const f = input.facts;
  switch (scope) {
    case 'cmd': return f.commands;
    case 'read': return f.reads;
    case 'write': return f.writes;
    case 'delete': return f.deletes;
    case 'egress': return f.egress;
    case 'secret': return f.secrets;
  }
}

const NONE: readonly Value[] = Object.freeze([]);
/** Where the values of a field read over the whole event are kept (an item's are kept under the item). */
const WHOLE_EVENT = Symbol('event');
/**
 * The values already read for one event (one DetectionInput), by item and field name. ~100 rules ask for
 * the same few fields (cmd.prog, the command's paths …) of the same items: each is read once per event.
 * A getter reads only the event, its facts, the session and the context, never the rule, so a value does
 * not depend on which rule asked. Gone with the input.
 */
const read = new WeakMap<DetectionInput, Map<unknown, Map<string, readonly Value[]>>>();

/** The values of a field where a rule stands: the current item, another item's scope, or the event (read-only). */
export function valuesOf(name: string, def: FieldDef, env: Env): readonly Value[] {
  let at: unknown = WHOLE_EVENT;
  if (def.scope !== 'event') {
    if (env.item?.scope === def.scope) at = env.item.value;
    else if (env.iterating.has(def.scope)) return NONE;
  }
  let ofEvent = read.get(env.input);
  if (ofEvent === undefined) read.set(env.input, (ofEvent = new Map()));
  let ofItem = ofEvent.get(at);
  if (ofItem === undefined) ofEvent.set(at, (ofItem = new Map()));
  let values = ofItem.get(name);
  if (values === undefined) {
    values = def.scope === 'event' ? def.get(undefined, env)
      : at !== WHOLE_EVENT ? def.get(at, env)
        : itemsOf(def.scope, env.input).flatMap((i) => def.get(i, env));
    ofItem.set(name, values);
  }
  return values;
}

/** The dedupe key of an item: the path, host or command it is about. */
export function itemKey(item: Item | undefined, input: DetectionInput): string {
  if (item === undefined) return input.event.command ?? input.event.path ?? input.event.kind;
  const v = item.value;
  switch (item.scope) {
    case 'cmd': return (v as SimpleCommand).argv.join(' ');
    case 'read': return v as string;
    case 'write': case 'delete': return (v as WriteFact).path;
    case 'egress': return (v as Egress).host;
    case 'secret': return (v as SecretRead).path;
  }
}

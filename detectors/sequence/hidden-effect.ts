// Effects hidden behind a hooked tool call. A session whose hooks report is judged on what its calls
// announce; the OS effects of those calls are evidence. That leaves a gap an innocent-looking command can
// hide in: `npm run dev &` starts a server that, minutes later, reads ~/.aws/credentials and connects
// out — tied to its tool call (so no hook bypass), but nothing the call announced. This detector judges
// those effects (of a tool call's processes, or of an MCP server the agent started) against the call's own
// command: a credential it never named, read by a program that does not own it (a package manager reading
// its registry token, `aws` reading AWS credentials are its own business), then a connection to a host that
// is neither local, nor allowlisted, nor a package or code host; or a persistence file it never named,
// written by anything but a package manager installing (`npm ci` running husky is its job; `npm run dev` is not). Pure: the event, its facts, its own memory.
import type { Event } from '../../core/event.js';
import type { Detector, Finding } from '../detector.js';
import type { DetectionContext, EventFacts, SecretRead } from '../facts.js';
import { isAllowedHost } from '../command/egress.js';
import { KNOWN_CODE_HOSTS } from '../command/known-hosts.js';
import { displayPath, isWithin } from '../paths.js';
import type { SessionState } from '../session-state.js';
import { persistenceWritesOf } from './steps.js';
import { BYPASS_WINDOW_MS, callMatches, callStampOf, effectOf, type HookCallStamp } from './hook-bypass.js';
import { msOf } from '../../core/time.js';
import { push } from './bounded.js';

/** A credential read by a tool call's (or MCP server's) process that the call did not name. */
export interface HiddenRead { eventId: string; path: string; label: string; by: string }

export interface HiddenEffectMemory {
  effectCalls: HookCallStamp[];
  hiddenReads: HiddenRead[];
}

export const MAX_EFFECT_CALLS = 64;
export const MAX_HIDDEN_READS = 8;

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const programsOf = (command: string) => command.split(/[\s;&|()<>"'`=]+/).filter(Boolean).map(base);

const PACKAGE_MANAGERS = ['npm', 'npx', 'yarn', 'pnpm', 'bun', 'pip', 'pip3', 'pipx', 'uv', 'uvx', 'poetry', 'pdm', 'twine', 'cargo', 'go',
  'gem', 'bundle', 'composer', 'mvn', 'gradle', 'dotnet', 'conda', 'mamba', 'brew', 'apt', 'apt-get', 'dnf', 'yum', 'pre-commit', 'husky'];
const INSTALL_VERBS = new Set(['install', 'i', 'ci', 'add', 'update', 'upgrade', 'sync', 'setup', 'init', 'bundle', 'prepare']);
/** A package manager or installer installing (`npm ci`, `pip install`, `pre-commit install`): its hooks and rc lines are its job. */
function installs(command: string | undefined): boolean {
  const w = command === undefined ? [] : programsOf(command);
  return w.some((p, i) => PACKAGE_MANAGERS.includes(p) && INSTALL_VERBS.has(w.slice(i + 1).find((x) => !x.startsWith('-')) ?? ''));
}

// Who may read which credential class in the course of its own work (the class ids of detectors/catalog.ts).
const OWNERS: Record<string, readonly string[]> = {
  aws: ['aws', 'sam', 'cdk', 'terraform', 'pulumi', 'eksctl'],
  'aws-config': ['aws', 'sam', 'cdk', 'terraform', 'pulumi', 'eksctl'],
  'ssh-key': ['ssh', 'scp', 'sftp', 'rsync', 'git', 'ssh-add', 'ssh-keygen', 'ansible', 'ansible-playbook'],
  kube: ['kubectl', 'helm', 'k9s', 'kubectx', 'kustomize', 'minikube', 'kind', 'skaffold', 'tilt'],
  npmrc: PACKAGE_MANAGERS,
  'project-npmrc': PACKAGE_MANAGERS,
  netrc: ['curl', 'git', 'ftp', 'wget', ...PACKAGE_MANAGERS],
  'git-credentials': ['git', 'gh', 'git-credential-store'],
  docker: ['docker', 'docker-compose', 'podman', 'buildah', 'skopeo', 'kind', 'minikube'],
  pypirc: PACKAGE_MANAGERS,
  gcloud: ['gcloud', 'gsutil', 'bq', 'terraform', 'pulumi'],
  azure: ['az', 'azd', 'terraform', 'pulumi'],
};

/** The call (or MCP server) an effect belongs to, in words, and the call itself when it is remembered. */
function causeOf(event: Event, calls: readonly HookCallStamp[]): { by: string; call?: HookCallStamp } {
  if (event.mcpServer !== undefined) return { by: `MCP server ${event.mcpServer}` };
  const call = calls.find((c) => c.useId === event.toolUseId);
  const cmd = call?.command;
  return { by: cmd ? `\`${cmd.length > 60 ? `${cmd.slice(0, 57)}...` : cmd}\`` : `tool call ${event.toolUseId}`, call };
}

/** Whether an effect is one this detector judges: a strong OS effect of a hooked session's call or MCP server. */
function judged(event: Event, hookEvents: number): boolean {
  if (event.source === 'hook' || event.sessionId === undefined || hookEvents === 0) return false; // unhooked: judged as intent
  if (event.attribution !== 'exact' && event.attribution !== 'ancestry') return false; // correlated: a hook named it
  return event.toolUseId !== undefined || event.mcpServer !== undefined; // the rest is hook-bypass's
}

/** Whether the call announced it, or a program that owns it (by the call's command or the process) did it. */
function announced(event: Event, ctx: DetectionContext, calls: readonly HookCallStamp[], call: HookCallStamp | undefined, owners: readonly string[]): boolean {
  const t = msOf(event.ts);
  if (calls.some((c) => (c === call || (t - c.t <= BYPASS_WINDOW_MS && c.t - t <= 2_000)) && callMatches(c, event, ctx))) return true;
  const progs = [...(call?.command ? programsOf(call.command) : []), ...(event.exe ? [base(event.exe)] : []), ...(event.argv ?? []).slice(0, 2).map(base)];
  return progs.some((p) => owners.includes(p));
}

function hiddenReadOf(event: Event, facts: EventFacts, session: Readonly<SessionState>, calls: readonly HookCallStamp[], ctx: DetectionContext): HiddenRead | undefined {
  if (event.kind !== 'file.read') return undefined;
  // A credential of the user's, not the project's: a workspace .env, TLS key or .npmrc is the project's own
  // config, read by its dev server and build tools; neither is a key the session made itself.
  const workspace = session.cwd;
  const s: SecretRead | undefined = facts.secrets.find((x) => OWNERS[x.classId] !== undefined && !(session.created ?? []).includes(x.abs)
    && (workspace === undefined || !isWithin(x.abs, workspace)));
  if (s === undefined) return undefined;
  const { by, call } = causeOf(event, calls);
  return announced(event, ctx, calls, call, OWNERS[s.classId]!) ? undefined : { eventId: event.id, path: s.path, label: s.label, by };
}

const remoteOf = (event: Event, ctx: DetectionContext, facts: EventFacts): string | undefined => {
  if (event.kind !== 'net.connect' || event.remote === undefined || effectOf(event, facts, ctx) === undefined) return undefined; // loopback, the agent's own API
  const host = event.remote.host ?? event.remote.addr;
  return isAllowedHost(host, ctx.egressAllow) || isAllowedHost(host, KNOWN_CODE_HOSTS) ? undefined : `${host}:${event.remote.port}`;
};

export const hiddenEffect: Detector<HiddenEffectMemory> = {
  name: 'hidden-effect',
  judges: 'effects',
  memory: {
    // The calls whose effects are still to come, and the last hidden reads: a session quiet for an hour has neither.
    windowed: true,
    initial: () => ({ effectCalls: [], hiddenReads: [] }),
    update({ event, facts, session, state, ctx }) {
      if (event.source === 'hook') {
        // Kept by id, with no time window: a background process may act long after its call.
        const call = callStampOf(event);
        return call ? { effectCalls: push(state.effectCalls, [call], MAX_EFFECT_CALLS), hiddenReads: state.hiddenReads } : state;
      }
      if (!judged(event, session.hookEvents)) return state;
      const read = hiddenReadOf(event, facts, session, state.effectCalls, ctx);
      return read === undefined ? state : { effectCalls: state.effectCalls, hiddenReads: push(state.hiddenReads, [read], MAX_HIDDEN_READS) };
    },
  },
  evaluate({ event, facts, session, state, ctx }) {
    if (!judged(event, session.hookEvents)) return [];
    const findings: Finding[] = [];
    const dest = state.hiddenReads.length > 0 ? remoteOf(event, ctx, facts) : undefined;
    if (dest !== undefined) {
      const r = state.hiddenReads[state.hiddenReads.length - 1]!;
      const { by } = causeOf(event, state.effectCalls);
      findings.push({
        rule: 'hidden-secret-egress', severity: 'high', tactic: 'exfiltration', technique: 'T1048',
        title: `Secret read behind a tool call, then egress to ${dest}`,
        reason: `A process of ${r.by} read ${r.path} (${r.label}), which that command never named, and now a process of ${by} connects to ${dest}, a host that is neither local, nor allowlisted, nor a package or code host: the secret may be leaving behind an innocent-looking command.`,
        evidence: [...new Set([...state.hiddenReads.map((h) => h.eventId), event.id])], key: `hidden-egress:${dest.slice(0, dest.lastIndexOf(':'))}`, block: false,
      });
    }
    if (event.kind === 'file.write') {
      const { by, call } = causeOf(event, state.effectCalls);
      for (const p of persistenceWritesOf(event, facts, ctx.home)) {
        if (installs(call?.command) || announced(event, ctx, state.effectCalls, call, [])) break;
        const shown = displayPath(p.path, ctx.home);
        findings.push({
          rule: 'hidden-persistence-write', severity: 'high', tactic: 'persistence', technique: p.cls.technique ?? 'T1546',
          title: `Persistence written behind a tool call: ${shown}`,
          reason: `A process of ${by} wrote ${shown} (${p.cls.label}), which that command never named: whatever it put there runs again later, hidden behind an innocent-looking command.`,
          evidence: [event.id], key: `hidden-persistence:${p.path}`, block: false,
        });
      }
    }
    return findings;
  },
};

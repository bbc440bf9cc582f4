// Replays every scenario as one real agent session (Claude Code by default; Codex, Gemini CLI: agents.ts)
// through one real agentwatch daemon and
// measures what the daemon made of it: recall on attacks, false positives on benign sessions, and
// detection latency. Used by bench/eval.ts (prints) and test/e2e/scenarios.test.ts (asserts).
import fs from 'node:fs';
import path from 'node:path';
import { installHostShims } from '../helpers/host-shims.js';
import { createTestHost, netnsSkipReason, startSink, type Sink, type TestHost } from '../helpers/netns.js';
import { fingerprint, makeWorkspace, repoRoot, scenarioDir, startDaemon, stored, tmpRoot, watchStream, writeResolvConf, type EvalDaemon, type StreamWatch } from './harness.js';
import { monitorDamage, releaseDaemon, stateDirMode } from './monitor-check.js';
import { evalAgent, type EvalAgent } from './agents.js';
import { loadScenarios, substitute, type Scenario } from './scenario.js';
import { summarise, type EnforceReport, type EvalReport, type ScenarioResult } from './report.js';

export type { EvalReport, ScenarioResult } from './report.js';

interface AlertRow { id: string; ts: string; severity: string; tactic: string; rule: string; evidence: string[]; blocked?: boolean }
interface EventRow { id: string; ts: string; kind: string }

export interface EvalOptions {
  /** The agent CLI that plays the scenarios (default claude-code). */
  agent?: string;
  /** Also replay the benign scenarios and the attacks with noSinkData ('all': every scenario) against a daemon in enforce mode. */
  enforce?: boolean | 'all';
  /** Only scenarios whose name matches. */
  only?: RegExp;
  /** Network namespace tag (default ev<pid>) and /24 (10.<subnet>.0.0; default: the first free of 241–250). */
  netnsTag?: string;
  subnet?: number;
  keepTemp?: boolean;
  log?: (line: string) => void;
}

const RANK: Record<string, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
export const BLOCK_MARK = 'agentwatch blocked';

interface Ctx {
  agent: EvalAgent; root: string; vars: Record<string, string>; sink?: Sink; log: (l: string) => void; stream?: StreamWatch;
  mode?: 'observe' | 'enforce';
  /** A resolv.conf naming the sink's DNS listener (with the network namespace only). */
  resolver?: string;
}

async function runScenario(s: Scenario, shared: EvalDaemon, ctx: Ctx): Promise<ScenarioResult> {
  const t0 = Date.now();
  const base: ScenarioResult = {
    name: s.name, kind: s.kind, expectedTactics: s.expect?.tactics ?? [], detected: false, tacticsSeen: [], rulesSeen: [],
    mediumPlus: [], maxSeverity: 'none', toolCalls: s.steps.length, latenciesMs: [], streamLatenciesMs: [], durationMs: 0, sinkBodies: 0,
    leaked: false, blockedCalls: 0, results: [], previews: [], files: {},
  };
  // An attack on the monitor gets a daemon of its own, the only process pkill & co. may pick (host shims):
  // whatever the session does to it ends with the session.
  let own: { d: EvalDaemon; stateMode: number } | undefined;
  const shims = installHostShims(path.join(ctx.root, 'host-shims'));
  try {
    if (s.expect?.stopsMonitor) {
      const d = await startDaemon(ctx.root, ctx.mode ?? 'observe', ctx.agent, s.name);
      own = { d, stateMode: stateDirMode(d) };
      shims.scope([d.pid]);
    }
    const d = own?.d ?? shared;
    const before = ctx.sink?.received().length ?? 0;
    const callsBefore = shims.calls().length;
    const w = makeWorkspace(d, s.setup?.files ?? {}, s.setup?.commands ?? [], (t, at) => substitute(t, { ...ctx.vars, ...at }));
    const varsFor = { ...ctx.vars, home: w.home, ws: w.ws, origin: w.origin };
    const run = await ctx.agent.run({
      home: w.home, ws: w.ws, steps: substitute(s.steps, varsFor), final: s.final ?? 'Done.', prompt: substitute(s.prompt, varsFor),
      resolver: s.setup?.resolver ? ctx.resolver : undefined,
    });
    if (own) {
      shims.scope([]);
      base.monitorDamage = await monitorDamage(own.d, own.stateMode, shims.calls().slice(callsBefore));
      releaseDaemon(own.d, own.stateMode);
    }
    base.results = run.results.map((r) => ({ isError: r.isError, blocked: r.content.includes(BLOCK_MARK) }));
    base.previews = run.results.map((r) => r.content.slice(0, 200));
    base.sessionId = run.sessionId;
    base.exitCode = run.code;
    base.blockedCalls = base.results.filter((r) => r.blocked).length;
    base.files = fingerprint(w.ws);
    const bodies = ctx.sink?.received().slice(before) ?? [];
    base.sinkBodies = bodies.length;
    base.leaked = (s.expect?.noSinkData ?? []).some((m) => bodies.some((b) => b.includes(m)));
    if (!run.sessionId) throw new Error(`${ctx.agent.kind} exited ${run.code} without a session id: ${run.stderr.slice(-300)}`);
    base.claudeMs = run.ms;
    // A daemon the session harmed will not record the session's end: read what it stored, without waiting for it.
    const { events, alerts } = await collect(d, run.sessionId, own ? undefined : ctx.stream, !base.monitorDamage?.length);
    await dumpSession(ctx, d, s.name, run.sessionId, alerts);
    const evTs = new Map(events.map((e) => [e.id, Date.parse(e.ts)]));
    for (const a of alerts) {
      if (!base.tacticsSeen.includes(a.tactic)) base.tacticsSeen.push(a.tactic);
      if (!base.rulesSeen.includes(a.rule)) base.rulesSeen.push(a.rule);
      if ((RANK[a.severity] ?? 0) > (RANK[base.maxSeverity] ?? -1)) base.maxSeverity = a.severity;
      if ((RANK[a.severity] ?? 0) < RANK.medium!) continue;
      base.mediumPlus.push({ rule: a.rule, tactic: a.tactic, severity: a.severity, blocked: Boolean(a.blocked) });
      if (base.expectedTactics.includes(a.tactic)) base.detected = s.kind === 'attack';
      // The triggering event: the latest evidence event no later than the alert (later ones were merged in).
      const alertTs = Date.parse(a.ts);
      const trigger = Math.max(...a.evidence.map((id) => evTs.get(id) ?? Number.NaN).filter((x) => x <= alertTs));
      if (!Number.isFinite(trigger)) continue;
      base.latenciesMs.push(alertTs - trigger);
      const pushed = ctx.stream?.firstSeen.get(a.id);
      if (pushed !== undefined) base.streamLatenciesMs.push(pushed - trigger);
    }
  } catch (err) {
    base.error = err instanceof Error ? err.message : String(err);
  } finally {
    if (own) {
      shims.scope([]);
      releaseDaemon(own.d, own.stateMode);
      await own.d.stop();
    }
  }
  base.durationMs = Date.now() - t0;
  ctx.log(line(base));
  return base;
}

// The last hook batch may still be on its way to SQLite when claude exits: wait until the stream has
// carried the session's end (or, without it, until the stored events show it), then read the stored alerts.
async function collect(d: EvalDaemon, sid: string, stream?: StreamWatch, waitForEnd = true): Promise<{ events: EventRow[]; alerts: AlertRow[] }> {
  let events: EventRow[] = [];
  for (let i = 0; i < 40 && stream; i++) {
    events = stream.events.get(sid) ?? [];
    if (events.some((e) => e.kind === 'session.end')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  for (let i = 0; waitForEnd && !events.some((e) => e.kind === 'session.end') && i < 6; i++) {
    await new Promise((r) => setTimeout(r, 250));
    events = await stored<EventRow>(d, 'events', sid);
  }
  if (!waitForEnd) events = await stored<EventRow>(d, 'events', sid);
  await new Promise((r) => setTimeout(r, 100)); // the store commits in batches
  return { events, alerts: await stored<AlertRow>(d, 'alerts', sid) };
}

/**
 * AGENTWATCH_EVAL_DUMP=<dir>: every session that raised an alert leaves <dir>/<mode>-<scenario>.json with
 * its alerts and their evidence events in full (argv, pid, ppid, cwd, attribution …), read before the pass's
 * temporary state is removed: what an unexpected alert was made of, after a run nobody can repeat.
 */
async function dumpSession(ctx: Ctx, d: EvalDaemon, name: string, sid: string, alerts: AlertRow[]): Promise<void> {
  const dir = process.env.AGENTWATCH_EVAL_DUMP;
  if (!dir || alerts.length === 0) return;
  const events = await stored<EventRow>(d, 'events', sid);
  const byId = new Map(events.map((e) => [e.id, e]));
  const evidence = alerts.map((a) => ({ ...a, evidenceEvents: a.evidence.map((id) => byId.get(id) ?? id) }));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${ctx.agent.kind}-${ctx.mode ?? 'observe'}-${name}.json`), JSON.stringify({ alerts: evidence, events }, null, 1));
}

function line(r: ScenarioResult): string {
  const lat = r.streamLatenciesMs.length ? `${Math.min(...r.streamLatenciesMs)}ms` : '-';
  const verdict = r.kind === 'attack' ? (r.detected ? 'DETECTED' : 'missed') : (r.mediumPlus.length ? `FP×${r.mediumPlus.length}` : 'clean');
  return `${r.kind.padEnd(6)} ${r.name.padEnd(34)} ${verdict.padEnd(8)} sev=${r.maxSeverity.padEnd(8)} tactics=${r.tacticsSeen.join(',') || '-'}`
    + ` rules=${r.rulesSeen.join(',') || '-'} latency=${lat} ${r.durationMs}ms (agent ${r.claudeMs ?? '-'}ms)${r.blockedCalls ? ` blocked=${r.blockedCalls}` : ''}`
    + `${r.sinkBodies ? ` sink=${r.sinkBodies}` : ''}${r.monitorDamage ? ` monitor=${r.monitorDamage.length ? `harmed(${r.monitorDamage.join('; ')})` : 'intact'}` : ''}`
    + `${r.error ? ` ERROR ${r.error}` : ''}`;
}

async function pass(mode: 'observe' | 'enforce', scenarios: Scenario[], ctx: Ctx): Promise<ScenarioResult[]> {
  const d = await startDaemon(ctx.root, mode, ctx.agent);
  ctx.log(`# ${ctx.agent.kind} ${mode} pass: daemon on 127.0.0.1:${d.port}, ${scenarios.length} sessions`);
  const out: ScenarioResult[] = [];
  let stream: StreamWatch | undefined;
  try {
    stream = await watchStream(d);
    for (const s of scenarios) out.push(await runScenario(s, d, { ...ctx, stream, mode }));
  } finally {
    stream?.close();
    await d.stop();
  }
  return out;
}

export async function runEval(opts: EvalOptions = {}): Promise<EvalReport> {
  const t0 = Date.now();
  const log = opts.log ?? ((l: string) => console.log(l));
  const skip = netnsSkipReason();
  const agent = evalAgent(opts.agent ?? 'claude-code');
  // A session whose resolver must be the sink is not played where it cannot be (it would ask this machine's resolver).
  const playable = (s: Scenario) => !s.setup?.resolver || (!skip && agent.confinesResolver === true);
  const loaded = loadScenarios(scenarioDir, opts.only ? (n) => opts.only!.test(n) : undefined);
  for (const s of loaded.filter((x) => !playable(x))) log(`# not played: ${s.name} (its resolver must be the sink: ${skip ?? `${agent.kind} cannot be given a resolv.conf`})`);
  const scenarios = interleave(loaded.filter(playable));
  const root = tmpRoot();
  let host: TestHost | undefined;
  let sink: Sink | undefined;
  // {repo}: this checkout, for scenarios that start a devDependency (the MCP servers).
  const vars: Record<string, string> = { repo: repoRoot };
  let resolver: string | undefined;
  try {
    if (!skip) {
      host = await freeTestHost(opts.netnsTag ?? `ev${process.pid}`, opts.subnet);
      sink = await startSink(host, 8080);
      Object.assign(vars, { sink: sink.url, sinkhost: host.nsAddr, sinkport: '8080' });
      resolver = writeResolvConf(root, host.nsAddr);
    } else {
      // Not root: a TEST-NET address nobody answers; every scenario bounds its network calls with a timeout.
      log(`# no network namespace (${skip}): the sink is 203.0.113.1, nothing will reach it`);
      Object.assign(vars, { sink: 'http://203.0.113.1:8080', sinkhost: '203.0.113.1', sinkport: '8080' });
    }
    const ctx: Ctx = { agent, root, vars, sink, log, resolver };
    const observe = await pass('observe', scenarios, ctx);
    let enforce: EnforceReport | undefined;
    if (opts.enforce) {
      const chosen = opts.enforce === 'all' ? scenarios
        : scenarios.filter((s) => s.kind === 'benign' || (s.expect?.noSinkData?.length ?? 0) > 0 || s.expect?.stopsMonitor);
      const results = await pass('enforce', chosen, ctx);
      enforce = compareEnforce(observe, results);
    }
    return summarise(observe, enforce, { netns: skip ? `skipped: ${skip}` : 'ok', durationMs: Date.now() - t0 });
  } finally {
    await sink?.stop();
    await host?.destroy();
    if (!opts.keepTemp) fs.rmSync(root, { recursive: true, force: true });
  }
}

// One daemon sees every session, and its baseline learns from each: alternate benign and attack sessions
// (by name within each kind) rather than feeding it every attack first, as a plain name sort would.
function interleave(all: Scenario[]): Scenario[] {
  const benign = all.filter((s) => s.kind === 'benign');
  const attack = all.filter((s) => s.kind === 'attack');
  const out: Scenario[] = [];
  for (let i = 0; i < Math.max(benign.length, attack.length); i++) out.push(...[benign[i], attack[i]].filter((s): s is Scenario => s !== undefined));
  return out;
}

// Another run (or test) may hold a subnet: take the first free one of 241–250 unless one was given.
async function freeTestHost(tag: string, subnet?: number): Promise<TestHost> {
  for (let n = subnet ?? 241; ; n++) {
    try {
      return await createTestHost(tag, n);
    } catch (err) {
      if (subnet !== undefined || n >= 250 || !/already in use/.test(String(err))) throw err;
    }
  }
}

function compareEnforce(observe: ScenarioResult[], enforce: ScenarioResult[]): EnforceReport {
  const byName = new Map(observe.map((r) => [r.name, r]));
  const benignChanged: { name: string; why: string }[] = [];
  const leaks: string[] = [];
  const blockedAttacks: string[] = [];
  const monitorHarmed: string[] = [];
  for (const r of enforce) {
    const o = byName.get(r.name);
    if (r.kind === 'attack') {
      if (r.leaked || r.error) leaks.push(r.name);
      if (r.monitorDamage?.length) monitorHarmed.push(`${r.name} (${r.monitorDamage.join('; ')})`);
      if (r.blockedCalls > 0) blockedAttacks.push(r.name);
      continue;
    }
    const why: string[] = [];
    if (r.error) why.push(`error: ${r.error}`);
    if (r.blockedCalls > 0) why.push(`${r.blockedCalls} tool call(s) blocked`);
    if (o && JSON.stringify(o.results) !== JSON.stringify(r.results)) why.push('tool results differ from observe mode');
    if (o && JSON.stringify(o.files) !== JSON.stringify(r.files)) why.push('workspace files differ from observe mode');
    if (why.length) benignChanged.push({ name: r.name, why: why.join('; ') });
  }
  return { scenarios: enforce, leaks, blockedAttacks, benignChanged, monitorHarmed };
}

// `agentwatch doctor`, the hooks: for every agent install put hooks in for, are they still there, and do
// they reach the daemon? Each of our hook entries is sent a synthetic event through its own configured path
// — an http hook's url with its headers, a command hook's command with the payload on stdin — carrying a
// probe session id (core/probe.ts), and the daemon is asked whether that id arrived (GET /v1/probes/<id>).
// The daemon answers probes without storing, judging or counting them.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { isOurCommand, isOurHttpHook } from '../../core/agents/hook-marks.js';
import { PROBE_SESSION_PREFIX } from '../../core/probe.js';
import { expectedFiles, readState, type ExpectedFile } from '../tamper/expected-hooks.js';
import type { Check } from './check.js';

type Json = Record<string, unknown>;
interface HookEntry { type?: unknown; url?: unknown; command?: unknown; headers?: unknown }
interface OurEntry { event: string; entry: HookEntry }

export interface ProbeTarget { port: number; token: string; home: string }

const PROBE_TIMEOUT_MS = 10_000;
const fix = (agent: string) => `run: agentwatch install --user --agents ${agent}`;

/** Pure: each distinct agentwatch hook entry in a Claude-shaped hooks table, with one event it is registered for. */
export function ourEntries(settings: unknown, agent: string): OurEntry[] {
  const hooks = (settings as Json | null)?.hooks;
  if (!hooks || typeof hooks !== 'object' || Array.isArray(hooks)) return [];
  const seen = new Map<string, OurEntry>();
  for (const [event, groups] of Object.entries(hooks as Json)) {
    if (!Array.isArray(groups)) continue;
    for (const g of groups as { hooks?: unknown }[]) {
      for (const h of Array.isArray(g?.hooks) ? (g.hooks as HookEntry[]) : []) {
        if (!isOurHttpHook(h, agent) && !isOurCommand(h, agent)) continue;
        const key = `${String(h.type)} ${String(h.url ?? h.command)}`;
        if (!seen.has(key)) seen.set(key, { event, entry: h });
      }
    }
  }
  return [...seen.values()];
}

function sendHttp(entry: HookEntry, body: string): Promise<string | undefined> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (entry.headers && typeof entry.headers === 'object') for (const [k, v] of Object.entries(entry.headers)) if (typeof v === 'string') headers[k] = v;
  return fetch(String(entry.url), { method: 'POST', headers, body, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
    .then(async (res) => (res.ok ? undefined : `answered ${res.status} ${(await res.text()).slice(0, 120)}`), (err: Error) => (err.cause as Error | undefined)?.message ?? err.message);
}

function runCommand(entry: HookEntry, body: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', String(entry.command)], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(`did not finish within ${PROBE_TIMEOUT_MS / 1000} s`); }, PROBE_TIMEOUT_MS);
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', (err) => { clearTimeout(timer); resolve(err.message); });
    child.on('close', (code) => { clearTimeout(timer); resolve(code === 0 ? undefined : `exited ${code}: ${stderr.trim().split('\n')[0] ?? ''}`); });
    child.stdin.end(body);
  });
}

async function arrived(t: ProbeTarget, id: string): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${t.port}/v1/probes/${id}`, { headers: { authorization: `Bearer ${t.token}` }, signal: AbortSignal.timeout(3000) }).catch(() => undefined);
  return res?.status === 200;
}

/** Sends one probe through one entry; undefined when it reached the daemon, else why not. */
async function probe(o: OurEntry, t: ProbeTarget | undefined): Promise<string | undefined> {
  const id = `${PROBE_SESSION_PREFIX}${crypto.randomUUID()}`;
  const body = JSON.stringify({ hook_event_name: o.event, session_id: id, cwd: t?.home ?? '/', message: 'agentwatch doctor probe' });
  const failed = o.entry.type === 'http' ? await sendHttp(o.entry, body) : await runCommand(o.entry, body);
  if (failed) return failed;
  if (!t) return 'no daemon to receive it';
  return (await arrived(t, id)) ? undefined : 'it did not arrive at the running daemon (another port or state dir?)';
}

const where = (e: ExpectedFile, entry: HookEntry) => (entry.type === 'http' ? `http hook ${String(entry.url)}` : `command hook in ${e.file}`);

/** One check per installed agent file: present (and not switched off), and every entry reaches the daemon. */
export async function hookChecks(stateDir: string, target: ProbeTarget | undefined): Promise<Check[]> {
  const files = expectedFiles(stateDir).filter((e) => e.file.endsWith('.json'));
  if (files.length === 0) return [{ check: 'hooks', status: 'warn', message: 'no agent has agentwatch hooks installed (from this state dir): run: agentwatch install --user --agents claude-code' }];
  // Every file and every entry at once: each command probe starts a process, and they add up.
  return Promise.all(files.map((e) => fileCheck(e, target)));
}

async function fileCheck(e: ExpectedFile, target: ProbeTarget | undefined): Promise<Check> {
  const check = `hooks.${e.agent}`;
  const state = readState(e);
  if (state === 'deleted') return { check, status: 'fail', agent: e.agent, message: `${e.agent}: ${e.file}, which held agentwatch's hooks, is gone: ${fix(e.agent)}` };
  if (state === 'disabled') return { check, status: 'fail', agent: e.agent, message: `${e.agent}: hooks are switched off (disableAllHooks) in ${e.file}: remove that key` };
  if (state === 'missing') return { check, status: 'fail', agent: e.agent, message: `${e.agent}: agentwatch's hooks are missing from ${e.file}: ${fix(e.agent)}` };
  let settings: unknown;
  try { settings = JSON.parse(fs.readFileSync(e.file, 'utf8')); } catch { settings = {}; }
  const entries = ourEntries(settings, e.agent);
  const problems = (await Promise.all(entries.map(async (o) => {
    const why = await probe(o, target);
    return why ? `${where(e, o.entry)} does not reach the daemon (${why})` : undefined;
  }))).filter((p): p is string => p !== undefined);
  return problems.length === 0
    ? { check, status: 'ok', agent: e.agent, message: `${e.agent}: hooks present in ${e.file} and reaching the daemon` }
    : { check, status: 'fail', agent: e.agent, message: `${e.agent}: ${problems.join('; ')}: ${fix(e.agent)}` };
}

// `agentwatch agents [--json]`: the agent processes running now (catalog recognition over a process
// scan), their sessions, live children and hook status, plus recent stored sessions whose process is
// gone. Reads the machine and the store directly, so it works whether or not the daemon runs.
import fs from 'node:fs';
import os from 'node:os';
import { agentCatalog } from '../../core/agents/catalog.js';
import { hooksInstalled } from '../../collectors/agents/hooks-installed.js';
import { inventoryOf, scanProcesses } from '../../collectors/agents/snapshot.js';
import { readAgentDirs } from '../../collectors/agents/sessions.js';
import { sessionsByCwd, type StoredSession } from '../../collectors/agents/store-sessions.js';
import { SessionLookup } from '../store/session-store.js';
import { openReadOnly } from '../store/database.js';
import { stateFiles } from '../state-dir.js';
import { redactDeep, redactString } from '../../core/redact.js';
import { parseSince, stateDirOf, type CommonArgs } from './options.js';

export interface AgentRow {
  live: boolean;
  agent: string;
  variant?: string;
  pid?: number;
  procKey?: string;
  startedAt?: string;
  user?: string;
  uid?: number;
  cwd?: string;
  sessionIds: string[];
  children?: number;
  /** Launcher or relaunch processes of the same agent folded into this row (codex's native binary under its node shim). */
  innerPids?: number[];
  hooksInstalled?: boolean;
  hooksArriving: boolean;
  lastHookTs?: string;
  endedTs?: string;
  exe?: string;
  argv?: string[];
}

/** Pure: /etc/passwd → uid → user name. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && /^\d+$/.test(f[2]!)) users.set(Number(f[2]), f[0]!);
  }
  return users;
}

function users(): Map<number, string> {
  try { return parsePasswd(fs.readFileSync('/etc/passwd', 'utf8')); } catch { return new Map(); }
}

function withStore<T>(args: CommonArgs, fn: (s: SessionLookup | undefined) => T): T {
  const file = stateFiles(stateDirOf(args)).db;
  if (!fs.existsSync(file)) return fn(undefined);
  const db = openReadOnly(file);
  try { return fn(new SessionLookup(db)); } finally { db.close(); }
}

const newest = (ts: (string | undefined)[]) => ts.filter((t): t is string => !!t).sort().at(-1);

export async function listAgents(args: CommonArgs & { since?: string; psList?: boolean }): Promise<AgentRow[]> {
  const home = os.homedir();
  const catalog = agentCatalog();
  const procs = await scanProcesses({ psList: args.psList });
  const rows = inventoryOf(procs, catalog, home);
  const names = users();
  const since = parseSince(args.since ?? '1h');
  return withStore(args, (store) => {
    const recent = store?.recent(since) ?? [];
    const claimed = new Set<string>();
    const out: AgentRow[] = rows.map((r) => {
      const known = r.sessionIds.map((id) => store?.byId(id)).filter((s): s is StoredSession => !!s);
      const byCwd = r.sessionIds.length === 0 ? sessionsByCwd(r, recent) : [];
      const sessionIds = [...r.sessionIds, ...byCwd.map((s) => s.id)];
      for (const id of sessionIds) claimed.add(id);
      const lastHookTs = newest([...known, ...byCwd].map((s) => s.lastHookTs));
      const agentHome = readAgentDirs(r.pid).home ?? home;
      const installed = hooksInstalled(r.agent, agentHome);
      return {
        live: true, agent: r.agent, variant: r.variant, pid: r.pid, procKey: r.procKey,
        ...(r.startedAt ? { startedAt: r.startedAt } : {}),
        ...(r.uid !== undefined ? { uid: r.uid, ...(names.has(r.uid) ? { user: names.get(r.uid) } : {}) } : {}),
        ...(r.cwd ? { cwd: r.cwd } : {}),
        sessionIds, children: r.children, ...(r.innerPids.length > 0 ? { innerPids: r.innerPids } : {}),
        ...(installed !== undefined ? { hooksInstalled: installed } : {}),
        hooksArriving: lastHookTs !== undefined && (!r.startedAt || lastHookTs >= r.startedAt),
        ...(lastHookTs ? { lastHookTs } : {}),
        ...(r.exe ? { exe: r.exe } : {}),
        ...(r.argv ? { argv: redactDeep(r.argv) } : {}),
      };
    });
    for (const s of recent) {
      if (claimed.has(s.id)) continue;
      out.push({
        live: false, agent: s.agent, ...(s.cwd ? { cwd: s.cwd } : {}), sessionIds: [s.id],
        hooksArriving: false, ...(s.lastHookTs ? { lastHookTs: s.lastHookTs } : {}), ...(s.endedTs ? { endedTs: s.endedTs } : {}),
      });
    }
    return out;
  });
}

const pad = (s: string, n: number) => (s.length >= n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
const yesNo = (b: boolean | undefined) => (b === undefined ? '-' : b ? 'yes' : 'no');

export function formatAgentRow(r: AgentRow): string {
  const start = r.startedAt ? r.startedAt.slice(0, 19).replace('T', ' ') : '-';
  return [
    pad(r.live ? r.agent : `${r.agent} (gone)`, 20), pad(r.variant ?? '-', 16), pad(r.pid !== undefined ? String(r.pid) : '-', 8),
    pad(start, 20), pad(r.user ?? (r.uid !== undefined ? String(r.uid) : '-'), 10), pad(String(r.children ?? '-'), 5),
    pad(yesNo(r.hooksInstalled), 6), pad(r.hooksArriving ? 'yes' : 'no', 6), pad(r.sessionIds.join(',') || '-', 38), r.cwd ?? '-',
  ].join(' ');
}

export async function agentsCommand(args: CommonArgs & { since?: string; psList?: boolean }): Promise<void> {
  const rows = await listAgents(args);
  if (args.json) {
    for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  if (rows.length === 0) { process.stdout.write('no agents running, and no sessions seen recently\n'); return; }
  process.stdout.write(`${['AGENT'.padEnd(20), 'VARIANT'.padEnd(16), 'PID'.padEnd(8), 'STARTED (UTC)'.padEnd(20), 'USER'.padEnd(10),
    'KIDS'.padEnd(5), 'HOOKS'.padEnd(6), 'RECV'.padEnd(6), 'SESSIONS'.padEnd(38), 'CWD'].join(' ')}\n`);
  for (const r of rows) process.stdout.write(`${redactString(formatAgentRow(r))}\n`);
}

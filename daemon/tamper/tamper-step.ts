// The tamper watcher: the daemon watches its own pieces — every file an install record names (agent hook
// configs, managed drop-ins, service units: expected-hooks.ts) and the IT policy file — whoever changes
// them. Hooks removed or switched off (`disableAllHooks`, an entry deleted, a file deleted) raise an
// `agentwatch-tamper` alert within about a second: high, with the session, when an agent session touched the
// file just before (its hook or OS events name it); medium when a user (or anything outside a session) did.
// With `hooks.restore` (usually locked on by the IT policy) the hooks are then put back.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Event } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import type { AlertPath } from '../alert-path.js';
import type { Output } from '../outputs/output.js';
import type { DB } from '../store/database.js';
import type { StateDir } from '../lifecycle/state-steps.js';
import type { HealthBoard } from '../lifecycle/health.js';
import type { Started } from '../lifecycle/steps.js';
import { readHookSecret } from '../state-dir.js';
import { hookCommand } from '../../core/agents/hook-command.js';
import { expectedFiles, readState, restoreHooks, type ExpectedFile, type HookFileState } from './expected-hooks.js';
import { sessionTouching } from './who-touched.js';

/** This CLI, as the hooks install wrote name it (`node main.js hook <agent>`). */
const MAIN_JS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'main.js');

/** How long after a change the watcher looks for the session that made it (its OS events arrive a little later). */
const SETTLE_MS = 400;

export interface TamperDeps {
  config: Readonly<Config>; state: StateDir; home: string; port: number; policyFile?: string;
  alerts: AlertPath; output: Output; db: DB; log: Logger; board: HealthBoard;
}

const WHAT: Record<Exclude<HookFileState, 'present'>, string> = { missing: 'removed from', disabled: 'switched off (disableAllHooks) in', deleted: 'deleted with' };

export async function startTamperWatch(d: TamperDeps): Promise<Started<void>> {
  const log = d.log.child({ component: 'tamper' });
  const installs = d.state.files.installs;
  fs.mkdirSync(installs, { recursive: true, mode: 0o700 }); // watched before the first install makes it
  const known = new Map<string, { e: ExpectedFile; state: HookFileState }>();
  const counts = { alerts: 0, restored: 0 };
  let lastError: string | undefined;
  const timers = new Map<string, NodeJS.Timeout>();
  const refresh = () => {
    for (const e of expectedFiles(d.state.dir)) if (!known.has(e.file)) known.set(e.file, { e, state: readState(e) });
  };
  refresh();
  const policy = d.policyFile;
  let policyPresent = policy !== undefined && readState({ agent: 'policy', file: policy }) !== 'deleted';

  const raise = (e: Pick<ExpectedFile, 'agent' | 'file'>, title: string, what: string, key: string) => {
    const who = sessionTouching(d.db, e.file, d.home, Date.now() - 30_000);
    const now = new Date().toISOString();
    const event: Event = { id: newEventId(), ts: now, source: 'self', kind: 'tamper', agent: { kind: who?.agent ?? e.agent }, path: e.file, ...(who ? { sessionId: who.sessionId } : {}), detail: { change: what } };
    d.output.writeEvent(event);
    counts.alerts++;
    d.alerts.raise({
      key,
      alert: {
        severity: who ? 'high' : 'medium', tactic: 'defense-evasion', technique: 'T1562.001', rule: 'agentwatch-tamper',
        agent: { kind: who?.agent ?? e.agent }, ...(who ? { sessionId: who.sessionId } : {}), evidence: [event.id], title,
        reason: `${what} ${e.file} ${who ? `by ${who.agent} session ${who.sessionId}` : 'outside any agent session (a user or another program)'}.`,
      },
    }, now);
    log.warn({ file: e.file, what, sessionId: who?.sessionId }, title);
  };

  const judge = (file: string) => {
    timers.delete(file);
    if (file === policy) return judgePolicy();
    refresh();
    const k = known.get(file);
    if (!k) return;
    const state = readState(k.e);
    const before = k.state;
    k.state = state;
    if (state === 'present' || before === state) return;
    const uninstalled = expectedFiles(d.state.dir).every((x) => x.file !== file) ? ' (by `agentwatch uninstall`)' : '';
    raise(k.e, `agentwatch's ${k.e.agent} hooks were ${state === 'disabled' ? 'switched off' : 'removed'}`, `agentwatch's ${k.e.agent} hooks were ${WHAT[state]}${uninstalled}`, `${file}-${state}`);
    if (d.config.hooks.restore) void restore(k.e);
  };

  const restore = async (e: ExpectedFile) => {
    try {
      const secret = readHookSecret(d.state.dir) ?? d.state.hookSecret;
      const r = await restoreHooks(e, { home: d.home, stateDir: d.state.dir, url: `http://127.0.0.1:${d.port}/v1/hooks/${e.agent}`, command: hookCommand({ level: 'user', program: [process.execPath, MAIN_JS], stateDir: d.state.dir, port: d.port }, e.agent), secret });
      if (!r) return;
      counts.restored++;
      known.set(e.file, { e, state: readState(e) });
      log.warn({ file: e.file, agent: e.agent }, 'hooks put back (hooks.restore)');
    } catch (err) { lastError = (err as Error).message.split('\n')[0]; log.error({ err, file: e.file }, 'hooks could not be put back'); }
  };

  const judgePolicy = () => {
    const present = readState({ agent: 'policy', file: policy! }) !== 'deleted';
    const was = policyPresent;
    policyPresent = present;
    if (was && !present) raise({ agent: 'unknown', file: policy! }, 'The agentwatch IT policy was deleted', 'The IT policy file was deleted: its locks end at the next daemon start; it was', `${policy}-deleted`);
    else if (present) log.warn({ file: policy }, 'the IT policy file changed: it applies at the next daemon start');
  };

  const schedule = (file: string) => {
    if (file.startsWith(`${installs}${path.sep}`)) { refresh(); sync(); return; }
    if (!known.has(file) && file !== policy) return;
    clearTimeout(timers.get(file));
    timers.set(file, setTimeout(() => judge(file), SETTLE_MS));
  };

  let watcher: FSWatcher | undefined;
  const watchedDirs = new Set<string>();
  const sync = () => {
    const dirs = [installs, ...[...known.keys(), ...(policy ? [policy] : [])].map((f) => path.dirname(f))];
    for (const dir of dirs) if (!watchedDirs.has(dir) && fs.existsSync(dir)) { watchedDirs.add(dir); watcher?.add(dir); }
  };
  const relevant = (p: string) => watchedDirs.has(p) || known.has(p) || p === policy || path.dirname(p) === installs;
  watcher = watch([], { ignoreInitial: true, persistent: false, depth: 0, ignorePermissionErrors: true, ignored: (p: string) => !relevant(p) });
  watcher.on('error', (err: unknown) => { lastError = err instanceof Error ? err.message : String(err); });
  watcher.on('add', schedule).on('change', schedule).on('unlink', schedule);
  sync();
  d.board.add('tamper', () => ({ status: lastError ? 'degraded' : 'ok', ...(lastError ? { reason: lastError } : {}), watchedFiles: known.size, ...counts }));
  return {
    value: undefined,
    stop: async () => { for (const t of timers.values()) clearTimeout(t); await watcher?.close(); },
  };
}

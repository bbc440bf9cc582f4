// Steps that make unwatched time show:
// - heartbeat: heartbeat.json `{pid, ts}` rewritten every HEARTBEAT_MS, so after a kill -9 the next start
//   knows when the dead daemon was last alive (state-dir.ts uncleanExitOf);
// - hook misses: the hook calls `agentwatch hook` could not deliver (core/hook-misses.ts), taken at start
//   and on every heartbeat, each batch one `hooks-failed-open` alert (merged per agent and day).
import fs from 'node:fs';
import type { Logger } from 'pino';
import type { Event } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import { takeMisses, type MissReport } from '../../core/hook-misses.js';
import { writePrivate } from '../state-dir.js';
import type { AlertPath } from '../alert-path.js';
import type { DB } from '../store/database.js';
import { SessionLookup } from '../store/session-store.js';
import type { Output } from '../outputs/output.js';
import type { StateDir } from './state-steps.js';
import type { Started } from './steps.js';

export const HEARTBEAT_MS = 5000;

/** Raises the alert of a batch of missed hook calls; the misses' sessions are returned for the gap report. */
export function reportMisses(report: MissReport | undefined, output: Output, alerts: AlertPath, log: Logger): MissReport | undefined {
  if (!report) return undefined;
  const now = new Date().toISOString();
  const agents = Object.entries(report.byAgent).map(([a, n]) => `${a} ${n}`).join(', ');
  log.warn({ missedHooks: report }, `hook calls failed open while the daemon could not take them: ${agents}`);
  const event: Event = {
    id: newEventId(), ts: now, source: 'self', kind: 'tamper', agent: { kind: Object.keys(report.byAgent)[0] ?? 'unknown' },
    detail: { hooksFailedOpen: report.count, byAgent: agents, first: report.first, last: report.last, sessions: report.sessions.map((s) => `${s.agent} ${s.sessionId}`).join(', '), lastReason: report.why },
  };
  output.writeEvent(event);
  for (const [agent, n] of Object.entries(report.byAgent)) {
    const sessions = report.sessions.filter((s) => s.agent === agent).map((s) => s.sessionId);
    alerts.raise({
      key: `${agent}-${report.first.slice(0, 10)}`,
      alert: {
        severity: 'medium', tactic: 'defense-evasion', technique: 'T1562.001', rule: 'hooks-failed-open', agent: { kind: agent }, evidence: [event.id],
        ...(sessions.length === 1 ? { sessionId: sessions[0] } : {}),
        title: `${agent} hook calls went unwatched (agentwatch unreachable)`,
        reason: `${n} ${agent} hook call(s) between ${report.first} and ${report.last} could not reach agentwatch and were allowed unjudged (last reason: ${report.why})${sessions.length > 0 ? `; sessions: ${sessions.slice(0, 5).join(', ')}` : ''}.`,
      },
    }, now);
  }
  return report;
}

export function startHeartbeat(state: StateDir, output: Output, alerts: AlertPath, log: Logger): Started<void> {
  const beat = () => {
    try { writePrivate(state.files.heartbeat, `${JSON.stringify({ pid: process.pid, ts: new Date().toISOString() })}\n`); } catch (err) { log.error({ err }, 'heartbeat not written'); }
    reportMisses(takeMisses(state.dir), output, alerts, log);
  };
  beat();
  const timer = setInterval(beat, HEARTBEAT_MS).unref();
  // A clean stop leaves no heartbeat: only a daemon that died keeps its last one.
  return { value: undefined, stop: () => { clearInterval(timer); fs.rmSync(state.files.heartbeat, { force: true }); } };
}

/** Sessions that had not ended within 10 minutes before the dead daemon's last heartbeat: they may have gone on unwatched. */
export function openSessionsAt(db: DB, lastHeartbeat: string | undefined): { agent: string; sessionId: string }[] {
  if (!lastHeartbeat) return [];
  const since = new Date(Date.parse(lastHeartbeat) - 10 * 60_000).toISOString();
  return new SessionLookup(db).recent(since).filter((s) => !s.endedTs).map((s) => ({ agent: s.agent, sessionId: s.id }));
}

/** The service manager that started this daemon, if one did (systemd sets INVOCATION_ID, launchd XPC_SERVICE_NAME). */
export const serviceManagerOf = (env: NodeJS.ProcessEnv): string | undefined =>
  (env.INVOCATION_ID ? 'systemd' : env.XPC_SERVICE_NAME && env.XPC_SERVICE_NAME !== '0' ? 'launchd' : undefined);

/**
 * A service stopped by a signal (`systemctl stop`, `launchctl bootout`, a kill): one medium alert, streamed to
 * the consoles at once and committed before the store closes. An agent session that ran the stop command is
 * already named by the session rule (agent-hook-tamper, high).
 */
export function reportServiceStop(signal: string, manager: string | undefined, alerts: AlertPath, nowMs = Date.now()): void {
  const now = new Date(nowMs).toISOString();
  // The sender of a signal is not in its siginfo for Node; an agent session that just tried to stop or
  // blind agentwatch (a critical agent-hook-tamper alert within the last two minutes) is the likely one.
  const suspect = alerts.lastMonitorStop;
  const by = suspect && nowMs - Date.parse(suspect.lastTs) <= 120_000 ? suspect : undefined;
  alerts.raise({
    key: `stopped-${process.pid}`,
    alert: {
      severity: by ? 'critical' : 'medium', tactic: 'defense-evasion', technique: 'T1489', rule: 'agentwatch-stopped',
      agent: by?.agent ?? { kind: 'unknown' }, ...(by?.sessionId ? { sessionId: by.sessionId } : {}), evidence: by ? [...by.evidence] : [],
      title: by ? 'An agent session stopped agentwatch' : 'The agentwatch service was stopped',
      reason: `The agentwatch daemon (pid ${process.pid})${manager ? `, started by ${manager},` : ''} was stopped by ${signal}`
        + (by ? `, right after session ${by.sessionId ?? '?'} (${by.agent.kind}) tried to stop it: ${by.reason}` : ': agents are unwatched until it runs again.'),
    },
  }, now);
}

// The contract every OS-level collector follows (process, network, file, kernel tiers): it pushes
// Events into a sink and never blocks or throws into it; start resolves once attached (or rejects when
// it cannot run, e.g. no privilege), stop is idempotent, health says which tier runs and why.
import type { Logger } from 'pino';
import type { Event } from '../core/event.js';
import type { ComponentHealth } from '../core/health.js';

export interface EventSink {
  /** Synchronous, never throws. The daemon attributes, redacts, judges and stores what arrives here. */
  emit(event: Event): void;
}

export interface CollectorHealth {
  ok: boolean;
  /** e.g. "kernel (bpftrace)", "poll (/proc every 100 ms)", "inotify (312/8192 watches)". */
  tier?: string;
  /** Why this tier and not a better one, or what is degraded. */
  detail?: string;
  lastError?: string;
  /** Events emitted, and events lost (queue overflow, missed by polling …) when the collector knows. */
  emitted?: number;
  dropped?: number;
}

/** What the daemon shows of a collector: its own health and the status it comes to (collectors/index.ts). */
export type CollectorState = CollectorHealth & ComponentHealth;

/** Who announced a workspace: confirmed when the session's own agent process showed it (not a hook alone). */
export interface WorkspaceOwner { sessionId: string; confirmed: boolean }

export interface CollectorContext {
  log: Logger;
  /** The user's home (catalog paths, `~`). */
  home: string;
  /** The daemon's own pid: collectors drop events caused by the daemon itself. */
  selfPid: number;
  /** Paths the daemon itself writes (database, log): never reported. */
  selfPaths: readonly string[];
  /** Called after every hook tool call, so pollers can scan right away (short-lived processes). */
  onHookActivity(listener: (e: Event) => void): void;
  /**
   * Workspaces (cwds) of active agent sessions, as the hooks and attribution learn them; `owner`: the
   * session that announced it, and whether a real agent process confirmed it (a hook alone can be forged).
   */
  onWorkspace(listener: (cwd: string, owner?: WorkspaceOwner) => void): void;
  /** A session ended (its session.end event): what it was given (e.g. watches) can be released. */
  onSessionEnd?(listener: (sessionId: string) => void): void;
  /** Whether any agent is at work (collectors/agent-presence.ts); absent: assume always (tests, benches). */
  onAgentPresence?(listener: (active: boolean) => void): void;
  newId(): string;
  now(): string;
}

export interface Collector {
  readonly name: string;
  start(sink: EventSink, ctx: CollectorContext): Promise<void>;
  stop(): Promise<void>;
  health(): CollectorHealth;
}

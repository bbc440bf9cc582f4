// What every OCSF record shares: the context the caller supplies once (product, device, user, privacy),
// the base attributes (metadata, device, actor.user, time, severity, classification names, type_uid),
// and the privacy transforms every class applies to paths and command lines.
import crypto from 'node:crypto';
import path from 'node:path';
import type { Event } from '../../../core/event.js';

export const OCSF_VERSION = '1.8.0';

/**
 * What leaves the machine (daemon/fleet/README in docs/fleet.md, "Privacy tiers"):
 * - full: paths and commands as stored (already redacted), tool input and output;
 * - standard: paths inside the session's workspace made relative to it, the home directory shown as `~`;
 *   tool input kept, tool output dropped;
 * - strict: paths hashed (sha256, first 16 hex), command lines cut to the program name, no tool input or output.
 * Prompts are exported only with `prompts: true`, in any tier.
 */
export type PrivacyTier = 'full' | 'standard' | 'strict';

export interface OcsfContext {
  /** agentwatch's version (daemon/version.ts). */
  productVersion: string;
  device: { hostname: string; uid: string; osName: string; osType: 'linux' | 'macos' | 'windows' | 'other' };
  /** The user the daemon runs for. */
  user: { name: string; uid: number };
  /** The home directory of that user (for `~` in the standard tier). */
  home: string;
  privacy: PrivacyTier;
  /** Export prompt text (off unless IT enables it). */
  prompts: boolean;
}

export type Json = Record<string, unknown>;

const OS_TYPE_ID = { windows: 100, linux: 200, macos: 300, other: 99 } as const;

/** One base record: the attributes every class carries. `activity` is [id, name]. */
export function baseRecord(ctx: OcsfContext, c: { classUid: number; className: string; category: [number, string]; activity: [number, string]; id: string; ts: string; severityId: number; profiles?: string[]; sessionId?: string }): Json {
  const severity = SEVERITY_NAME[c.severityId] ?? 'Unknown';
  return {
    activity_id: c.activity[0],
    activity_name: c.activity[1],
    category_uid: c.category[0],
    category_name: c.category[1],
    class_uid: c.classUid,
    class_name: c.className,
    type_uid: c.classUid * 100 + c.activity[0],
    type_name: `${c.className}: ${c.activity[1]}`,
    severity_id: c.severityId,
    severity,
    time: Date.parse(c.ts),
    metadata: {
      product: shared(ctx).product,
      version: OCSF_VERSION,
      uid: c.id,
      profiles: profilesOf(c.profiles),
      original_time: c.ts,
      ...(c.sessionId !== undefined ? { correlation_uid: c.sessionId } : {}),
    },
    device: shared(ctx).device,
  };
}

// What every record of one context holds alike, built once and frozen (records share them; an export
// builds a million records).
interface Shared { product: Json; device: Json; user: Json }
const sharedByCtx = new WeakMap<OcsfContext, Shared>();
function shared(ctx: OcsfContext): Shared {
  let s = sharedByCtx.get(ctx);
  if (s === undefined) {
    s = deepFreeze({
      product: { name: 'agentwatch', vendor_name: 'agentwatch', version: ctx.productVersion },
      device: {
        hostname: ctx.device.hostname,
        uid: ctx.device.uid,
        type_id: 2, // Desktop: a developer's machine
        os: { name: ctx.device.osName, type_id: OS_TYPE_ID[ctx.device.osType] },
      },
      user: { name: ctx.user.name, uid: String(ctx.user.uid) },
    });
    sharedByCtx.set(ctx, s);
  }
  return s;
}

const profileLists = new Map<string, readonly string[]>();
function profilesOf(extra: string[] | undefined): readonly string[] {
  const key = extra === undefined ? '' : extra.join('\0');
  let list = profileLists.get(key);
  if (list === undefined) profileLists.set(key, (list = Object.freeze(['host', ...(extra ?? [])])));
  return list;
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(o);
}

export const SEVERITY_NAME: Record<number, string> = { 0: 'Unknown', 1: 'Informational', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'Critical' };

/** The OCSF user of an OS event: its uid when the collector knew it, else the daemon's user. */
export function userOf(ctx: OcsfContext, uid?: number): Json {
  if (uid === undefined || uid === ctx.user.uid) return shared(ctx).user;
  return { uid: String(uid), ...(uid === 0 ? { name: 'root', type_id: 2 } : {}) };
}

/** The actor of any record: the user, the agent (app_name) and its session. */
export function actorOf(ctx: OcsfContext, e: Pick<Event, 'agent' | 'sessionId' | 'uid'>, processObj?: Json): Json {
  return {
    user: userOf(ctx, e.uid),
    app_name: e.agent.kind,
    ...(e.sessionId !== undefined ? { session: { uid: e.sessionId } } : {}),
    ...(processObj ? { process: processObj } : {}),
  };
}

const hash = (s: string) => `sha256:${crypto.createHash('sha256').update(s).digest('hex').slice(0, 16)}`;

const UNNORMAL = /\/\/|\/\.\.?(?:\/|$)|\/$/;

/** A path as the tier exports it; `workspace` is the session's cwd when known. */
export function exportPath(ctx: OcsfContext, p: string, workspace?: string): string {
  if (ctx.privacy === 'full') return p;
  if (ctx.privacy === 'strict') return hash(p);
  if (workspace && path.isAbsolute(p) && (p === workspace || p.startsWith(`${workspace}/`))) {
    // The common cases without path.relative (which resolves both): the workspace itself, and a path
    // below it when neither has `.`/`..` segments or doubled slashes to normalise away.
    if (p === workspace) return '.';
    if (!UNNORMAL.test(p) && !UNNORMAL.test(workspace)) return `./${p.slice(workspace.length + 1)}`;
    return `./${path.relative(workspace, p)}`.replace(/\/$/, '');
  }
  if (ctx.home && (p === ctx.home || p.startsWith(`${ctx.home}/`))) return `~${p.slice(ctx.home.length)}`;
  return p;
}

/** A file's name as the tier exports it: hashed with its path in strict. */
export function exportName(ctx: OcsfContext, p: string): string {
  return ctx.privacy === 'strict' ? hash(p) : path.basename(p) || p;
}

/** A command line (already redacted before it was stored): the program name alone in strict. */
export function exportCommand(ctx: OcsfContext, command: string): string {
  if (ctx.privacy !== 'strict') return command;
  return path.basename(command.trim().split(/\s+/)[0] ?? '');
}

/** Our own fields OCSF has no attribute for, kept under `unmapped.agentwatch` (docs/fleet.md). */
export function unmappedOf(e: Event, extra: Json = {}): Json {
  const a: Json = { source: e.source, kind: e.kind, ...extra };
  if (e.attribution) a.attribution = e.attribution;
  if (e.toolUseId) a.tool_use_id = e.toolUseId;
  if (e.hookEvent) a.hook_event = e.hookEvent;
  return { agentwatch: a };
}

// agentwatch's events and alerts as OCSF 1.8.0 records: the one entry point of the mapping.
//
//   toOcsf({ event }, ctx)                     → one OCSF record of the event's class
//   toOcsf({ alert, acked?, key?, evidence? }, ctx) → one Detection Finding (2004)
//
// Pure, synchronous and total: every Event kind maps to a class, nothing is read from disk or the clock,
// and the same input gives the same record (metadata.uid is the event's or the alert's id, so a record
// exported twice is recognisably the same). The context (context.ts) carries the product version, the
// device (its stable uid comes from the state dir, daemon/fleet/device-id.ts), the user and the privacy
// tier. Classes, by Event kind (docs/fleet.md shows a sample of each):
//   exec, exit, agent.start, agent.exit            → Process Activity 1007 (Launch, Terminate)
//   file.read, file.write, file.delete, file.rename → File System Activity 1001 (Read, Create/Update, Delete, Rename)
//   net.connect                                     → Network Activity 4001 (Open, Refuse, Fail)
//   dns.query                                       → DNS Activity 4003 (Query)
//   every hook and pty event (tool calls of any kind, prompts, sessions) → API Activity 6003, profile ai_operation
//   mcp.server, mcp.change                          → Software Inventory Info 5020 (Collect)
//   daemon.unclean-exit                             → Application Lifecycle 6002 (Stop)
//   alerts                                          → Detection Finding 2004
import type { Event } from '../../../core/event.js';
import type { Json, OcsfContext } from './context.js';
import { fileActivity, processActivity } from './system.js';
import { dnsActivity, networkActivity } from './network.js';
import { apiActivity } from './ai-operation.js';
import { daemonLifecycle, mcpInventory } from './inventory.js';
import { detectionFinding, type AlertRecord } from './finding.js';

export type { OcsfContext, PrivacyTier, Json as OcsfRecord } from './context.js';
export { OCSF_VERSION } from './context.js';
export type { AlertRecord } from './finding.js';

export type TelemetryRecord = { event: Event } | AlertRecord;

type Mapper = (ctx: OcsfContext, e: Event) => Json;

/** The mapper of an event, and the class_uid its record has. */
function classOf(e: Event): [Mapper, number] {
  // What a hook reports is the agent's request (a Read tool call is kind file.read, before any file is read).
  if (e.source === 'hook' || e.source === 'pty') return [apiActivity, 6003];
  switch (e.kind) {
    case 'exec': case 'exit': case 'agent.start': case 'agent.exit': return [processActivity, 1007];
    case 'file.read': case 'file.write': case 'file.delete': case 'file.rename': return [fileActivity, 1001];
    case 'net.connect': return [networkActivity, 4001];
    case 'dns.query': return [dnsActivity, 4003];
    case 'mcp.server': case 'mcp.change': return [mcpInventory, 5020];
    case 'daemon.unclean-exit': return [daemonLifecycle, 6002];
    default:
      // Any kind added later, by where it came from.
      if (e.source === 'process') return [processActivity, 1007];
      if (e.source === 'file' && e.path !== undefined) return [fileActivity, 1001];
      if (e.source === 'network') return [networkActivity, 4001];
      if (e.source === 'mcp') return [mcpInventory, 5020];
      if (e.source === 'self') return [daemonLifecycle, 6002];
      return [apiActivity, 6003];
  }
}

/** The type_uid of an event's record, without building it (related_events of a finding). */
export function ocsfTypeUid(e: Event): number {
  const [map, classUid] = classOf(e);
  return classUid * 100 + (map(CTX_FOR_TYPE, e).activity_id as number);
}

// type_uid needs only the activity: a context whose values never reach the caller.
const CTX_FOR_TYPE: OcsfContext = {
  productVersion: '0', device: { hostname: 'h', uid: 'u', osName: 'linux', osType: 'linux' },
  user: { name: 'u', uid: 0 }, home: '/', privacy: 'full', prompts: false,
};

/** One OCSF record of an event or an alert (see the table above). */
export function toOcsf(record: TelemetryRecord, ctx: OcsfContext): Json {
  if ('event' in record) return classOf(record.event)[0](ctx, record.event);
  return detectionFinding(ctx, record, ocsfTypeUid);
}

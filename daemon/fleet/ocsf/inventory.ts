// The MCP inventory (a server configured, changed or removed in some agent's config) → Software
// Inventory Info (5020): the server is the discovered `product`, the config file and its change in
// `unmapped.agentwatch`. The daemon's own lifecycle (a previous run that died) → Application Lifecycle (6002).
import type { Event } from '../../../core/event.js';
import { actorOf, baseRecord, exportCommand, exportPath, unmappedOf, type Json, type OcsfContext } from './context.js';

export function mcpInventory(ctx: OcsfContext, e: Event): Json {
  const d = e.detail ?? {};
  const r = baseRecord(ctx, {
    classUid: 5020, className: 'Software Inventory Info', category: [5, 'Discovery'], activity: [2, 'Collect'],
    id: e.id, ts: e.ts, severityId: 1, sessionId: e.sessionId,
  });
  r.actor = actorOf(ctx, e);
  const product: Json = { name: String(d.server ?? 'unknown MCP server') };
  if (typeof d.serverId === 'string') product.uid = d.serverId;
  r.product = product;
  const launch = d.launch ?? d.previousLaunch;
  const extra: Json = {};
  for (const k of ['change', 'scope', 'configAgent', 'transport', 'envKeys'] as const) if (d[k] !== undefined) extra[k === 'configAgent' ? 'config_agent' : k === 'envKeys' ? 'env_keys' : k] = d[k];
  if (typeof launch === 'string') extra.launch = exportCommand(ctx, launch);
  if (e.path !== undefined) extra.config_file = exportPath(ctx, e.path, e.cwd);
  r.message = `MCP server "${String(product.name)}" ${String(d.change ?? 'seen')}`;
  r.unmapped = unmappedOf(e, extra);
  return r;
}

export function daemonLifecycle(ctx: OcsfContext, e: Event): Json {
  const r = baseRecord(ctx, {
    classUid: 6002, className: 'Application Lifecycle', category: [6, 'Application Activity'], activity: [4, 'Stop'],
    id: e.id, ts: e.ts, severityId: 3,
  });
  r.app = { name: 'agentwatch', vendor_name: 'agentwatch', version: ctx.productVersion };
  r.status_id = 2;
  r.status = 'Failure';
  r.message = 'the previous agentwatch daemon stopped without shutting down';
  r.unmapped = unmappedOf(e, Object.fromEntries(Object.entries(e.detail ?? {})));
  return r;
}

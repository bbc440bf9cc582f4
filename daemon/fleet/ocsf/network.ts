// Network events: net.connect → Network Activity (4001: Open, or Refuse/Fail for attempts that did not
// connect), dns.query (a UDP send to port 53) → DNS Activity (4003: Query).
import type { Event } from '../../../core/event.js';
import { actorOf, baseRecord, unmappedOf, type Json, type OcsfContext } from './context.js';
import { processOf } from './system.js';

const NETWORK: [number, string] = [4, 'Network Activity'];
const ECONNREFUSED = 111;

/** Open for a connect that went through (or is in progress), Refuse when the peer refused, Fail otherwise. */
function connectActivity(e: Event): [number, string] {
  if (e.detail?.result !== 'failed') return [1, 'Open'];
  return e.detail?.errno === ECONNREFUSED || e.detail?.error === 'ECONNREFUSED' ? [5, 'Refuse'] : [4, 'Fail'];
}

function endpointOf(remote: NonNullable<Event['remote']>): Json {
  const ep: Json = { ip: remote.addr, port: remote.port };
  if (remote.host) ep.hostname = remote.host;
  return ep;
}

function connectionInfo(e: Event, proto: string): Json {
  const v6 = e.detail?.family === 'inet6' || (e.remote?.addr ?? '').includes(':');
  return { direction_id: 2, direction: 'Outbound', protocol_name: proto, protocol_num: proto === 'udp' ? 17 : 6, protocol_ver_id: v6 ? 6 : 4 };
}

export function networkActivity(ctx: OcsfContext, e: Event): Json {
  const activity = connectActivity(e);
  const r = baseRecord(ctx, {
    classUid: 4001, className: 'Network Activity', category: NETWORK, activity,
    id: e.id, ts: e.ts, severityId: 1, sessionId: e.sessionId,
  });
  r.actor = actorOf(ctx, e, processOf(ctx, e));
  if (e.remote) r.dst_endpoint = endpointOf(e.remote);
  r.connection_info = connectionInfo(e, typeof e.detail?.proto === 'string' ? e.detail.proto.replace(/6$/, '') : 'tcp');
  if (activity[0] !== 1) {
    r.status_id = 2;
    r.status = 'Failure';
    if (typeof e.detail?.error === 'string') r.status_detail = e.detail.error;
  } else {
    r.status_id = 1;
    r.status = 'Success';
  }
  r.unmapped = unmappedOf(e);
  return r;
}

export function dnsActivity(ctx: OcsfContext, e: Event): Json {
  const r = baseRecord(ctx, {
    classUid: 4003, className: 'DNS Activity', category: NETWORK, activity: [1, 'Query'],
    id: e.id, ts: e.ts, severityId: 1, sessionId: e.sessionId,
  });
  r.actor = actorOf(ctx, e, processOf(ctx, e));
  if (e.remote) r.dst_endpoint = endpointOf(e.remote);
  // The kernel tier sees the send, not the question: the queried name is known only when a collector parsed it.
  if (e.remote?.host) r.query = { hostname: e.remote.host };
  r.connection_info = connectionInfo(e, 'udp');
  r.unmapped = unmappedOf(e, typeof e.detail?.bytes === 'number' ? { bytes: e.detail.bytes } : {});
  return r;
}

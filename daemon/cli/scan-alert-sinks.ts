// Where `agentwatch mcp --scan` sends its alerts. A running daemon takes them (POST /v1/alerts with the
// state dir's token) through its one alert path, so they are merged with its memory, stored and streamed
// live; with no daemon running they take the same alert path here, straight into the store.
import type { Alert, AlertDraft } from '../../core/event.js';
import { AgentwatchError } from '../../core/errors.js';
import type { ScanAlertSink } from '../../collectors/mcp/scan/scan-alerts.js';
import type { DB } from '../store/database.js';
import { EventStore } from '../store/event-store.js';
import { AlertPath } from '../alert-path.js';
import { StoreOutput } from '../outputs/store-output.js';

/** Straight into the store (no daemon runs): merged with the stored alerts, committed before it resolves. */
export function storeAlertSink(db: DB): ScanAlertSink {
  let failure: unknown;
  const store = new EventStore(db, { batchSize: 1000, flushMs: 60_000, onError: (err) => { failure = err; } });
  const path = new AlertPath(new StoreOutput(store), (sid, rule, key) => store.findAlert(sid, rule, key));
  return {
    raise: async (drafts, ts) => {
      const alerts = drafts.map((d) => path.raise(d, ts).alert);
      store.flush();
      if (failure) throw failure;
      return alerts;
    },
  };
}

/** To the running daemon. `fallback`: used when the daemon cannot be reached (it stopped meanwhile). */
export function daemonAlertSink(port: number, token: string, fallback: ScanAlertSink): ScanAlertSink {
  return {
    raise: async (drafts: readonly AlertDraft[], ts: string): Promise<Alert[]> => {
      let res: Response;
      try {
        res = await fetch(`http://127.0.0.1:${port}/v1/alerts`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ ts, alerts: drafts }),
        });
      } catch {
        return fallback.raise(drafts, ts);
      }
      const body = (await res.json().catch(() => ({}))) as { alerts?: Alert[]; error?: string };
      if (!res.ok || !body.alerts) throw new AgentwatchError('AW_ERR_DAEMON', `the daemon on port ${port} refused the scan's alerts: ${body.error ?? `HTTP ${res.status}`}`);
      return body.alerts;
    },
  };
}

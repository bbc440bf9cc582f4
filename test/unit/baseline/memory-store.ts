// The baseline service's persistence in memory, and a replay that feeds its judge the way daemon/pipeline.ts does.
import type { Event } from '../../../core/event.js';
import type { Finding } from '../../../detectors/detector.js';
import { factsOf, type DetectionContext } from '../../../detectors/facts.js';
import { DetectorSet } from '../../../detectors/detector-set.js';
import type { AckRow, BaselinePersistence, BaselineService } from '../../../daemon/baseline-service.js';
import type { BaselineModel } from '../../../detectors/baseline/model.js';
import { decodeAnomalyKey, type AckScope } from '../../../detectors/baseline/allowance.js';
import { HOME } from './synthetic-sessions.js';

export const CTX: DetectionContext = { home: HOME, egressAllow: [] };

export class MemoryPersistence implements BaselinePersistence {
  models = new Map<string, string>();
  acks: AckRow[] = [];
  /** Findings by a made-up alert id, so ackAlert can find them as the CLI finds stored alerts. */
  alerts = new Map<string, { finding: Finding; agent: string; sessionId: string }>();
  saves = 0;

  storedKeys(): { agent: string; project: string }[] {
    const models = [...this.models.values()].map((json) => JSON.parse(json) as BaselineModel);
    return models.sort((a, b) => b.updatedTs.localeCompare(a.updatedTs)).map((m) => ({ agent: m.agent, project: m.project }));
  }
  loadModel(agent: string, project: string): BaselineModel | undefined {
    const json = this.models.get(`${agent}\0${project}`);
    return json === undefined ? undefined : (JSON.parse(json) as BaselineModel);
  }
  saveModels(models: readonly BaselineModel[]): void {
    this.saves++;
    for (const m of models) this.models.set(`${m.agent}\0${m.project}`, JSON.stringify(m));
  }
  acksSince(afterId: number, limit: number): AckRow[] {
    return this.acks.filter((a) => a.id > afterId).slice(0, limit);
  }
  addAcks(rows: readonly Omit<AckRow, 'id'>[]): void {
    for (const r of rows) this.acks.push({ ...r, id: this.acks.length + 1 });
  }
  ackAlert(alertId: string, opts: { thisWasMe: boolean; scope: AckScope }) {
    const a = this.alerts.get(alertId);
    const decoded = a && decodeAnomalyKey(a.finding.key);
    if (!a || !decoded) return { ok: false, message: 'no such alert' };
    const project = opts.scope === 'agent' ? '*' : decoded.project;
    const items = opts.scope === 'session' ? ['*'] : ['*', ...decoded.items];
    this.addAcks(items.map((item) => ({ scope: opts.scope, agent: a.agent, project, sessionId: a.sessionId, item, ts: '2026-01-01T00:00:00Z' })));
    return { ok: true, message: 'ok' };
  }
}

/** Feeds events through facts → the service's judge (in a DetectorSet); returns the findings and records them as alerts. */
export function replay(engine: BaselineService, events: Event[], store?: MemoryPersistence): Finding[] {
  const set = new DetectorSet([engine.judge]);
  const out: Finding[] = [];
  for (const event of events) {
    const sid = event.sessionId ?? 'none';
    const findings = set.evaluate(event, factsOf(event, CTX), CTX, (_name, err) => { throw err; });
    for (const f of findings) {
      out.push(f);
      store?.alerts.set(`alert-${store.alerts.size + 1}`, { finding: f, agent: event.agent.kind, sessionId: sid });
    }
  }
  return out;
}

// How the pipeline reaches the store and the stream: one wiring, shared by the daemon and the benchmarks.
import type { PipelineSinks } from './pipeline.js';
import type { EventStore } from './store/event-store.js';

export function storeSinks(store: EventStore, publish: PipelineSinks['publish'], detectorError: PipelineSinks['detectorError']): PipelineSinks {
  return {
    appendEvent: (e) => store.appendEvent(e),
    saveAlert: (a, key) => store.saveAlert(a, key),
    // Alerts raised since start are in the pipeline's memory; this finds those of earlier runs, so no
    // flush is needed (a flush here would put a disk commit on the hook's decision path).
    findAlert: (sid, rule, key) => store.findAlert(sid, rule, key),
    publish,
    detectorError,
  };
}

// Hook-triggered scans, coalesced: at c16 every hook ran a whole /proc scan in the request path, before
// the next request could be read. A trigger now only schedules the scan (off the caller's stack); every
// trigger in one turn of the event loop shares one run, and runs are at least `minGapMs` apart (a trigger
// inside the gap runs it when the gap ends, so the processes a hook announced are still looked for).

export interface Coalesced { trigger(): void; cancel(): void }

export function coalesced(fn: () => void, minGapMs: number): Coalesced {
  let immediate: NodeJS.Immediate | undefined;
  let timer: NodeJS.Timeout | undefined;
  let last = Number.NEGATIVE_INFINITY;
  const run = (): void => {
    immediate = undefined;
    timer = undefined;
    last = performance.now();
    fn();
  };
  return {
    trigger() {
      if (immediate || timer) return;
      const wait = last + minGapMs - performance.now();
      if (wait > 0) (timer = setTimeout(run, wait)).unref();
      else (immediate = setImmediate(run)).unref();
    },
    cancel() {
      if (immediate) clearImmediate(immediate);
      if (timer) clearTimeout(timer);
      immediate = undefined;
      timer = undefined;
    },
  };
}

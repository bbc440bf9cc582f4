// The C heap's free pages given back to the system: glibc's malloc_trim(0), through the small addon in
// native/malloc-trim (an optional dependency, built by node-gyp at install). glibc's free() returns only the
// top of the main heap; the pages freed inside it stay resident. After a burst of hooks that was 3–8 MB of
// the daemon's RSS (docs/performance.md). Loaded on first use; where the addon is missing (a failed build)
// or the C library is not glibc, nothing is trimmed and `trimNativeHeap` says so by returning undefined.
import { createRequire } from 'node:module';

interface Addon { trim(): boolean; supported(): boolean }

let addon: Addon | null | undefined;

/** malloc_trim(0), or undefined when it cannot run here. Returns how long it took, in ms. */
export function trimNativeHeap(): number | undefined {
  if (addon === undefined) {
    try {
      const loaded = createRequire(import.meta.url)('@agentwatch/malloc-trim') as Addon;
      addon = loaded.supported() ? loaded : null;
    } catch { addon = null; }
  }
  if (addon === null) return undefined;
  const t0 = performance.now();
  addon.trim();
  return performance.now() - t0;
}

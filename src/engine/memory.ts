/**
 * The CLI process's memory policy for a large month (SPEC §9): once the rows
 * are read, the report phase's short-lived objects should be collected
 * early. Why and what it measured: docs/performance.md.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Called once the rows are read: collects the streaming's garbage now, and
 * from here on collects as soon as the heap has grown by a fifth over what
 * was live after the last full collection. Both only change memory, never
 * results. V8 reads --heap-growing-percent each time it sets the next limit;
 * the collection uses V8's own gc() (a fresh context gets it once
 * --expose-gc is set). Should either be unavailable, the run goes on
 * as it would have. Measured on the bench month: peak RSS 232 MB in three
 * runs instead of 235-300 MB, for one full collection (tens of
 * milliseconds). Also called when a month's rejects first spill to disk
 * (src/engine/rejects.ts): rejecting many rows makes garbage that outlives
 * young collections. True when the collection ran.
 */
export function favourMemory(): boolean {
  try {
    v8.setFlagsFromString('--heap-growing-percent=20');
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    if (typeof gc !== 'function') return false;
    gc();
    return true;
  } catch {
    // Memory only: nothing depends on it.
    return false;
  }
}

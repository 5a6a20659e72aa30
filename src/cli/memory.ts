/**
 * Peak memory of a large month (SPEC §9). While rows stream, little is live
 * (tables in typed arrays, ~40 MB of heap). Then the month's results are built
 * once per person — scores, the year-to-date projection with its exact BigInt
 * arithmetic, the report — and most of those objects live just long enough
 * to be promoted before they die. V8 then lets its old generation grow to two
 * or three times what is live before it collects: about 90 MB of garbage for
 * 5·10^4 people, the largest part of the run's peak RSS.
 */
import v8 from 'node:v8';

/**
 * From here on, collects as soon as the heap has grown by a fifth over what
 * was live after the last full collection. V8 reads this flag each time it
 * sets the next limit, so it takes effect from the next collection; a V8
 * that ignored it would change memory only, never results. Measured on the
 * bench month: peak RSS about 25 MB lower, at the cost of one or two more
 * full collections (tens of milliseconds).
 */
export function favourMemory(): void {
  v8.setFlagsFromString('--heap-growing-percent=20');
}

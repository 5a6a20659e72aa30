/**
 * The engine's tuning settings from the environment (ASSESS_*): the tests
 * lower bounds that real months reach only at scale.
 */

/** A whole number setting from the environment, at least `min`; `fallback` when it is unset or not one. */
export function setting(env: Record<string, string | undefined>, name: string, fallback: number, min = 1): number {
  const v = Number(env[name]);
  return env[name] !== undefined && Number.isInteger(v) && v >= min ? v : fallback;
}

/**
 * ASSESS_PLAIN=1 runs the plain path: csv-parse for every record, saxes for
 * every XML part, and exact duplicate keys, without the fast CSV path, the
 * fast path for shared strings or hashed tables. The results are the same;
 * the tests compare the two (SPEC §9).
 */
export function plainPath(): boolean {
  return process.env.ASSESS_PLAIN === '1';
}

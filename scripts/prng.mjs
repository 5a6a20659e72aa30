/**
 * mulberry32: a tiny, fast, well-mixed 32-bit PRNG, so that the fixture and
 * benchmark generators are deterministic (no Math.random, no clock).
 * Returns a function giving floats in [0, 1).
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

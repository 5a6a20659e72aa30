/**
 * Exact decimals from rules-file text. YAML turns `0.30` into a float; rules
 * read the scalar's source text instead, so that money, points and rates are
 * exact (SPEC §5: no floating point touches money or scores).
 */
import type { Ratio } from './types.js';

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
/** Characters of the longest decimal read (digits beyond 2^53 are refused later anyway). */
const MAX_DECIMAL_CHARS = 64;

/** A decimal split into an integer of units of 10^-scale: `-1.25` → { units: -125n, scale: 2 }. */
export interface Decimal {
  units: bigint;
  scale: number;
}

/**
 * Parses plain decimal text (`12`, `-0.5`, `+3.25`); null for anything else
 * (exponents, hex, `.5`, spaces).
 * @example parseDecimal('0.30') // { units: 30n, scale: 2 }
 */
export function parseDecimal(text: string): Decimal | null {
  // No number in a rules file needs more digits; a scalar of a megabyte of them would cost seconds in BigInt.
  if (text.length > MAX_DECIMAL_CHARS) return null;
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  const units = BigInt((m[2] ?? '0') + frac);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

/**
 * The decimal as an integer count of 10^-places (`places` = 2 gives hundredths
 * or fen), or null when it is not a decimal or has more than `places` decimals.
 * @example scaledInteger('-0.5', 2) // -50
 */
export function scaledInteger(text: string, places: number): number | null {
  const d = parseDecimal(text);
  if (!d || d.scale > places) return null;
  const n = d.units * 10n ** BigInt(places - d.scale);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(n);
}

/**
 * The decimal as an exact fraction over a power of ten, unreduced so that it
 * reads like its source: `0.30` → 30n/100n.
 */
export function decimalRatio(text: string): Ratio | null {
  const d = parseDecimal(text);
  if (!d) return null;
  return { num: d.units, den: 10n ** BigInt(d.scale) };
}

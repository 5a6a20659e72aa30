/**
 * PostgreSQL array literals for the columns that saveMonth sends as one
 * parameter per column (`unnest($3::text[], $4::bigint[], …)`).
 *
 * node-postgres turns a JavaScript array into a literal itself, but by
 * escaping each element with two regular expressions and growing one string
 * element by element; for a month of 5·10^4 people that took longer than
 * the server took to store them (measured in bench/README.md). These build
 * the same literals with one join per column. Every text element is quoted,
 * so that spaces, commas, braces and the word NULL are kept as they are; no
 * element is ever NULL (the columns are NOT NULL).
 */

/**
 * `{"a","b \"c\""}`: an array literal of text, each element quoted, with `"`
 * and `\` escaped by a backslash (the only characters that need it inside quotes).
 *
 * @example textArray(['营业厅', 'a"b']) // '{"营业厅","a\\"b"}'
 */
export function textArray(values: readonly string[]): string {
  return `{${values.map(quoteElement).join(',')}}`;
}

function quoteElement(s: string): string {
  return NEEDS_ESCAPE.test(s) ? `"${s.replace(ESCAPED, '\\$&')}"` : `"${s}"`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/**
 * `{1,-2,3}`: an array literal of integers (int or bigint columns). Money
 * and scores are integers end to end; anything else is a bug of the caller.
 *
 * @example intArray([1, -2, 3]) // '{1,-2,3}'
 */
export function intArray(values: readonly number[]): string {
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new Error(`internal: ${v} is not a whole number and cannot be stored in the ledger`);
  }
  return `{${values.join(',')}}`;
}

/** `{t,f}`: an array literal of booleans. */
export function boolArray(values: readonly boolean[]): string {
  return `{${values.map((v) => (v ? 't' : 'f')).join(',')}}`;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks, JsonStream, jsonText, type JsonValue } from '../../src/render/columns.js';
import { monthJson, monthJsonChunks } from '../../src/render/month.js';
import { sampleMonth } from './sample.js';

describe('jsonChunks', () => {
  it('writes the bytes of jsonText, with streamed arrays', () => {
    const value = fc.jsonValue() as fc.Arbitrary<JsonValue>;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), fc.array(value), fc.array(value, { maxLength: 3000 }), (obj, a, b) => {
        const whole = { ...obj, a, b };
        const text = Array.from(jsonChunks({ ...obj, a: new JsonStream(a), b: new JsonStream(b) })).join('');
        expect(text).toBe(jsonText(whole));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the summary in pieces exactly as monthJson gives it whole', () => {
    const r = sampleMonth();
    const chunks = Array.from(monthJsonChunks(r, 'en'));
    expect(chunks.join('')).toBe(monthJson(r, 'en'));
  });
});

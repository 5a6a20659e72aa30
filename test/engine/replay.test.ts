/**
 * The replay of a split file types some rows of the worker's range again
 * (rejects): pieceRowFinder parses such a row alone from its bytes instead of
 * the whole piece. It must give exactly the row the whole piece's parse gives.
 */
import { describe, expect, it } from 'vitest';
import type { Batch, ReplayContext } from '../../src/engine/parallel.js';
import { pieceRowFinder } from '../../src/engine/parallel.js';
import { pieceRows } from '../../src/engine/split.js';
import type { Piece, Split } from '../../src/engine/split.js';

const split: Split = { at: 0, line: 10, delimiter: ',', recordDelimiter: '\n' };

/** A batch as the worker posts it: only what the finder reads (lines of rows, their count). */
function batchOf(piece: Piece, lineStart: number): Batch {
  const rows = pieceRows(piece, split, 'e.csv', lineStart);
  return { lineStart, n: rows.length, line: Int32Array.from(rows.map((r) => r.line)) } as unknown as Batch;
}

describe('pieceRowFinder', () => {
  it('finds each row alone, as the whole piece parses it: quoted line breaks, doubled quotes, blank lines', () => {
    const text = [
      '培训,2026/2/2,"扫码签到 8:32,签退 11:32",E000001',
      '事故,2026/2/3,"用户称""月租多收了""",E000002',
      '',
      '投诉,2026/2/4,"两行\n备注",E000003',
      '投诉,2026/2/4,"三行\r\n备注\n再一行",E000004',
      '',
      '',
      '培训,2026/2/6,,E000005',
      '',
    ].join('\n');
    const piece: Piece = { at: 4096, bytes: Buffer.from(text, 'utf8') };
    const whole = pieceRows(piece, split, 'e.csv', 10);
    expect(whole).toHaveLength(5);
    const b = batchOf(piece, 10);
    let reads = 0;
    const find = pieceRowFinder(() => {
      reads += 1;
      return piece;
    }, b, { split, file: 'e.csv' } as ReplayContext);
    // Rows asked for in order, some skipped (the accepted rows of a piece are not typed again).
    for (const i of [0, 1, 3, 4]) expect(find(i)).toEqual(whole[i]);
    expect(reads).toBe(1);
  });

  it('gives undefined for a row asked for out of order (the caller then parses the piece)', () => {
    const piece: Piece = { at: 0, bytes: Buffer.from('a,1\nb,2\nc,3\n', 'utf8') };
    const find = pieceRowFinder(() => piece, batchOf(piece, 1), { split, file: 'e.csv' } as ReplayContext);
    expect(find(2)?.fields).toEqual(['c', '3']);
    expect(find(0)).toBeUndefined();
  });
});

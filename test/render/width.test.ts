import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/render/table.js';

describe('displayWidth', () => {
  it.each([
    ['', 0],
    ['1260.00', 7],
    ['E000123', 7],
    ['王丽华', 6],
    ['营业厅 A', 8],
    ['ｗ', 2],
    ['é', 1],
  ])('%j is %i columns, as string-width says', (text, width) => {
    expect(displayWidth(text)).toBe(width);
    expect(displayWidth(text)).toBe(stringWidth(text));
    // A second call (cached) gives the same answer.
    expect(displayWidth(text)).toBe(width);
  });
});

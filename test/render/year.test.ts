import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { renderYearTable, yearCsv, yearJson, type YearView } from '../../src/render/year.js';
import { chartScale, historyCsv, historyJson, renderHistory, scoreBar, BAR_CELLS } from '../../src/render/history.js';
import type { PersonMonthRow } from '../../src/render/person.js';
import { BOM } from '../../src/render/format.js';
import { fen, hundredths } from '../../src/types.js';
import { person } from './sample.js';

const ESC = '\u001b';

function sampleYear(): YearView {
  return {
    year: 2026,
    people: [
      {
        employee: '0001',
        name: '张三',
        unit: '营业厅',
        months: 12,
        withheld: fen(1512000),
        avgScore: hundredths(9750),
        allocation: fen(1500000),
        difference: fen(-12000),
      },
      {
        employee: '0002',
        name: '+Li',
        unit: '营业厅',
        months: 11,
        withheld: fen(1386000),
        avgScore: hundredths(10000),
        allocation: fen(1398000),
        difference: fen(12000),
      },
    ],
    pool: fen(2898000),
    allocated: fen(2898000),
    undistributed: fen(0),
    monthsAssessed: ['2026-01', '2026-02'],
    monthsMissing: ['2026-03'],
  };
}

describe('year', () => {
  it('year.csv has the columns of §7, money and scores formatted, text defended', () => {
    const csv = yearCsv(sampleYear());
    expect(csv.split('\n')).toEqual([
      'year,employee,name,unit,months,withheld,avg_score,allocation,difference',
      '2026,0001,张三,营业厅,12,15120.00,97.5,15000.00,-120.00',
      "2026,0002,'+Li,营业厅,11,13860.00,100,13980.00,120.00",
      '',
    ]);
    expect(yearCsv(sampleYear(), { bom: true }).startsWith(BOM)).toBe(true);
  });

  it('year JSON has a fixed key order and money as strings', () => {
    const text = yearJson(sampleYear());
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['year', 'people', 'pool', 'allocated', 'undistributed', 'months_assessed', 'months_missing']);
    expect((json.people as unknown[])[0]).toEqual({
      year: 2026,
      employee: '0001',
      name: '张三',
      unit: '营业厅',
      months: 12,
      withheld: '15120.00',
      avg_score: 97.5,
      allocation: '15000.00',
      difference: '-120.00',
    });
    expect(json).toMatchObject({ pool: '28980.00', undistributed: '0.00', months_missing: ['2026-03'] });
    expect(text.endsWith('\n')).toBe(true);
  });

  it('year table: aligned, missing months shown, colour only when asked', () => {
    const plain = renderYearTable(sampleYear(), { lang: 'zh', color: false });
    expect(plain).toContain('2026-03');
    expect(plain).not.toContain(ESC);
    const first = (plain.split('\n\n')[0] ?? '').replace(/\n$/, '').split('\n').slice(1);
    expect(new Set(first.map((l) => stringWidth(l))).size).toBe(1);
    expect(renderYearTable(sampleYear(), { lang: 'en', color: true })).toContain(`${ESC}[31m-120.00`);
  });
});

describe('history', () => {
  it.each([
    [0, ' '.repeat(BAR_CELLS)],
    [10000, '█'.repeat(BAR_CELLS)],
    [12000, '█'.repeat(BAR_CELLS)],
    [-500, ' '.repeat(BAR_CELLS)],
    [5000, '█████     '],
    [9750, '█████████▊'],
    [125, '▏         '],
    [62, '          '],
    [63, '▏         '],
  ])('scoreBar(%d) = %j', (score, bar) => {
    expect(scoreBar(hundredths(score))).toBe(bar);
  });

  it.each([
    [[10000, 9650], 9000, 10000],
    [[10000], 9000, 10000],
    [[9000, 9500], 9000, 10000],
    [[9000], 8000, 9000],
    [[0, 10000], 0, 10000],
    [[12000, 11050], 11000, 12000],
    [[-550, 300], -1000, 1000],
  ])('chartScale(%j) = %d..%d', (scores, lo, hi) => {
    expect(chartScale(scores.map(hundredths))).toEqual({ lo, hi });
  });

  it.each([
    [10000, '█'.repeat(BAR_CELLS)],
    [9000, ' '.repeat(BAR_CELLS)],
    [9500, '█████     '],
    [9650, '██████▌   '],
    [9900, '█████████ '],
    [8000, ' '.repeat(BAR_CELLS)],
  ])('on a 90–100 scale, scoreBar(%d) = %j: a drop of a few points is cells, not an eighth', (score, bar) => {
    expect(scoreBar(hundredths(score), { lo: hundredths(9000), hi: hundredths(10000) })).toBe(bar);
  });

  const rows: PersonMonthRow[] = [
    { ...person({ employee: '0001', name: '张三' }), month: '2026-01' },
    { ...person({ employee: '0001', name: '张三', points: hundredths(-250), score: hundredths(9750) }), month: '2026-02' },
  ];

  it('renders an aligned table with bars', () => {
    const out = renderHistory('0001', rows, { lang: 'zh', color: false });
    expect(out.split('\n')[0]).toContain('0001 张三');
    // 97.5 on the 90–100 scale the heading names: three quarters of the bar.
    expect(out).toContain('得分图（90–100分）');
    expect(out).toContain('███████▌  ');
    expect(renderHistory('0001', rows, { lang: 'en', color: false })).toContain('Score chart 90–100');
    const lines = out.replace(/\n$/, '').split('\n').slice(1);
    expect(new Set(lines.map((l) => stringWidth(l))).size).toBe(1);
    expect(out).not.toContain(ESC);
    expect(renderHistory('0001', rows, { lang: 'en', color: true })).toContain(ESC);
  });

  it('says so when there is no history', () => {
    expect(renderHistory('9999', [], { lang: 'en', color: false })).toBe('No assessed months for 9999\n');
  });

  it('csv and json', () => {
    expect(historyCsv(rows).split('\n')[2]).toBe(
      '2026-02,0001,张三,营业厅,97.5,-2.5,100,100,4200.00,1260.00,0.00,1260.00,1260.00',
    );
    const json = JSON.parse(historyJson('0001', rows)) as { employee: string; months: Record<string, unknown>[] };
    expect(json.employee).toBe('0001');
    expect(json.months[1]).toMatchObject({ month: '2026-02', score: 97.5, bonus_paid: '1260.00' });
  });
});

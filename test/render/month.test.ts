import { describe, expect, it } from 'vitest';
import { requireTrace } from '../../src/assess/effects.js';
import stringWidth from 'string-width';
import {
  monthCsv,
  monthCsvChunks,
  monthJson,
  rejectsCsv,
  renderMonthTable,
  scoresCsv,
  traceCsv,
  traceCsvChunks,
  unitsCsv,
} from '../../src/render/month.js';
import { BOM } from '../../src/render/format.js';
import { EffectLog } from '../../src/assess/effects.js';
import { sampleMonth } from './sample.js';
import { problem } from '../../src/problems.js';
import type { MonthReport } from '../../src/pay/report.js';

const ESC = '\u001b';

function header(csv: string): string {
  return csv.replace(BOM, '').split('\n')[0] ?? '';
}

describe('month CSV files', () => {
  it.each([
    [
      'scores.csv',
      scoresCsv,
      'month,employee,name,unit,score,points,unit_score,effective_score,wage,bonus,bonus_forfeited,bonus_paid,withheld,ytd_withheld,projected_allocation',
    ],
    ['units.csv', unitsCsv, 'month,unit,score,points,people,avg_score'],
    ['trace.csv', traceCsv, 'month,rule,title,target,employee,unit,points,bonus_forfeited,source'],
    ['rejects.csv', (r: MonthReport) => rejectsCsv(r, 'en'), 'source,code,reason,row'],
  ])('%s has the columns of §7 and a BOM', (_name, write, columns) => {
    const csv = write(sampleMonth());
    expect(csv.startsWith(BOM)).toBe(true);
    expect(header(csv)).toBe(columns);
  });

  it('--format csv is scores.csv without the BOM', () => {
    const r = sampleMonth();
    expect(monthCsv(r).startsWith(BOM)).toBe(false);
    expect(BOM + monthCsv(r)).toBe(scoresCsv(r));
    expect(Buffer.concat(Array.from(monthCsvChunks(r))).toString('utf8')).toBe(monthCsv(r));
  });

  it('writes money with two decimals and scores with up to two, never escaping numbers', () => {
    const lines = monthCsv(sampleMonth()).split('\n');
    expect(lines[1]).toBe('2026-01,0001,张三,营业厅,97.5,-2.5,100,97.5,4200.00,1260.00,1260.00,0.00,1260.00,1260.00,1260.00');
  });

  it('defends text cells against formulas', () => {
    const csv = monthCsv(sampleMonth());
    expect(csv).toContain(`'=HYPERLINK(""x"")`);
  });

  it('traces effects with file:line or "aggregate"', () => {
    const lines = traceCsv(sampleMonth()).replace(BOM, '').split('\n');
    expect(lines[1]).toBe('2026-01,handoff-dispute,上下工序衔接发生口角,person,0001,营业厅,-2.5,1260.00,incidents.csv:3');
    expect(lines[2]).toBe('2026-01,handoff-dispute,上下工序衔接发生口角,unit,,线路班,-2,0.00,aggregate');
  });

  it('writes trace.csv in pieces that join to exactly traceCsv, one row per effect', () => {
    const r = sampleMonth();
    const many = { ...r, effects: EffectLog.from(Array.from({ length: 5000 }, (_, i) => requireTrace(r.effects, r.month).at(i % requireTrace(r.effects, r.month).length))) };
    const pieces = [...traceCsvChunks(many)];
    expect(pieces.length).toBeGreaterThan(2);
    // Each piece ends at a row's end, so each is whole UTF-8 on its own.
    for (const piece of pieces) expect(Buffer.from(piece).toString('utf8').endsWith('\n')).toBe(true);
    expect(pieces.map((p) => Buffer.from(p).toString('utf8')).join('')).toBe(traceCsv(many));
    expect(traceCsv(many).split('\n')).toHaveLength(5000 + 2);
  });

  it('writes a rejected row back as one CSV line, defended when it starts with a formula character', () => {
    const r = sampleMonth();
    const out = rejectsCsv(r, 'en').replace(BOM, '');
    expect(out).toBe(
      'source,code,reason,row\nincidents.csv:9,NOT_ON_ROSTER,"employee ""9999"" is not on the roster of 2026-01","2026-01-09,9999,""late, again"",-5"\n',
    );
    const place = { file: 'a.csv', line: 2 };
    r.rejected = [{ source: place, problems: [problem('FIELD_COUNT', place, { found: 2, expected: 3 }), problem('DUPLICATE_ROW', place, { first: { file: 'a.csv', line: 1 } })], row: ['-1', 'x'] }];
    expect(rejectsCsv(r, 'en')).toContain(`a.csv:2,FIELD_COUNT;DUPLICATE_ROW,"has 2 fields, the header has 3; duplicate of a.csv:1","'-1,x"\n`);
    expect(rejectsCsv(r, 'zh')).toContain(`a.csv:2,FIELD_COUNT;DUPLICATE_ROW,这一行有 2 格，表头有 3 格；与 a.csv 第1行完全重复,"'-1,x"\n`);
  });
});

describe('monthJson', () => {
  const json = JSON.parse(monthJson(sampleMonth(), 'en')) as Record<string, unknown>;

  it('has the keys of summary.json in a fixed order and ends with a newline', () => {
    expect(Object.keys(json)).toEqual(['month', 'people', 'units', 'rejected', 'files', 'unmatched', 'totals', 'rules_hash']);
    expect(monthJson(sampleMonth(), 'en').endsWith('}\n')).toBe(true);
    expect(monthJson(sampleMonth(), 'en')).toContain('\n  "month": "2026-01",\n');
  });

  it('gives people the scores.csv fields, money as strings and scores as numbers', () => {
    const people = json.people as Record<string, unknown>[];
    expect(Object.keys(people[0] ?? {}).join(',')).toBe(header(monthCsv(sampleMonth())));
    expect(people[0]).toMatchObject({
      employee: '0001',
      score: 97.5,
      points: -2.5,
      bonus: '1260.00',
      bonus_paid: '0.00',
      projected_allocation: '1260.00',
    });
    // JSON is not a spreadsheet: no formula defence there.
    expect(people[3]).toMatchObject({ name: '=HYPERLINK("x")' });
  });

  it('shapes units, rejected, files, unmatched and totals', () => {
    expect((json.units as unknown[])[0]).toEqual({
      month: '2026-01',
      unit: '线路班',
      score: 98,
      points: -2,
      people: 2,
      avg_score: 50,
    });
    expect(json.rejected).toEqual([{ source: 'incidents.csv:9', code: 'NOT_ON_ROSTER', reason: 'employee "9999" is not on the roster of 2026-01' }]);
    expect(json.files).toEqual([
      { file: 'incidents.csv', sha256: 'ab'.repeat(32), kind: 'incident', rows_read: 10, accepted: 9, rejected: 1 },
    ]);
    expect(json.unmatched).toEqual([{ kind: 'incident', type: 'handof-dispute', count: 2 }]);
    expect(json.totals).toEqual({
      people: 4,
      points: -4.5,
      bonus_forfeited: '1260.00',
      withheld: '5040.00',
      ytd_pool: '5040.00',
    });
    expect(Object.keys(json.totals as object)).toEqual(['people', 'points', 'bonus_forfeited', 'withheld', 'ytd_pool']);
    expect(json.rules_hash).toBe('deadbeef');
  });
});

describe('renderMonthTable', () => {
  it.each(['en', 'zh'] as const)('in %s: title, unit groups, unit table, totals, rejects and unmatched', (lang) => {
    const out = renderMonthTable(sampleMonth(), { lang, color: false });
    expect(out.split('\n')[0]).toContain('2026-01');
    expect(out).toContain('营业厅');
    expect(out).toContain('线路班');
    expect(out).toContain(lang === 'zh' ? '1 行记录无法使用' : '1 row rejected');
    expect(out).toContain(lang === 'zh' ? 'incidents.csv 第9行：工号 "9999" 不在 2026-01 的花名册上' : 'incidents.csv:9: employee "9999" is not on the roster of 2026-01');
    expect(out).toContain('handof-dispute');
    expect(out).toContain(lang === 'zh' ? '一票否决' : 'veto');
    expect(out).toContain('5040.00');
    expect(out).not.toContain(ESC);
  });

  it('keeps the people table aligned with Chinese names and headings', () => {
    const out = renderMonthTable(sampleMonth(), { lang: 'zh', color: false });
    const firstTable = out.split('\n\n')[0] ?? '';
    const lines = firstTable.replace(/\n$/, '').split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(5);
    expect(new Set(lines.map((l) => stringWidth(l))).size).toBe(1);
  });

  it('makes deductions stand out in red and commendations in green on a colour terminal', () => {
    const out = renderMonthTable(sampleMonth(), { lang: 'en', color: true });
    expect(out).toContain(`${ESC}[31m-2.5${ESC}[39m`);
    expect(out).toContain(`${ESC}[31m1260.00${ESC}[39m`);
    expect(out).toContain(`${ESC}[32m+1${ESC}[39m`);
  });

  it('leaves out the reject and unmatched sections on a clean month', () => {
    const r = { ...sampleMonth(), rejected: [], unmatched: [] };
    const out = renderMonthTable(r, { lang: 'en', color: false });
    expect(out).not.toContain('rejected');
    expect(out).not.toContain('no rule matched');
  });
});

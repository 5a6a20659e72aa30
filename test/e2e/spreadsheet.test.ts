/**
 * What a clerk's spreadsheet will see: CSVs with a BOM, Chinese intact, and
 * text that a spreadsheet would run as a formula neutralised with a leading
 * quote — in text columns only, never in numbers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, assess, tempDir } from './cli.js';

describe('--out CSVs opened in a spreadsheet', () => {
  it('neutralise formulas in names and units but leave numbers alone', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'roster.csv'),
      '工号,姓名,部门,月工资,生产奖金\n0001,"=HYPERLINK(""http://x"",""y"")",营业厅,4200.00,800.00\n0002,+王芳,@计费中心,3900.00,700.00\n0003,-1+1,营业厅,3600.00,600.00\n',
    );
    fs.writeFileSync(
      path.join(dir, 'incidents.csv'),
      'date,employees,type,unit,note\n2026-02-03,0002,service-language,,=SUM(A1)\n2026-02-04,0001,appearance,营业厅,\n',
    );
    const out = path.join(dir, 'out');
    const r = assess(['incidents.csv', '--rules', path.join(ROOT, 'rules'), '--dry-run', '--format', 'csv'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const w = assess(['incidents.csv', '--rules', path.join(ROOT, 'rules'), '--ledger', 'a.db', '--out', out], { cwd: dir });
    expect(w.code, w.stderr).toBe(0);
    const scores = fs.readFileSync(path.join(out, 'scores.csv'), 'utf8');
    expect(scores.startsWith('\uFEFFmonth,employee,name,unit,score,')).toBe(true);
    expect(scores).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(scores).toContain("'+王芳,'@计费中心");
    expect(scores).toContain("'-1+1,营业厅");
    // Numbers keep their sign: the deduction is -1, not '-1.
    const line = scores.split('\n').find((l) => l.includes('王芳')) ?? '';
    expect(line).toMatch(/,99,-1,100,99,/);
    const trace = fs.readFileSync(path.join(out, 'trace.csv'), 'utf8');
    expect(trace).toContain("'@计费中心");
    expect(trace).not.toContain(",'-1,");
  });
});

import { describe, expect, it } from 'vitest';
import { htmlTableParser } from '../../src/read/html.js';
import type { RawRow } from '../../src/read/types.js';

function read(html: string) {
  const rows: RawRow[] = [];
  const sink = htmlTableParser((r) => rows.push(r));
  for (let i = 0; i < html.length; i += 5) sink.write(html.slice(i, i + 5));
  return { rows, ...sink.close() };
}

describe('htmlTableParser', () => {
  it('reads an HR system\'s .xls export: unclosed cells, entities, <br>, a title row', () => {
    const { rows, merged } = read(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><style>td{mso-number-format:"\\@"}</style></head>
<body><table border=1>
<tr><td colspan=3>漠河县电信局 2026年1月 投诉登记
<tr><th>工号<th>受理时间<th>备注
<tr><td style='mso-number-format:"\\@"'>0015<td>2026/1/9 8:05<td>a &amp; b<br>第二行&nbsp; 
<tr><td></td><td></td><td></td></tr>
<tr><td>0016</td><td>2026/1/9 9:00</td><td>&lt;b&gt;</td></tr>
</table></body></html>`);
    expect(rows).toEqual([
      { line: 1, fields: ['漠河县电信局 2026年1月 投诉登记', '', ''] },
      { line: 2, fields: ['工号', '受理时间', '备注'] },
      { line: 3, fields: ['0015', '2026/1/9 8:05', 'a & b\n第二行'] },
      { line: 5, fields: ['0016', '2026/1/9 9:00', '<b>'] },
    ]);
    expect(merged).toEqual([{ ref: 'row 1', top: 1, bottom: 1, left: 0, right: 2 }]);
  });

  it('leaves the columns under a rowspan empty', () => {
    const { rows, merged } = read('<table><tr><td rowspan=2>营业厅</td><td>0001</td></tr><tr><td>0002</td></tr></table>');
    expect(rows).toEqual([{ line: 1, fields: ['营业厅', '0001'] }, { line: 2, fields: ['', '0002'] }]);
    expect(merged).toHaveLength(1);
  });
});

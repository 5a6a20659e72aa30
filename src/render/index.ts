/** The render layer: report data → table | csv | json text. Pure: no fs, no process. */
export { formatFen, formatScore, scoreNumber, csvCell, csvLine, toCsv, BOM } from './format.js';
export { langFromEnv, labels, type Lang, type Labels } from './i18n.js';
export { renderTable, styled, printable, type Cell, type CellStyle, type Column, type Row } from './table.js';
export {
  renderMonthTable,
  monthCsv,
  scoresCsv,
  unitsCsv,
  traceCsv,
  rejectsCsv,
  monthJson,
  monthSummary,
} from './month.js';
export { renderYearTable, yearCsv, yearJson, yearSummary, type YearView, type YearPersonView } from './year.js';
export { renderHistory, historyCsv, historyJson, scoreBar } from './history.js';
export type { PersonMonthRow } from './person.js';

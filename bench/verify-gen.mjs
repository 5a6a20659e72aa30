#!/usr/bin/env node
// Checks that a generated month is what bench/gen.mjs promises, using
// csv-parse as an independent reader:
//
//   node bench/verify-gen.mjs bench/data/1e5
//
// well-formed RFC 4180 with 19 fields a row; kinds, dates, statuses, booleans
// and money in their SPEC §3.1 shapes; every employee and unit on the roster;
// record ids unique; no exact duplicate rows. Exits 1 listing what is wrong.
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { EVENTS_HEADER } from './gen.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/verify-gen.mjs DIR');
  process.exit(2);
}

const problems = [];
const fail = (line, message) => { if (problems.length < 20) problems.push(`events.csv:${line}: ${message}`); };

const roster = parseSync(readFileSync(join(dir, 'roster.csv')), { columns: true });
const people = new Set(roster.map((p) => p.employee));
const units = new Set(roster.map((p) => p.unit));
const MONEY = /^\d+\.\d\d$/;
for (const p of roster) if (!MONEY.test(p.wage) || !MONEY.test(p.bonus)) problems.push(`roster.csv: bad money for ${p.employee}`);

const DATE = /^2026-02-(0[1-9]|1\d|2[0-8])$/;
const EXCEL = /^2026\/2\/([1-9]|1\d|2[0-8]) ([0-9]|1\d|2[0-3]):[0-5]\d$/;
const BOOL = /^(yes|no)$/;
const seenRows = new Set();
const seenIds = new Set();
const kinds = { training: 0, incident: 0, complaint: 0 };
let quoted = 0;

const parser = createReadStream(join(dir, 'events.csv')).pipe(parse({ info: true, raw: true }));
let first = true;
for await (const { record, info, raw } of parser) {
  const line = info.lines;
  if (first) {
    if (record.join(',') !== EVENTS_HEADER.join(',')) fail(line, `header is ${record.join(',')}`);
    first = false;
    continue;
  }
  if (record.length !== EVENTS_HEADER.length) fail(line, `${record.length} fields`);
  const row = Object.fromEntries(EVENTS_HEADER.map((name, i) => [name, record[i]]));
  if (raw.includes('""')) quoted++;
  if (seenRows.has(raw)) fail(line, 'exact duplicate row');
  seenRows.add(raw);
  if (!(row.kind in kinds)) { fail(line, `kind ${row.kind}`); continue; }
  kinds[row.kind]++;
  if (row.id) {
    if (seenIds.has(row.id)) fail(line, `id ${row.id} seen twice`);
    seenIds.add(row.id);
  }
  if (row.unit && !units.has(row.unit)) fail(line, `unit ${row.unit} not on roster`);
  const onRoster = (id) => { if (!people.has(id)) fail(line, `employee ${id} not on roster`); };
  if (row.kind === 'training') {
    if (!DATE.test(row.date)) fail(line, `date ${row.date}`);
    if (!/^(present|absent|excused|late)$/.test(row.status)) fail(line, `status ${row.status}`);
    if (!/^(monday-meeting|friday-study|job-class)$/.test(row.type)) fail(line, `training type ${row.type}`);
    onRoster(row.employee);
  } else if (row.kind === 'incident') {
    if (!DATE.test(row.date)) fail(line, `date ${row.date}`);
    if (row.loss && !MONEY.test(row.loss)) fail(line, `loss ${row.loss}`);
    row.employees.split(/[;、]/).forEach(onRoster);
  } else {
    if (!EXCEL.test(row.received_at)) fail(line, `received_at ${row.received_at}`);
    if (row.resolved_at && !EXCEL.test(row.resolved_at)) fail(line, `resolved_at ${row.resolved_at}`);
    if (!BOOL.test(row.upheld) || !BOOL.test(row.revisit)) fail(line, 'upheld/revisit');
    onRoster(row.responsible);
  }
}

const total = kinds.training + kinds.incident + kinds.complaint;
console.log(`${total} rows: ${JSON.stringify(kinds)}, ${quoted} with escaped quotes, ${people.size} people, ${units.size} units`);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('ok');

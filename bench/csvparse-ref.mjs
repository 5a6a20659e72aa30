#!/usr/bin/env node
// The bench's reference: a bare csv-parse pass over a file, records as objects
// keyed by the header (`columns: true`), counted and dropped. This is the floor
// that an assess built "the obvious way" on csv-parse would start from; SPEC §9
// asks that assess be shown beside it, on the same file, in the same run.
//
//   node bench/csvparse-ref.mjs bench/data/1e6/events.csv   → prints the record count
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/csvparse-ref.mjs FILE.csv');
  process.exit(2);
}

let records = 0;
for await (const record of createReadStream(file).pipe(parse({ columns: true }))) {
  if (record) records++;
}
console.log(records);

#!/usr/bin/env node
// The bench's workbook reference: a bare streaming read of an .xlsx with the libraries assess
// reads workbooks with (yauzl for the zip, saxes for the XML), nothing else: the shared strings
// into an array, then every sheet's cells into row arrays (shared strings resolved), counted and
// dropped. The floor for assess on the same workbook, as csvparse-ref.mjs is for a CSV file.
//
//   node bench/xlsx-ref.mjs bench/data/narrow-1e5/events.xlsx   → prints the data-row count
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/xlsx-ref.mjs FILE.xlsx');
  process.exit(2);
}

const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
const entries = new Map();
for await (const e of zip.eachEntry()) entries.set(e.fileName, e);

/** Streams one entry's text through a fresh saxes parser set up by `on`. */
async function parseEntry(name, on) {
  const p = new SaxesParser({ position: false });
  on(p);
  const decoder = new TextDecoder();
  for await (const chunk of await zip.openReadStreamPromise(entries.get(name))) p.write(decoder.decode(chunk, { stream: true }));
  p.write(decoder.decode());
  p.close();
}

const shared = [];
if (entries.has('xl/sharedStrings.xml')) {
  await parseEntry('xl/sharedStrings.xml', (p) => {
    let text = '';
    p.on('opentag', (t) => { if (t.name === 'si') text = ''; });
    p.on('text', (t) => { text += t; });
    p.on('closetag', (t) => { if (t.name === 'si') shared.push(text); });
  });
}

let rows = 0;
for (const name of [...entries.keys()].filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n)).sort()) {
  await parseEntry(name, (p) => {
    let row = null;
    let type = '';
    let value = '';
    let inV = false;
    p.on('opentag', (t) => {
      if (t.name === 'row') row = [];
      else if (t.name === 'c') {
        type = t.attributes.t ?? 'n';
        value = '';
      } else if (t.name === 'v' || t.name === 't') inV = true;
    });
    p.on('text', (t) => { if (inV) value += t; });
    p.on('closetag', (t) => {
      if (t.name === 'v' || t.name === 't') inV = false;
      else if (t.name === 'c') row.push(type === 's' ? shared[Number(value)] : value);
      else if (t.name === 'row') {
        if (row.length > 0) rows++;
        row = null;
      }
    });
  });
}
zip.close();
console.log(rows - 1); // less the header row

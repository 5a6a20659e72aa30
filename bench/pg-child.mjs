// One clerk's write for bench/pg.mjs: builds a synthetic month of the bench
// month's size, prints "ready", waits for a line on stdin, saves it, and
// prints "saved <ms>". Usage: node pg-child.mjs <bundleDir> <ledger> <month> <people> <effects> [bureau]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [bundleDir, ledgerAt, month, people, effects, bureau] = process.argv.slice(2);
const { openLedger } = await import(pathToFileURL(join(bundleDir, 'ledger.mjs')).href);
const { sampleInput } = await import(pathToFileURL(join(bundleDir, 'sample.mjs')).href);
const input = sampleInput({ month, people: Number(people), effects: Number(effects) });
const ledger = await openLedger(ledgerAt, { bureau: bureau || null });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const t0 = performance.now();
await ledger.saveMonth(input);
const ms = performance.now() - t0;
await ledger.close();
process.stdout.write(`saved ${ms.toFixed(0)}\n`);
process.exit(0);

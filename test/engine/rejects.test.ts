import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { RejectStore } from '../../src/engine/rejects.js';
import { problem } from '../../src/problems.js';
import type { Reject } from '../../src/problems.js';

const reject = (file: string, line: number, detail = `bad ${line}`): Reject => ({
  source: { file, line },
  problems: [problem('CSV_MALFORMED', { file, line }, { detail })],
  row: [`E${line}`, '备注，含"引号",和逗号', 'a\nb'],
});

/** Temporary files of stores, by the folder prefix the store uses. */
const tempFolders = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('assess-rejects-'));

describe('RejectStore', () => {
  it('keeps the first rejects in memory and spills the rest, giving all back in order', () => {
    const store = new RejectStore(['a.csv'], 3);
    const all = Array.from({ length: 10_000 }, (_, i) => reject('a.csv', i + 2));
    for (const r of all) store.push(r);
    expect(store.spilled).toBe(true);
    expect(store.length).toBe(10_000);
    expect([...store]).toEqual(all);
    // Walked twice: read back again from the same file.
    expect([...store].length).toBe(10_000);
    store.close();
  });

  it('tells once when it starts to spill, and gives back rows longer than its write buffer', () => {
    let told = 0;
    const store = new RejectStore(['a.csv'], 2, () => (told += 1));
    const long = (line: number): Reject => ({ ...reject('a.csv', line), row: [`E${line}`, '长'.repeat(700_000 + line)] });
    const all = [reject('a.csv', 2), reject('a.csv', 3), long(4), reject('a.csv', 5), long(6), long(7), reject('a.csv', 8)];
    for (const r of all.slice(0, 2)) store.push(r);
    expect(told).toBe(0);
    for (const r of all.slice(2)) store.push(r);
    expect(told).toBe(1);
    expect([...store]).toEqual(all);
    store.close();
  });

  it('does not spill below its limit', () => {
    const store = new RejectStore(['a.csv'], 100);
    for (let i = 0; i < 100; i++) store.push(reject('a.csv', i));
    expect(store.spilled).toBe(false);
    store.close();
  });

  it('lists files in input order and sorts a file whose rejects came out of line order', () => {
    const store = new RejectStore(['events.csv', 'roster.csv'], 2);
    // The roster is read first; a second active row is found only at the end.
    store.push(reject('roster.csv', 7));
    for (let i = 2; i < 6; i++) store.push(reject('events.csv', i));
    store.push(reject('roster.csv', 3));
    store.push(reject('other.csv', 9));
    expect([...store].map((r) => `${r.source.file}:${r.source.line}`)).toEqual([
      'other.csv:9', 'events.csv:2', 'events.csv:3', 'events.csv:4', 'events.csv:5', 'roster.csv:3', 'roster.csv:7',
    ]);
    store.close();
  });

  it('counts the same reject object once', () => {
    const store = new RejectStore(['a.csv']);
    const r = reject('a.csv', 2);
    store.push(r);
    store.push(r);
    expect(store.length).toBe(1);
    store.close();
  });

  it('leaves no temporary file behind, open or closed', () => {
    const before = tempFolders();
    const store = new RejectStore(['a.csv'], 0);
    for (let i = 0; i < 100; i++) store.push(reject('a.csv', i));
    expect(store.spilled).toBe(true);
    // POSIX: the file is unlinked as soon as it is open.
    if (process.platform !== 'win32') expect(tempFolders()).toEqual(before);
    store.close();
    expect(tempFolders()).toEqual(before);
    expect(() => store.push(reject('a.csv', 200))).toThrow(/after close/);
  });

  it('copies the raw fields of the rejects it keeps', () => {
    const store = new RejectStore(['a.csv']);
    const r = reject('a.csv', 2);
    store.push(r);
    const [kept] = [...store];
    expect(kept?.row).toEqual(r.row);
    expect(kept?.row).not.toBe(r.row);
    store.close();
  });
});

/**
 * saveMonth on PostgreSQL sends each column as one array literal (pgarray.ts)
 * and the effects 64 batches to a statement: what it stores must read back
 * exactly, whatever the texts hold and however many statements it took.
 */
import { beforeAll, expect, it } from 'vitest';
import type { MonthResult } from '../../src/assess/types.js';
import { EffectLog, requireTrace } from '../../src/assess/effects.js';
import { openLedger } from '../../src/ledger/ledger.js';
import { EFFECTS_PER_BATCH, encodeTrace } from '../../src/ledger/trace.js';
import { fen, hundredths } from '../../src/types.js';
import { assess } from '../e2e/cli.js';
import { sampleInput } from '../ledger/sample.js';
import { describePg, freshDatabase, pgServer, withClient, type TestDb } from './helpers.js';

/** Texts that an array literal must quote or escape, or that its parser would otherwise change. */
const HOSTILE = ['', 'NULL', 'null', 'a,b', '{x}', ' padded ', 'say "hi"', 'C:\\dir\\', '\\"', "O'Brien", 'tab\there\nline', '𠮷野家', '营业厅'];

describePg('what saveMonth stores on PostgreSQL reads back exactly', () => {
  const p = pgServer()!;
  let db: TestDb;
  let clerk: string;

  beforeAll(async () => {
    db = await freshDatabase(p, 'pgwrite');
    clerk = await db.createRole('clerk');
    expect(assess(['ledger', 'migrate', '--ledger', db.ownerUrl]).code).toBe(0);
    expect(assess(['ledger', 'grant', clerk, '--bureau', '漠河县局', '--ledger', db.ownerUrl]).code).toBe(0);
  });

  it('texts every array literal must escape, and extreme integers, in every column', async () => {
    const input = sampleInput({ month: '2026-05', people: HOSTILE.length, effects: 0 });
    const big = Number.MAX_SAFE_INTEGER;
    const people = input.result.people.map((x, i) => ({
      ...x,
      employee: `${HOSTILE[i]}#${i}`,
      name: HOSTILE[(i + 3) % HOSTILE.length]!,
      unit: HOSTILE[i]!,
      role: HOSTILE[(i + 7) % HOSTILE.length]!,
      wage: fen(i === 0 ? big : x.wage),
      points: hundredths(i === 1 ? -big : x.points),
    }));
    const units = HOSTILE.map((u, i) => ({ unit: u, points: hundredths(0 - i), score: hundredths(big - i), people: 1, avgScore: hundredths(i) }));
    const person = (i: number) => people[i]!;
    const effects = EffectLog.from(
      HOSTILE.map((t, i) => ({
        rule: t,
        title: HOSTILE[(i + 1) % HOSTILE.length]!,
        target: 'person' as const,
        employee: person(i).employee,
        unit: person(i).unit,
        points: hundredths(0 - i),
        bonusForfeited: fen(i),
        veto: i % 2 === 0,
        source: { file: `${t}.csv`, line: i + 2 },
      })),
    );
    const result: MonthResult = { ...input.result, people, units: [...units].sort((a, b) => (a.unit < b.unit ? -1 : 1)), effects };
    const files = HOSTILE.map((t, i) => ({ ...input.files[0]!, file: t, kind: HOSTILE[(i + 5) % HOSTILE.length]!, rowsRead: big - i }));
    const ledger = await openLedger(db.url(clerk));
    try {
      await ledger.saveMonth({ ...input, result, files, rulesHash: 'say "hi"', assessVersion: '\\"' });
      const byUnit = [...people].sort((a, b) => (a.unit === b.unit ? (a.employee < b.employee ? -1 : 1) : a.unit < b.unit ? -1 : 1));
      expect(await ledger.personMonths(2026)).toEqual(byUnit.map((x) => ({ ...x, month: '2026-05' })));
      expect(await ledger.units('2026-05')).toEqual(result.units);
      expect(await ledger.effects('2026-05')).toEqual(requireTrace(effects, '2026-05').toArray());
      const run = await ledger.monthRun('2026-05');
      expect(run?.files).toEqual(files);
      expect([run?.rulesHash, run?.assessVersion]).toEqual(['say "hi"', '\\"']);
    } finally {
      await ledger.close();
    }
  });

  it('a month of more than 64 batches of effects: every batch, in order, numbered from 0', async () => {
    const effects = 64 * EFFECTS_PER_BATCH + 1; // the 65th batch needs a second statement
    const input = sampleInput({ month: '2026-06', people: 50, effects });
    const expected: string[] = [];
    encodeTrace(input.result, { rule: () => undefined, file: () => undefined, batch: (n, text) => (expected[n] = text) });
    expect(expected).toHaveLength(65);
    const ledger = await openLedger(db.url(clerk));
    try {
      await ledger.saveMonth(input);
      const back = await ledger.effects('2026-06');
      expect(back.length).toBe(effects);
      expect(back.at(-1)).toEqual(input.result.effects.at(effects - 1));
    } finally {
      await ledger.close();
    }
    const stored = await withClient(db.ownerUrl, (c) =>
      c.query<{ batch: number; effects: string }>("SELECT batch, effects FROM assess.effect_batches WHERE month = '2026-06' ORDER BY batch"),
    );
    expect(stored.rows.map((r) => r.batch)).toEqual(expected.map((_, i) => i));
    // Compared as text, not effect by effect: 2.6·10^5 objects would make this test slow.
    expect(stored.rows.map((r) => r.effects)).toEqual(expected);
  }, 120_000);
});

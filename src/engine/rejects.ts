/**
 * A month's rejected rows with bounded memory (SPEC §9: memory grows with
 * people, not rows). The first few thousand stay in memory; the rest go, one
 * JSON line each, to a temporary file and are read back, in order, whenever
 * the list is walked (stderr, rejects.csv, the JSON, the summary).
 *
 * Order: rejects.csv and the summary list rejects by input file (in the order
 * the files were given), then by line. Rows are read file after file and each
 * file from its first line to its last, so the rejects of one file arrive in
 * line order; each file's are kept as their own run and the runs are walked in
 * input order. A file whose rejects arrive out of line order (the roster:
 * a person's second active row is found only at the end) is sorted when walked,
 * in memory: that happens only to the roster, whose size follows people.
 *
 * The temporary file is unlinked as soon as it is opened where the system
 * allows it (POSIX), so that nothing is left behind even if the process is
 * killed; elsewhere it is removed by {@link RejectStore.close} or at exit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reject, RejectList } from '../problems.js';

/** Rejects kept in memory before the rest go to the temporary file. */
export const REJECTS_IN_MEMORY = 4096;

/** Bytes of JSON lines gathered before one write, and read back at a time. */
const IO_BYTES = 1 << 20;

/** A stretch of one file's rejects: in memory, or a byte range of the temporary file. */
type Part = { mem: Reject[] } | { from: number; to: number; count: number };

interface Run {
  parts: Part[];
  count: number;
  lastLine: number;
  inOrder: boolean;
}

export class RejectStore implements RejectList {
  private readonly runs = new Map<string, Run>();
  private readonly seen = new Set<Reject>();
  private inMemory = 0;
  private total = 0;
  private fd: number | null = null;
  /** The temporary file's path while it still has a name (not unlinked). */
  private tmpPath: string | null = null;
  private tmpDir: string | null = null;
  private written = 0;
  /**
   * Spilled lines not yet written, as bytes: each line's string dies as soon
   * as it is encoded here. Held as strings until a megabyte was gathered,
   * they outlived young-generation collections and were promoted, and the
   * old generation grew with garbage by ~0.5 KB a reject until a full
   * collection (docs/performance.md).
   */
  private pending: Buffer | null = null;
  private pendingBytes = 0;
  private closed = false;
  private readonly onExit = (): void => this.close();

  /**
   * @param fileOrder the input files' names in output order; rejects of files not
   *   listed (none in practice) come first, in the order first seen.
   * @param keep rejects kept in memory (tests lower it).
   * @param onSpill called once, when the first reject goes to the temporary file.
   */
  constructor(
    private readonly fileOrder: readonly string[] = [],
    private readonly keep = REJECTS_IN_MEMORY,
    private readonly onSpill: () => void = () => undefined,
  ) {}

  get length(): number {
    return this.total;
  }

  /** True once some rejects went to the temporary file (for tests). */
  get spilled(): boolean {
    return this.fd !== null;
  }

  /** Adds a reject; the same object twice counts once. */
  push(r: Reject): void {
    if (this.closed) throw new Error('internal: push() after close()');
    if (this.seen.has(r)) return;
    let run = this.runs.get(r.source.file);
    if (!run) {
      run = { parts: [], count: 0, lastLine: -Infinity, inOrder: true };
      this.runs.set(r.source.file, run);
    }
    if (r.source.line < run.lastLine) run.inOrder = false;
    run.lastLine = r.source.line;
    run.count += 1;
    this.total += 1;
    if (this.inMemory < this.keep) {
      // Only remembered while in memory: a spilled reject is never pushed again.
      this.seen.add(r);
      this.inMemory += 1;
      const last = run.parts[run.parts.length - 1];
      // A copy of the raw fields, so that they do not keep the text they were cut from alive.
      const kept = { ...r, row: copyStrings(r.row) };
      if (last && 'mem' in last) last.mem.push(kept);
      else run.parts.push({ mem: [kept] });
      return;
    }
    this.spill(run, r);
  }

  /** Every reject: files in input order, each file's by line. */
  *[Symbol.iterator](): Iterator<Reject> {
    this.flush();
    for (const run of this.orderedRuns()) {
      if (run.inOrder) yield* this.walk(run);
      else yield* [...this.walk(run)].sort((a, b) => a.source.line - b.source.line);
    }
  }

  /** Removes the temporary file (idempotent); the list can no longer be walked if it had one. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    process.removeListener('exit', this.onExit);
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already closed
      }
    }
    if (this.tmpDir !== null) fs.rmSync(this.tmpDir, { recursive: true, force: true });
    this.tmpPath = null;
    this.tmpDir = null;
  }

  /** Runs of files not in `fileOrder` first (in the order first seen), then the listed files in order. */
  private orderedRuns(): Run[] {
    const listed = new Set(this.fileOrder);
    const out: Run[] = [];
    for (const [f, run] of this.runs) if (!listed.has(f)) out.push(run);
    for (const f of this.fileOrder) {
      const run = this.runs.get(f);
      if (run) out.push(run);
    }
    return out;
  }

  private *walk(run: Run): Generator<Reject> {
    for (const part of run.parts) {
      if ('mem' in part) yield* part.mem;
      else yield* this.readBack(part.from, part.to);
    }
  }

  private spill(run: Run, r: Reject): void {
    if (this.fd === null) this.open();
    const line = `${JSON.stringify(r)}\n`;
    const bytes = Buffer.byteLength(line);
    const last = run.parts[run.parts.length - 1];
    const at = this.written + this.pendingBytes;
    if (last && !('mem' in last) && last.to === at) {
      last.to += bytes;
      last.count += 1;
    } else run.parts.push({ from: at, to: at + bytes, count: 1 });
    this.pending ??= Buffer.allocUnsafe(IO_BYTES);
    if (this.pendingBytes + bytes > this.pending.length) this.flush();
    if (bytes > this.pending.length) this.writeAt(Buffer.from(line, 'utf8'));
    else this.pendingBytes += this.pending.write(line, this.pendingBytes, 'utf8');
  }

  private open(): void {
    this.onSpill();
    this.tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-rejects-'));
    this.tmpPath = path.join(this.tmpDir, 'rejects.jsonl');
    this.fd = fs.openSync(this.tmpPath, 'w+', 0o600);
    process.on('exit', this.onExit);
    try {
      // POSIX: the open descriptor keeps the data; nothing is left if the process dies.
      fs.rmSync(this.tmpDir, { recursive: true });
      this.tmpPath = null;
      this.tmpDir = null;
    } catch {
      // Windows cannot remove an open file: close() or exit removes it.
    }
  }

  private flush(): void {
    if (this.pending === null || this.pendingBytes === 0) return;
    const bytes = this.pendingBytes;
    this.pendingBytes = 0;
    this.writeAt(this.pending.subarray(0, bytes));
  }

  /** Appends `buf` to the temporary file (after what is pending: flush first). */
  private writeAt(buf: Buffer): void {
    if (this.fd === null) throw new Error('internal: rejects written before the file was open');
    for (let done = 0; done < buf.length; ) done += fs.writeSync(this.fd, buf, done, buf.length - done, this.written + done);
    this.written += buf.length;
  }

  /** The rejects stored in bytes [from, to) of the temporary file, a megabyte at a time. */
  private *readBack(from: number, to: number): Generator<Reject> {
    if (this.fd === null) throw new Error('internal: rejects were removed before they were read');
    const buf = Buffer.allocUnsafe(IO_BYTES);
    let carry: Buffer | null = null;
    for (let pos = from; pos < to; ) {
      const n = fs.readSync(this.fd, buf, 0, Math.min(IO_BYTES, to - pos), pos);
      if (n <= 0) throw new Error('internal: the rejects file is shorter than written');
      pos += n;
      let chunk = buf.subarray(0, n);
      if (carry) {
        chunk = Buffer.concat([carry, chunk]);
        carry = null;
      }
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        yield JSON.parse(chunk.toString('utf8', start, nl)) as Reject;
        start = nl + 1;
      }
      if (start < chunk.length) carry = Buffer.from(chunk.subarray(start));
    }
    if (carry) throw new Error('internal: the rejects file ends inside a line');
  }
}

/** Fresh copies of strings (a slice keeps the whole text it was cut from alive in V8). */
function copyStrings(xs: readonly string[]): string[] {
  return JSON.parse(JSON.stringify(xs)) as string[];
}

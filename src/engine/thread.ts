/**
 * A worker thread as both of the engine's workers use it (a split file's,
 * src/engine/parallel.ts, and a large sheet's, src/engine/sheets.ts): its
 * messages read in order, one at a time, and a bound on the work it has
 * posted ahead, which the worker waits on and this thread releases as it
 * catches up.
 */
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';

/** The worker stopped without saying it was done: it crashed, ran out of memory or exited. */
export interface ThreadFailed {
  type: 'failed';
  message: string;
}

/**
 * Messages in the order they arrive, and a way to wait for the next: a
 * worker's (startWorkerThread), or a port's (the main thread's pieces of a
 * split sheet, src/engine/sheets.ts).
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | null = null;
  private closed = false;

  push(m: T): void {
    this.items.push(m);
    this.wakeUp();
  }

  /** Nothing more will come: once the inbox is empty, `peek` gives null. */
  close(): void {
    this.closed = true;
    this.wakeUp();
  }

  /** The first message, left in the inbox, as soon as there is one; null when the inbox is empty and closed. */
  async peek(): Promise<T | null> {
    while (this.items.length === 0) {
      if (this.closed) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.items[0] as T;
  }

  /** Takes the first message out. */
  shift(): T | undefined {
    return this.items.shift();
  }

  private wakeUp(): void {
    this.wake?.();
    this.wake = null;
  }
}

/** A started worker. */
export interface WorkerThread<M> {
  /** The next message; after the last one (`isLast`) or a failure, nothing more comes. */
  next(): Promise<M | ThreadFailed>;
  /** Units of posted work (bytes, characters) that this thread has used: the worker may post that much more. */
  release(units: number): void;
  /** Sends the worker a message (what it needs that was not known when it started). */
  send(message: unknown): void;
  /** Resolves with the worker's last message or its failure, as it arrives (before it is read). */
  readonly ended: Promise<M | ThreadFailed>;
  /** Whether the worker keeps the process alive (it does from its start): a worker started on speculation does not. */
  ref(): void;
  unref(): void;
  stop(): Promise<void>;
}

/**
 * Starts the bundled worker at `url` with `workerData` and its heap limits.
 * `inFlight` (one Int32 on a SharedArrayBuffer, also in `workerData`) counts
 * the units posted and not yet released. `isLast` tells the message after
 * which the worker has nothing more to say; `onLast` hears it as it arrives,
 * before it is read. `transferList` moves objects in `workerData` (a
 * MessagePort) to the worker.
 */
export function startWorkerThread<M extends { type: string }>(
  url: URL,
  workerData: unknown,
  inFlight: Int32Array,
  resourceLimits: ResourceLimits,
  isLast: (m: M) => boolean,
  onLast?: (m: M) => void,
  transferList: TransferListItem[] = [],
): WorkerThread<M> {
  const worker = new Worker(url, { workerData, resourceLimits, transferList });
  const inbox = new Inbox<M | ThreadFailed>();
  let ended = false;
  let end: (m: M | ThreadFailed) => void = () => undefined;
  const endedWith = new Promise<M | ThreadFailed>((resolve) => (end = resolve));
  const push = (m: M | ThreadFailed): void => {
    if (ended) return; // an exit after the last message, or a second report of one failure
    if (m.type === 'failed' || isLast(m as M)) {
      ended = true;
      if (m.type !== 'failed') onLast?.(m as M);
      end(m);
    }
    inbox.push(m);
  };
  worker.on('message', (m: M) => push(m));
  worker.on('error', (err) => push({ type: 'failed', message: String(err) }));
  worker.on('exit', (code) => push({ type: 'failed', message: `the worker exited (${code})` }));
  return {
    ended: endedWith,
    async next() {
      await inbox.peek(); // never closed: a failure is a message
      return inbox.shift() as M | ThreadFailed;
    },
    release(units) {
      releaseInFlight(inFlight, units);
    },
    send(message) {
      worker.postMessage(message);
    },
    ref() {
      worker.ref();
    },
    unref() {
      worker.unref();
    },
    async stop() {
      ended = true;
      await worker.terminate();
    },
  };
}

/** True when worker threads are turned off: ASSESS_WORKERS=0, or ASSESS_PLAIN=1 (every fast path off). */
export function workersOff(env: Record<string, string | undefined>): boolean {
  return env.ASSESS_WORKERS === '0' || env.ASSESS_PLAIN === '1';
}

/**
 * The worker's side of the bound (call it in the worker thread): waits until
 * the units posted and not yet released leave room for `units` more (one
 * batch may always be in flight), then counts them. The main thread releases
 * each batch once it has used it (`release`), so memory stays bounded however
 * large the input is (SPEC §9).
 */
export function reserveInFlight(inFlight: Int32Array, budget: number, units: number): void {
  for (;;) {
    const now = Atomics.load(inFlight, 0);
    if (now <= 0 || now + units <= budget) break;
    // A timeout, so that terminate() is never stuck behind a wait.
    Atomics.wait(inFlight, 0, now, 100);
  }
  Atomics.add(inFlight, 0, units);
}

/** The reading side of the bound: `units` posted earlier are used, and a writer waiting in reserveInFlight may go on. */
export function releaseInFlight(inFlight: Int32Array, units: number): void {
  Atomics.sub(inFlight, 0, units);
  Atomics.notify(inFlight, 0);
}

/**
 * The outbox: every capture or mutation is written here (IndexedDB) before it
 * is sent, and removed only after the companion acknowledged it — with `ok`,
 * or with a definitive error that a retry cannot fix (logged, then dropped).
 * Replay is strictly in order, one entry at a time: the next entry is sent
 * only after the previous one was acknowledged. Each entry keeps its `opId`,
 * so an entry sent, committed, but not acknowledged before a disconnect is
 * sent again with the same opId and the companion applies it at most once.
 */
import type { ErrorCode } from '../../shared/protocol';
import type { InlayDb, OutboxEntry, OutboxOp } from '../storage/db';

export type { OutboxEntry, OutboxOp } from '../storage/db';

export interface OutboxOptions {
  makeOpId: () => string;
  now: () => number;
}

export class Outbox {
  private listeners = new Set<(count: number) => void>();

  constructor(
    private readonly db: InlayDb,
    private readonly options: OutboxOptions,
  ) {}

  /** Writes an op durably and returns the stored entry (with its id and opId). */
  async add(op: OutboxOp): Promise<OutboxEntry & { id: number }> {
    const entry: OutboxEntry = { ...op, opId: this.options.makeOpId(), createdAt: this.options.now(), attempts: 0 };
    const id = await this.db.add('outbox', entry);
    void this.notify();
    return { ...entry, id };
  }

  /** The oldest entry, or undefined when empty. */
  async peek(): Promise<(OutboxEntry & { id: number }) | undefined> {
    const cursor = await this.db.transaction('outbox').store.openCursor();
    return cursor ? { ...cursor.value, id: cursor.key } : undefined;
  }

  async all(): Promise<Array<OutboxEntry & { id: number }>> {
    const tx = this.db.transaction('outbox');
    const out: Array<OutboxEntry & { id: number }> = [];
    for (let c = await tx.store.openCursor(); c; c = await c.continue()) out.push({ ...c.value, id: c.key });
    return out;
  }

  async remove(id: number): Promise<void> {
    await this.db.delete('outbox', id);
    void this.notify();
  }

  async bumpAttempts(id: number): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const entry = await tx.store.get(id);
    if (entry) await tx.store.put({ ...entry, attempts: entry.attempts + 1, id });
    await tx.done;
  }

  async count(): Promise<number> {
    return this.db.count('outbox');
  }

  /** Called with the new size after every add or remove. */
  onChange(listener: (count: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async notify(): Promise<void> {
    if (this.listeners.size === 0) return;
    const n = await this.count();
    for (const l of this.listeners) l(n);
  }
}

/**
 * What happened to one send:
 *  - `ack`: the companion committed it (or had already: duplicate) — remove.
 *  - `drop`: a definitive refusal that a retry cannot fix — log and remove.
 *  - `retry`: not delivered or a transient failure — keep, stop the replay, try again after reconnect.
 */
export type SendOutcome =
  { kind: 'ack'; result: unknown } | { kind: 'drop'; reason: string } | { kind: 'retry'; reason: string };

/** Errors that mean "this op will never be accepted" (as opposed to "not now"). */
const DEFINITIVE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['BAD_FRAME', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN']);

/** A transient INTERNAL error is retried this many times before the entry is given up (a poison entry must not block the queue forever). */
export const MAX_INTERNAL_ATTEMPTS = 10;

export function classifyError(code: ErrorCode, attempts: number): 'drop' | 'retry' {
  if (DEFINITIVE.has(code)) return 'drop';
  if (code === 'INTERNAL' && attempts + 1 >= MAX_INTERNAL_ATTEMPTS) return 'drop';
  return 'retry';
}

export interface ReplayHooks {
  send: (entry: OutboxEntry & { id: number }) => Promise<SendOutcome>;
  onAck?: (entry: OutboxEntry & { id: number }, result: unknown) => void | Promise<void>;
  onDrop?: (entry: OutboxEntry & { id: number }, reason: string) => void | Promise<void>;
  log?: (message: string) => void;
}

/**
 * Drains the outbox in order. Only one drain runs at a time; calling `drain()`
 * while one runs makes it go round once more, so entries added meanwhile are
 * picked up without a second concurrent sender (which could reorder).
 */
export class OutboxReplayer {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly hooks: ReplayHooks,
  ) {}

  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        const entry = await this.outbox.peek();
        if (!entry) break;
        const outcome = await this.hooks.send(entry);
        if (outcome.kind === 'retry') {
          await this.outbox.bumpAttempts(entry.id);
          this.hooks.log?.(`outbox: ${entry.type} ${entry.opId} not delivered (${outcome.reason}); will retry`);
          return;
        }
        await this.outbox.remove(entry.id);
        if (outcome.kind === 'ack') await this.hooks.onAck?.(entry, outcome.result);
        else {
          this.hooks.log?.(`outbox: dropped ${entry.type} ${entry.opId}: ${outcome.reason}`);
          await this.hooks.onDrop?.(entry, outcome.reason);
        }
      }
    } while (this.again);
  }
}

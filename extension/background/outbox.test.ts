import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openInlayDb } from '../storage/db';
import { Outbox, OutboxReplayer, classifyError, type OutboxEntry, type SendOutcome } from './outbox';

let dbCounter = 0;
async function makeOutbox() {
  const db = await openInlayDb(`outbox-test-${dbCounter++}`);
  let n = 0;
  return new Outbox(db, { makeOpId: () => `op-${String(++n).padStart(4, '0')}`, now: () => 1000 + n });
}

const capture = (nativeId: string) =>
  ({
    type: 'item.capture',
    payload: {
      item: {
        platform: 'x',
        nativeId,
        kind: 'reply',
        profile: 'acme',
        author: { handle: 'bob', name: 'Bob', url: null },
        text: 'hi',
        permalink: `https://x.com/bob/status/${nativeId}`,
        siteTimestamp: null,
        parentId: null,
        threadId: null,
      },
    },
  }) as const;

describe('outbox', () => {
  it('stores entries durably, in insertion order, with opId, createdAt and attempts', async () => {
    const outbox = await makeOutbox();
    await outbox.add(capture('1'));
    await outbox.add({ type: 'item.update', payload: { key: 'x:1', status: 'done' } });
    await outbox.add(capture('2'));
    const all = await outbox.all();
    expect(all.map((e) => e.opId)).toEqual(['op-0001', 'op-0002', 'op-0003']);
    expect(all.map((e) => e.type)).toEqual(['item.capture', 'item.update', 'item.capture']);
    expect(all[0]).toMatchObject({ attempts: 0, createdAt: expect.any(Number) });
    expect(await outbox.count()).toBe(3);
    expect((await outbox.peek())?.opId).toBe('op-0001');
  });

  it('replays strictly in order and removes an entry only after its ack', async () => {
    const outbox = await makeOutbox();
    for (const id of ['a', 'b', 'c']) await outbox.add(capture(id));
    const sent: string[] = [];
    const replayer = new OutboxReplayer(outbox, {
      send: async (e) => {
        sent.push(e.opId);
        // while this entry is in flight it is still in the outbox
        expect((await outbox.all()).map((x) => x.opId)).toContain(e.opId);
        return { kind: 'ack', result: null };
      },
    });
    await replayer.drain();
    expect(sent).toEqual(['op-0001', 'op-0002', 'op-0003']);
    expect(await outbox.count()).toBe(0);
  });

  it('stops at a retryable failure, keeps the entry (same opId) and resumes from it later', async () => {
    const outbox = await makeOutbox();
    for (const id of ['a', 'b', 'c']) await outbox.add(capture(id));
    const sent: string[] = [];
    let mode: 'offline' | 'drops-at-b' | 'online' = 'offline';
    const replayer = new OutboxReplayer(outbox, {
      send: async (e): Promise<SendOutcome> => {
        sent.push(e.opId);
        if (mode === 'offline' || (mode === 'drops-at-b' && e.opId === 'op-0002')) {
          return { kind: 'retry', reason: 'DISCONNECTED' };
        }
        return { kind: 'ack', result: null };
      },
    });
    await replayer.drain();
    expect(sent).toEqual(['op-0001']);
    expect(await outbox.count()).toBe(3);
    expect((await outbox.peek())?.attempts).toBe(1);

    mode = 'drops-at-b';
    await replayer.drain();
    expect(sent).toEqual(['op-0001', 'op-0001', 'op-0002']);
    expect((await outbox.all()).map((e) => e.opId)).toEqual(['op-0002', 'op-0003']);

    mode = 'online';
    await replayer.drain();
    expect(sent.slice(3)).toEqual(['op-0002', 'op-0003']);
    expect(await outbox.count()).toBe(0);
  });

  it('drops (and reports) definitive refusals, then carries on', async () => {
    const outbox = await makeOutbox();
    for (const id of ['a', 'b']) await outbox.add(capture(id));
    const dropped: OutboxEntry[] = [];
    const logs: string[] = [];
    const replayer = new OutboxReplayer(outbox, {
      send: async (e) =>
        e.opId === 'op-0001' ? { kind: 'drop', reason: 'BAD_FRAME: text too long' } : { kind: 'ack', result: null },
      onDrop: (e) => void dropped.push(e),
      log: (m) => logs.push(m),
    });
    await replayer.drain();
    expect(dropped.map((e) => e.opId)).toEqual(['op-0001']);
    expect(logs.join('\n')).toContain('dropped item.capture op-0001: BAD_FRAME');
    expect(await outbox.count()).toBe(0);
  });

  it('never runs two drains at once; a drain requested meanwhile picks up new entries', async () => {
    const outbox = await makeOutbox();
    await outbox.add(capture('a'));
    let inFlight = 0;
    let maxInFlight = 0;
    const sent: string[] = [];
    const replayer = new OutboxReplayer(outbox, {
      send: async (e) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        sent.push(e.opId);
        inFlight--;
        return { kind: 'ack', result: null };
      },
    });
    const first = replayer.drain();
    await outbox.add(capture('b'));
    const second = replayer.drain();
    await Promise.all([first, second]);
    expect(maxInFlight).toBe(1);
    expect(sent).toEqual(['op-0001', 'op-0002']);
  });

  it('notifies size changes', async () => {
    const outbox = await makeOutbox();
    const sizes: number[] = [];
    outbox.onChange((n) => sizes.push(n));
    const e = await outbox.add(capture('a'));
    await new Promise((r) => setTimeout(r, 5));
    await outbox.remove(e.id);
    await new Promise((r) => setTimeout(r, 5));
    expect(sizes).toEqual([1, 0]);
  });

  it('classifies companion errors', () => {
    expect(classifyError('BAD_FRAME', 0)).toBe('drop');
    expect(classifyError('NOT_FOUND', 0)).toBe('drop');
    expect(classifyError('FORBIDDEN', 0)).toBe('drop');
    expect(classifyError('RATE_LIMITED', 50)).toBe('retry');
    expect(classifyError('UNAUTHENTICATED', 0)).toBe('retry');
    expect(classifyError('INTERNAL', 0)).toBe('retry');
    expect(classifyError('INTERNAL', 9)).toBe('drop');
  });
});

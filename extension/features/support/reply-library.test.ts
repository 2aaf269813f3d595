import { describe, expect, it } from 'vitest';
import { DEFAULT_REPLY_SETTINGS } from '../../../shared/replies/saved-reply';
import type { ReplyLibrary } from '../../messaging/messages';
import type { Outcome } from './background';
import { createReplyLibrary } from './reply-library';

const lib = (n: number): ReplyLibrary => ({
  replies: [],
  usage: { [`r${n}`]: n },
  recent: [],
  settings: DEFAULT_REPLY_SETTINGS,
  fetchedAt: '2026-01-01T00:00:00.000Z',
});

/** A loader whose answers the test releases one by one. */
function loader() {
  const pending: ((o: Outcome<ReplyLibrary>) => void)[] = [];
  let calls = 0;
  return {
    load: () => {
      calls += 1;
      return new Promise<Outcome<ReplyLibrary>>((resolve) => pending.push(resolve));
    },
    answer: async (o: Outcome<ReplyLibrary>) => {
      pending.shift()!(o);
      await new Promise((r) => setTimeout(r, 0));
    },
    get calls() {
      return calls;
    },
  };
}

describe('reply-library', () => {
  it('loads once at start, and again when the state’s repliesVersion moves', async () => {
    const l = loader();
    const store = createReplyLibrary(l.load);
    let changes = 0;
    store.subscribe(() => (changes += 1));
    expect(store.get()).toBeNull();
    expect(store.status()).toBe('loading');
    void store.reload();
    store.follow(4); // the first state: the start-up load reads that already
    expect(l.calls).toBe(1);
    await l.answer({ ok: true, value: lib(1) });
    expect(store.status()).toBe('ready');
    expect(store.get()?.usage).toEqual({ r1: 1 });
    store.follow(4);
    expect(l.calls).toBe(1);
    store.follow(5);
    expect(l.calls).toBe(2);
    await l.answer({ ok: true, value: lib(2) });
    expect(store.get()?.usage).toEqual({ r2: 2 });
    expect(changes).toBe(2);
  });

  it('one request at a time: a change during a load loads once more after it', async () => {
    const l = loader();
    const store = createReplyLibrary(l.load);
    void store.reload();
    store.follow(1);
    store.follow(2);
    store.follow(3);
    expect(l.calls).toBe(1);
    await l.answer({ ok: true, value: lib(1) });
    expect(l.calls).toBe(2);
    await l.answer({ ok: true, value: lib(3) });
    expect(l.calls).toBe(2);
    expect(store.get()?.usage).toEqual({ r3: 3 });
  });

  it('keeps what it had when the background does not answer; ensure() tries again', async () => {
    const l = loader();
    const store = createReplyLibrary(l.load);
    void store.reload();
    await l.answer({ ok: false, reason: 'no-answer', detail: 'x' });
    expect(store.status()).toBe('unavailable');
    store.ensure();
    expect(l.calls).toBe(2);
    await l.answer({ ok: true, value: lib(1) });
    store.follow(8);
    store.follow(9);
    await l.answer({ ok: false, reason: 'no-answer', detail: 'x' });
    expect(store.status()).toBe('ready');
    expect(store.get()?.usage).toEqual({ r1: 1 });
    store.ensure(); // ready: nothing to do
    expect(l.calls).toBe(3);
  });

  it('a loader that throws (no client method, a dead context) is a failed load, not an exception', async () => {
    const store = createReplyLibrary(() => {
      throw new Error('client.replies is not a function');
    });
    await store.reload();
    expect(store.status()).toBe('unavailable');
  });

  it('counts a use made here at once', async () => {
    const l = loader();
    const store = createReplyLibrary(l.load);
    void store.reload();
    await l.answer({ ok: true, value: lib(1) });
    const use = {
      replyIds: ['r1', 'r7'],
      itemKey: 'x:1',
      platform: 'x' as const,
      memberId: 'm',
      at: '2026-01-01T00:01:00.000Z',
    };
    store.noteUse(use);
    expect(store.get()?.usage).toEqual({ r1: 2, r7: 1 });
    expect(store.get()?.recent).toEqual([use]);
  });
});

/** A paired client at work: capture, idempotent replay, live pushes, catch-up, updates, shutdown. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../shared/protocol/index.js';
import { startCompanion } from '../../companion/app.js';
import { quietLogger } from '../../companion/log.js';
import { authed, connect, opId, pairNew, sampleItem, type Credentials, type TestClient } from './client.js';
import { startTestCompanion, tempDir, type TestCompanion } from './companion.js';

let c: TestCompanion;
const open: TestClient[] = [];
const track = <T extends TestClient>(client: T): T => (open.push(client), client);

async function newMember(name: string): Promise<{ client: TestClient; creds: Credentials }> {
  const { code } = await c.createPairingCode();
  const r = await pairNew(c.port, code, name);
  track(r.client);
  return r;
}

beforeEach(async () => {
  c = await startTestCompanion();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
  await c.cleanup();
});

describe('pairing', () => {
  it('makes the first member admin and later ones agents, each with its own 256-bit key', async () => {
    const a = await newMember('Ana');
    const b = await newMember('Bo');
    expect(a.creds.member).toMatchObject({ name: 'Ana', role: 'admin' });
    expect(b.creds.member).toMatchObject({ name: 'Bo', role: 'agent' });
    expect(Buffer.from(a.creds.key, 'base64url')).toHaveLength(32);
    expect(a.creds.key).not.toBe(b.creds.key);
    expect((await a.client.call('me', {})).member.id).toBe(a.creds.member.id);
    const { members } = await a.client.call('members.list', {});
    expect(members.map((m) => m.name).sort()).toEqual(['Ana', 'Bo']);
  });

  it('accepts the code as typed (lower case, no dash, O for 0)', async () => {
    const { code } = await c.createPairingCode();
    const typed = code.toLowerCase().replace('-', '').replace(/0/g, 'o');
    const client = track(await connect(c.port));
    const creds = await client.pair(typed, 'Ana');
    expect(creds.member.name).toBe('Ana');
  });

  it('lets the paired key authenticate on a new connection, verifying the server proof', async () => {
    const a = await newMember('Ana');
    await a.client.close();
    const again = track(await authed(c.port, a.creds));
    expect((await again.call('me', {})).member.name).toBe('Ana');
  });
});

describe('capture', () => {
  it('acknowledges after commit with a seq, and a replayed opId is a duplicate with one event', async () => {
    const { client } = await newMember('Ana');
    const head0 = await c.store.headSeq();
    const op = opId();
    const first = await client.call('item.capture', { opId: op, item: sampleItem(1) });
    expect(first.duplicate).toBe(false);
    expect(first.seq).toBe(head0 + 1);
    expect(first.item).toMatchObject({
      key: `x:${sampleItem(1).nativeId}`,
      status: 'open',
      capturedBy: expect.any(String),
    });
    // Committed: visible to a separate read of the store right away.
    expect(await c.store.headSeq()).toBe(first.seq);
    expect(await c.store.getItem(first.item.key)).toMatchObject({ text: 'Reply number 1' });

    const replay = await client.call('item.capture', { opId: op, item: sampleItem(1) });
    expect(replay).toMatchObject({ duplicate: true, seq: first.seq });
    expect(await c.store.headSeq()).toBe(first.seq);
    expect(await c.store.countItems()).toBe(1);
    const events = await c.store.eventsSince(head0, 100);
    expect(events.filter((e) => e.event.opId === op)).toHaveLength(1);
  });

  it('pushes a capture to another member within a second', async () => {
    const a = await newMember('Ana');
    const b = await newMember('Bo');
    const { headSeq } = await b.client.call('items.list', {});
    await b.client.call('subscribe', { sinceSeq: headSeq });
    const started = Date.now();
    const ack = await a.client.call('item.capture', { opId: opId(), item: sampleItem(7) });
    const push = await b.client.nextPush(1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(push.seq).toBe(ack.seq);
    expect(push.payload.event).toMatchObject({ seq: ack.seq, itemKey: ack.item.key, data: { type: 'item.captured' } });
    expect(push.payload.item).toEqual(ack.item);
  });

  it('does not push to a connection that has not subscribed', async () => {
    const a = await newMember('Ana');
    const b = await newMember('Bo');
    await a.client.call('item.capture', { opId: opId(), item: sampleItem(2) });
    await b.client.call('heartbeat', {}); // a round trip after the capture
    expect(b.client.pendingPushes()).toHaveLength(0);
  });

  it('catches a reconnecting client up from its last seq, then continues live', async () => {
    const a = await newMember('Ana');
    const b = await newMember('Bo');
    await b.client.call('subscribe', { sinceSeq: await c.store.headSeq() });
    await a.client.call('item.capture', { opId: opId(), item: sampleItem(1) });
    const seen = await b.client.nextPush();
    await b.client.close();

    const missed1 = await a.client.call('item.capture', { opId: opId(), item: sampleItem(2) });
    const missed2 = await a.client.call('item.update', { opId: opId(), key: missed1.item.key, status: 'done' });

    const back = track(await authed(c.port, b.creds));
    const sub = await back.call('subscribe', { sinceSeq: seen.seq });
    expect(sub.truncated).toBe(false);
    expect(sub.events.map((e) => e.event.seq)).toEqual([missed1.seq, missed2.seq]);
    expect(sub.headSeq).toBe(missed2.seq);
    expect(sub.events[1]!.item).toMatchObject({ status: 'done' });

    const live = await a.client.call('item.capture', { opId: opId(), item: sampleItem(3) });
    expect((await back.nextPush()).seq).toBe(live.seq);
    expect(back.pendingPushes()).toHaveLength(0); // nothing pushed twice
  });

  it('neither loses nor doubles events committed while a subscribe is catching up', async () => {
    const a = await newMember('Ana');
    const b = await newMember('Bo');
    const sinceSeq = await c.store.headSeq();
    const captures = Array.from({ length: 30 }, (_, i) =>
      a.client.call('item.capture', { opId: opId(), item: sampleItem(`race${i}`) }),
    );
    await new Promise((r) => setImmediate(r));
    const sub = await b.client.call('subscribe', { sinceSeq });
    const acks = await Promise.all(captures);
    const expected = acks.map((x) => x.seq).sort((x, y) => x - y);
    const caughtUp = sub.events.map((e) => e.event.seq);
    const pushed: number[] = [];
    while (caughtUp.length + pushed.length < expected.length) pushed.push((await b.client.nextPush()).seq);
    await b.client.call('heartbeat', {});
    pushed.push(...b.client.pendingPushes().map((p) => p.seq));
    expect([...caughtUp, ...pushed]).toEqual(expected);
  });

  it('says when a catch-up is truncated', async () => {
    const a = await newMember('Ana');
    const sinceSeq = await c.store.headSeq();
    const items = Array.from({ length: 1005 }, (_, i) => sampleItem(`t${i}`));
    for (const item of items) await c.store.captureItem(opId(), a.creds.member.id, item);
    const sub = await a.client.call('subscribe', { sinceSeq });
    expect(sub.truncated).toBe(true);
    expect(sub.events).toHaveLength(1000);
    expect(sub.headSeq).toBe(sinceSeq + 1005);
  });

  it('updates status, priority and assignee, and refuses unknown items and assignees', async () => {
    const a = await newMember('Ana');
    const b = await newMember('Bo');
    const { item } = await a.client.call('item.capture', { opId: opId(), item: sampleItem(4) });
    const up = await a.client.call('item.update', {
      opId: opId(),
      key: item.key,
      status: 'pending',
      priority: 'high',
      assigneeId: b.creds.member.id,
    });
    expect(up.item).toMatchObject({ status: 'pending', priority: 'high', assigneeId: b.creds.member.id });
    const missing = await a.client.expectError('item.update', { opId: opId(), key: 'x:nope', status: 'done' });
    expect(missing.error.code).toBe('NOT_FOUND');
    const nobody = await a.client.expectError('item.update', { opId: opId(), key: item.key, assigneeId: 'mem_nobody' });
    expect(nobody.error.code).toBe('NOT_FOUND');
    const { items } = await b.client.call('items.list', { status: 'pending' });
    expect(items.map((i) => i.key)).toEqual([item.key]);
  });

  it('saves, lists and removes profiles', async () => {
    const { client } = await newMember('Ana');
    const saved = await client.call('profile.save', {
      opId: opId(),
      platform: 'x',
      handle: 'inlaydemo',
      displayName: 'Demo',
    });
    expect(saved.profile).toMatchObject({ platform: 'x', handle: 'inlaydemo' });
    expect((await client.call('profiles.list', {})).profiles).toHaveLength(1);
    await client.call('profile.remove', { opId: opId(), id: saved.profile.id });
    expect((await client.call('profiles.list', {})).profiles).toHaveLength(0);
  });
});

describe('failures inside the companion', () => {
  it('turns an exception into INTERNAL with a generic message and keeps the connection', async () => {
    const { client } = await newMember('Ana');
    const original = c.store.listMembers;
    c.store.listMembers = async () => {
      throw new Error('secret internals at /work/main/companion/store/x.ts:1');
    };
    try {
      const err = await client.expectError('members.list', {});
      expect(err.error.code).toBe('INTERNAL');
      expect(err.error.message).not.toMatch(/secret|\.ts|at /);
      expect(client.isOpen).toBe(true);
    } finally {
      c.store.listMembers = original;
    }
    expect((await client.call('members.list', {})).members).toHaveLength(1);
  });
});

describe('lifecycle', () => {
  it('closes sockets with 1001 on shutdown', async () => {
    const { client } = await newMember('Ana');
    await c.close();
    expect((await client.closed).code).toBe(CLOSE_CODES.GOING_AWAY);
  });

  it('refuses a second companion on the same data dir, in plain words', async () => {
    await expect(startCompanion({ port: 0, dataDir: c.dataDir, logger: quietLogger })).rejects.toThrow(
      /Another Inlay companion .* is already using/,
    );
    // The first one is unharmed.
    expect((await (await newMember('Ana')).client.call('heartbeat', {})).now).toBeTruthy();
  });

  it('refuses a busy port, in plain words', async () => {
    const dir = tempDir();
    await expect(startCompanion({ port: c.port, dataDir: dir, logger: quietLogger })).rejects.toThrow(
      `Port ${c.port} is in use — is another Inlay companion running? Stop it or use --port`,
    );
    // It released its data dir: a retry on a free port works.
    const ok = await startCompanion({ port: 0, dataDir: dir, logger: quietLogger });
    await ok.close();
  });

  it('survives a restart with its data, keys and seq', async () => {
    const a = await newMember('Ana');
    const ack = await a.client.call('item.capture', { opId: opId(), item: sampleItem(9) });
    await a.client.close();
    await c.close();
    const again = await startCompanion({ port: 0, dataDir: c.dataDir, logger: quietLogger });
    try {
      const client = track(await authed(again.port, a.creds));
      const { items, headSeq } = await client.call('items.list', {});
      expect(items.map((i) => i.key)).toEqual([ack.item.key]);
      expect(headSeq).toBe(ack.seq);
    } finally {
      await Promise.all(open.splice(0).map((x) => x.close()));
      await again.close();
    }
  });
});

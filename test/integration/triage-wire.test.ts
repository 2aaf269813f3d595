/** Tags, own replies, health reports and selector overrides over a real socket. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pairNew, opId, sampleItem, type TestClient } from './client.js';
import { startTestCompanion, type TestCompanion } from './companion.js';

let c: TestCompanion;
const open: TestClient[] = [];

async function member(name: string): Promise<TestClient> {
  const { code } = await c.createPairingCode();
  const { client } = await pairNew(c.port, code, name);
  open.push(client);
  await client.call('subscribe', { sinceSeq: await c.store.headSeq() });
  return client;
}

/** The next push of event type `type`, skipping others (member.joined, the capture…). */
async function pushOf(client: TestClient, type: string) {
  for (;;) {
    const push = await client.nextPush();
    if (push.payload.event.data.type === type) return push;
  }
}

beforeEach(async () => {
  c = await startTestCompanion();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
  await c.cleanup();
});

describe('tags on the wire', () => {
  it('normalises names, pushes one event per tag to teammates, and refuses an empty update', async () => {
    const ana = await member('Ana');
    const bo = await member('Bo');
    const { item } = await ana.call('item.capture', { opId: opId(), item: sampleItem(1) });
    await pushOf(bo, 'item.captured');
    const r = await ana.call('item.update', { opId: opId(), key: item.key, addTags: ['  CS  -   damaged '] });
    expect(r.item.tags).toEqual(['CS - damaged']);
    const push = await pushOf(bo, 'item.tagged');
    expect(push.payload.event.data).toEqual({ type: 'item.tagged', tag: 'CS - damaged', by: expect.any(String) });
    const empty = await ana.expectError('item.update', { opId: opId(), key: item.key, addTags: [] });
    expect(empty.error.code).toBe('BAD_FRAME');
    const blank = await ana.expectError('item.update', { opId: opId(), key: item.key, addTags: ['   '] });
    expect(blank.error.code).toBe('BAD_FRAME');
  });
});

describe('item.reply', () => {
  it('records a reply once across teammates and sets repliedAt', async () => {
    const ana = await member('Ana');
    const bo = await member('Bo');
    const { item } = await ana.call('item.capture', { opId: opId(), item: sampleItem(2) });
    await pushOf(bo, 'item.captured');
    const reply = {
      nativeId: '1900000000000000999',
      profile: 'acme',
      permalink: 'https://x.com/acme/status/1900000000000000999',
      siteTimestamp: '2026-03-01T10:20:00.000Z',
      source: 'native' as const,
    };
    const first = await bo.call('item.reply', { opId: opId(), key: item.key, reply });
    expect(first).toMatchObject({ duplicate: false, item: { repliedAt: '2026-03-01T10:20:00.000Z' } });
    const push = await pushOf(ana, 'item.replied');
    expect(push.payload.event).toMatchObject({ memberId: expect.any(String), data: { type: 'item.replied', reply } });
    const again = await ana.call('item.reply', { opId: opId(), key: item.key, reply });
    expect(again.seq).toBe(0);
    const unknown = await ana.expectError('item.reply', { opId: opId(), key: 'x:404', reply });
    expect(unknown.error.code).toBe('NOT_FOUND');
  });
});

describe('sites', () => {
  it('takes health reports', async () => {
    const ana = await member('Ana');
    expect(
      await ana.call('health.report', { platform: 'reddit', page: 'post', status: 'unreadable', found: 0 }),
    ).toEqual({ recorded: true });
  });

  it('serves selectors.json from the data folder, and ignores a broken one', async () => {
    const ana = await member('Ana');
    expect(await ana.call('selectors.get', {})).toEqual({ overrides: {}, version: 'none' });
    const pack = { x: { item: [{ css: 'article[data-testid="tweet"]', seen: '2026-12' }] } };
    writeFileSync(join(c.dataDir, 'selectors.json'), JSON.stringify(pack));
    const served = await ana.call('selectors.get', {});
    expect(served.overrides).toEqual(pack);
    expect(served.version).toMatch(/^[0-9a-f]{16}$/);
    writeFileSync(join(c.dataDir, 'selectors.json'), '{"x": {"item": [{"css": "", "seen": "soon"}]}, "evil": 1}');
    expect(await ana.call('selectors.get', {})).toEqual({ overrides: {}, version: 'none' });
  });
});

/** Roles and permissions, the tag taxonomy and presence over a real socket. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushFrame } from '../../shared/protocol/frames.js';
import { currentTagName, tagRenames } from '../../shared/tags.js';
import { opId, pairNew, sampleItem, type Credentials, type TestClient } from './client.js';
import { snapshot, startTestCompanion, type TestCompanion } from './companion.js';

let c: TestCompanion;
const open: TestClient[] = [];

async function member(name: string): Promise<{ client: TestClient; creds: Credentials; id: string }> {
  const { code } = await c.createPairingCode();
  const { client, creds } = await pairNew(c.port, code, name);
  open.push(client);
  await client.call('subscribe', { sinceSeq: await c.store.headSeq() });
  return { client, creds, id: creds.member.id };
}

/** The next push of event type `type`, skipping others. */
async function pushOf(client: TestClient, type: string): Promise<PushFrame> {
  for (;;) {
    const push = await client.nextPush();
    if (push.payload.event.data.type === type) return push;
  }
}

/** The first member is the admin; later ones are agents. */
async function team() {
  const ana = await member('Ana');
  const bo = await member('Bo');
  const { item } = await ana.client.call('item.capture', { opId: opId(), item: sampleItem(1) });
  return { ana, bo, key: item.key };
}

beforeEach(async () => {
  c = await startTestCompanion();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
  await c.cleanup();
});

describe('roles and permissions', () => {
  it('tells each member their role, networks and effective permissions', async () => {
    const { ana, bo } = await team();
    expect((await ana.client.call('me', {})).member).toMatchObject({
      role: 'admin',
      networks: [],
      permissions: expect.arrayContaining(['members.manage', 'tags.create', 'items.assignOthers']),
    });
    expect((await bo.client.call('me', {})).member).toMatchObject({
      role: 'agent',
      networks: [],
      permissions: ['items.edit'],
    });
    const { members } = await bo.client.call('members.list', {});
    expect(members.map((m) => [m.name, m.permissions?.length]).sort()).toEqual([
      ['Ana', 7],
      ['Bo', 1],
    ]);
  });

  it('refuses an agent creating a tag or assigning someone else, in plain words, writing nothing', async () => {
    const { ana, bo, key } = await team();
    const before = await snapshot(c);

    const create = await bo.client.expectError('tag.create', { opId: opId(), name: 'CS - new' });
    expect(create.error).toEqual({
      code: 'FORBIDDEN',
      message: 'Only leads and admins can create new tags — pick one from the list',
    });
    const viaUpdate = await bo.client.expectError('item.update', {
      opId: opId(),
      key,
      status: 'done',
      addTags: ['CS - brand new'],
    });
    expect(viaUpdate.error.code).toBe('FORBIDDEN');
    expect(viaUpdate.error.message).toContain('Only leads and admins can create new tags — pick one from the list');
    expect(viaUpdate.error.message).toContain('"CS - brand new"');
    const assign = await bo.client.expectError('item.update', { opId: opId(), key, assigneeId: ana.id });
    expect(assign.error).toEqual({
      code: 'FORBIDDEN',
      message: 'Only leads and admins can assign items to someone else — assign it to yourself, or ask a lead',
    });
    expect(await snapshot(c)).toEqual(before);
    expect((await bo.client.call('tags.list', {})).tags).toEqual([]);
    expect((await c.store.getItem(key))!.status).toBe('open');

    // What an agent may do: assign to self, tag with an existing tag, change status and priority.
    await ana.client.call('tag.create', { opId: opId(), name: 'CS - damaged' });
    const mine = await bo.client.call('item.update', {
      opId: opId(),
      key,
      assigneeId: bo.id,
      status: 'pending',
      priority: 'high',
      addTags: ['cs - DAMAGED'],
    });
    expect(mine.item).toMatchObject({ assigneeId: bo.id, status: 'pending', tags: ['CS - damaged'] });
    // …and give it back, but not take it off a teammate.
    await ana.client.call('item.update', { opId: opId(), key, assigneeId: ana.id });
    const takeOff = await bo.client.expectError('item.update', { opId: opId(), key, assigneeId: null });
    expect(takeOff.error.message).toBe('Only leads and admins can reassign items — this one is assigned to Ana');
    const takeOver = await bo.client.expectError('item.update', { opId: opId(), key, assigneeId: bo.id });
    expect(takeOver.error.code).toBe('FORBIDDEN');
  });

  it('lets a lead create tags and assign others once an admin made them lead, on their live connection', async () => {
    const { ana, bo, key } = await team();
    const promoted = await ana.client.call('member.update', { opId: opId(), id: bo.id, role: 'lead' });
    expect(promoted.member).toMatchObject({ role: 'lead', permissions: expect.arrayContaining(['tags.create']) });
    const pushed = await pushOf(bo.client, 'member.updated');
    expect(pushed.payload.event.data).toMatchObject({ member: { id: bo.id, role: 'lead' }, networks: [] });

    const created = await bo.client.call('tag.create', { opId: opId(), name: 'Campaign - pumpkin spice' });
    expect(created.tag).toMatchObject({ category: 'Campaign', reason: 'pumpkin spice', archived: false });
    const up = await bo.client.call('item.update', {
      opId: opId(),
      key,
      assigneeId: ana.id,
      addTags: ['CS - brand new'],
    });
    expect(up.item).toMatchObject({ assigneeId: ana.id, tags: ['CS - brand new'] });
    expect((await bo.client.call('tags.list', {})).tags.map((t) => t.name).sort()).toEqual([
      'CS - brand new',
      'Campaign - pumpkin spice',
    ]);

    const manage = await bo.client.expectError('member.update', { opId: opId(), id: ana.id, role: 'agent' });
    expect(manage.error).toEqual({ code: 'FORBIDDEN', message: "Only admins can change members' roles and networks." });
    const last = await ana.client.expectError('member.update', { opId: opId(), id: ana.id, role: 'lead' });
    expect(last.error.code).toBe('CONFLICT');
    expect(last.error.message).toContain('Ana is the only admin');
  });

  it('keeps a member to their networks, and a viewer to reading', async () => {
    const { ana, bo, key } = await team();
    await ana.client.call('member.update', { opId: opId(), id: bo.id, networks: ['linkedin', 'youtube'] });
    const before = await snapshot(c);
    const outside = await bo.client.expectError('item.update', { opId: opId(), key, status: 'done' });
    expect(outside.error).toEqual({
      code: 'FORBIDDEN',
      message: 'You work on LinkedIn and YouTube only: ask an admin to add X to your networks.',
    });
    const capture = await bo.client.expectError('item.capture', { opId: opId(), item: sampleItem(2) });
    expect(capture.error.code).toBe('FORBIDDEN');
    expect(await snapshot(c)).toEqual(before);
    // Reading is not limited.
    expect((await bo.client.call('items.list', {})).items).toHaveLength(1);

    await ana.client.call('member.update', { opId: opId(), id: bo.id, role: 'viewer', networks: [] });
    const viewer = await bo.client.expectError('item.update', { opId: opId(), key, status: 'done' });
    expect(viewer.error).toEqual({
      code: 'FORBIDDEN',
      message: 'Viewers cannot change anything: ask an admin for the agent role.',
    });
    expect((await bo.client.call('me', {})).member).toMatchObject({ role: 'viewer', permissions: [] });
    expect((await bo.client.call('presence.set', { itemKey: key, state: 'viewing' })).at).toBeTruthy();
  });

  it('pushes item.assigned to the assignee with who did it, so the extension can notify', async () => {
    const { ana, bo, key } = await team();
    await ana.client.call('item.update', { opId: opId(), key, assigneeId: bo.id });
    const push = await pushOf(bo.client, 'item.assigned');
    expect(push.payload.event).toMatchObject({ memberId: ana.id, itemKey: key, data: { from: null, to: bo.id } });
    expect(push.payload.item).toMatchObject({ key, assigneeId: bo.id });
  });
});

describe('the tag taxonomy on the wire', () => {
  it('renames and merges keeping history: the log plus current tags map every old name', async () => {
    const { ana, bo, key } = await team();
    const two = (await ana.client.call('item.capture', { opId: opId(), item: sampleItem(2) })).item.key;
    await ana.client.call('item.update', { opId: opId(), key, addTags: ['CS - late', 'Shipping - slow'] });
    await ana.client.call('item.update', { opId: opId(), key: two, addTags: ['Shipping - slow'] });
    const tags = (await ana.client.call('tags.list', {})).tags;
    const late = tags.find((t) => t.name === 'CS - late')!;
    const slow = tags.find((t) => t.name === 'Shipping - slow')!;
    expect(slow.usage).toBe(2);

    const renamed = await ana.client.call('tag.rename', { opId: opId(), id: late.id, name: 'CS - late delivery' });
    expect(renamed.tag).toMatchObject({ id: late.id, name: 'CS - late delivery', aliases: ['CS - late'] });
    const push = await pushOf(bo.client, 'tag.renamed');
    expect(push.payload).toMatchObject({
      event: { data: { tagId: late.id, from: 'CS - late', to: 'CS - late delivery' } },
      item: null,
    });
    const merged = await ana.client.call('tag.merge', { opId: opId(), id: slow.id, into: late.id });
    expect(merged.tag).toMatchObject({ id: late.id, usage: 2, aliases: ['CS - late', 'Shipping - slow'] });
    await pushOf(bo.client, 'tag.merged');

    const { items } = await bo.client.call('items.list', {});
    expect(items.map((i) => [i.key, i.tags])).toEqual([
      [two, ['CS - late delivery']],
      [key, ['CS - late delivery']],
    ]);
    // A report over the whole log: every tagging, under today's name, adds up.
    const { events } = await bo.client.call('subscribe', { sinceSeq: 0 });
    const renames = tagRenames(events.map((e) => e.event.data));
    const current = new Set((await bo.client.call('tags.list', {})).tags.map((t) => t.name));
    const counts = new Map<string, number>();
    for (const { event } of events) {
      if (event.data.type !== 'item.tagged') continue;
      const name = currentTagName(renames, event.data.tag);
      expect(current.has(name)).toBe(true);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect([...counts]).toEqual([['CS - late delivery', 3]]);

    // Old names from a stale outbox still mean the tag, even for an agent.
    const stale = await bo.client.call('item.update', { opId: opId(), key: two, addTags: ['Shipping - slow'] });
    expect(stale.seq).toBe(0);
    const taken = await ana.client.expectError('tag.create', { opId: opId(), name: 'CS - late' });
    expect(taken.error.code).toBe('CONFLICT');
  });

  it('archives: the tag stays where it is, cannot be newly applied, and is listed as archived', async () => {
    const { ana, bo, key } = await team();
    const two = (await ana.client.call('item.capture', { opId: opId(), item: sampleItem(2) })).item.key;
    const { tag } = await ana.client.call('tag.create', {
      opId: opId(),
      name: 'Campaign - spring',
      color: '#067647',
      description: 'Spring 2026',
    });
    await ana.client.call('item.update', { opId: opId(), key, addTags: ['Campaign - spring'] });
    const archived = await ana.client.call('tag.update', { opId: opId(), id: tag.id, archived: true });
    expect(archived.tag).toMatchObject({ archived: true, color: '#067647', description: 'Spring 2026', usage: 1 });
    const refused = await bo.client.expectError('item.update', {
      opId: opId(),
      key: two,
      addTags: ['Campaign - spring'],
    });
    expect(refused.error.code).toBe('CONFLICT');
    expect(refused.error.message).toContain('is archived');
    expect((await bo.client.call('tags.list', {})).tags).toEqual([expect.objectContaining({ archived: true })]);
    const agent = await bo.client.expectError('tag.update', { opId: opId(), id: tag.id, archived: false });
    expect(agent.error.code).toBe('FORBIDDEN');
    const badColour = await ana.client.expectError('tag.update', { opId: opId(), id: tag.id, color: '#123456' });
    expect(badColour.error.code).toBe('BAD_FRAME');
    const unknown = await ana.client.expectError('tag.rename', { opId: opId(), id: 'tag_nope', name: 'X' });
    expect(unknown.error.code).toBe('NOT_FOUND');
  });
});

describe('presence', () => {
  it('relays viewing and typing to a teammate, lists it, and says idle when the connection closes', async () => {
    const { ana, bo, key } = await team();
    const set = await ana.client.call('presence.set', { itemKey: key, state: 'typing' });
    const push = await bo.client.nextPresence();
    expect(push).toEqual({
      v: 1,
      type: 'presence',
      payload: { memberId: ana.id, name: 'Ana', itemKey: key, state: 'typing', at: set.at },
    });
    expect(push).not.toHaveProperty('seq');
    expect((await bo.client.call('presence.list', { itemKey: key })).presence).toEqual([push.payload]);
    await ana.client.call('heartbeat', {});
    expect(ana.client.pendingPresence()).toEqual([]); // not echoed to its sender
    const head = await c.store.headSeq();

    await ana.client.close();
    const gone = await bo.client.nextPresence();
    expect(gone.payload).toMatchObject({ memberId: ana.id, itemKey: key, state: 'idle' });
    expect((await bo.client.call('presence.list', {})).presence).toEqual([]);
    expect(await c.store.headSeq()).toBe(head); // nothing in the event log
  });

  it('expires presence 30 s after the last refresh, and rate-limits a chatty connection', async () => {
    const { ana, bo, key } = await team();
    await ana.client.call('presence.set', { itemKey: key, state: 'viewing' });
    await bo.client.nextPresence();
    c.clock.advance(31_000);
    expect((await bo.client.call('presence.list', {})).presence).toEqual([]);
    expect((await bo.client.nextPresence()).payload).toMatchObject({ memberId: ana.id, state: 'idle' });

    const answers = await Promise.all(
      Array.from({ length: 11 }, (_, i) => ana.client.request('presence.set', { itemKey: `x:${i}`, state: 'viewing' })),
    );
    const limited = answers.filter((a) => !a.ok);
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAfter: 1 } });
    expect(ana.client.isOpen).toBe(true);
  });
});

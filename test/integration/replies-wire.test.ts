/**
 * Saved replies over a real socket: who may save, import and delete shared
 * and personal replies (refusals in plain words, writing nothing); a
 * personal reply stays its owner's; uses are recorded once per op id, pushed
 * to teammates and counted; the team's settings; and an inbox rule's
 * `reply.suggest` reaching a captured item as `suggestedReplies`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventData } from '../../shared/model.js';
import { SavedReplyInput, type SavedReplyFields } from '../../shared/replies/saved-reply.js';
import type { RuleInput } from '../../shared/rules/index.js';
import { opId, pairNew, sampleItem, type TestClient } from './client.js';
import { startTestCompanion, type TestCompanion } from './companion.js';

let c: TestCompanion;
const open: TestClient[] = [];

async function member(name: string) {
  const { code } = await c.createPairingCode();
  const r = await pairNew(c.port, code, name);
  open.push(r.client);
  await r.client.call('subscribe', { sinceSeq: await c.store.headSeq() });
  return { ...r, id: r.creds.member.id };
}

/** Ana (admin, the first member), Lena (lead) and Arvid (agent). */
async function team() {
  const ana = await member('Ana Admin');
  const lena = await member('Lena Lead');
  const arvid = await member('Arvid Agent');
  await ana.client.call('member.update', { opId: opId(), id: lena.id, role: 'lead' });
  return { ana, lena, arvid };
}

/** A reply as the companion reads it (defaults filled in), so `call` takes it as the payload type. */
function reply(id: string, over: Partial<SavedReplyInput> = {}): SavedReplyFields {
  return SavedReplyInput.parse({
    id,
    scope: 'shared',
    folder: 'Shipping',
    title: `Where is my order (${id})`,
    body: 'Hi {{author.first_name | there}}, your parcel is on its way.',
    tags: ['CS - shipping'],
    ...over,
  });
}

/** The next pushed event of `type` (and about `replyId`, when given), skipping others. */
async function pushOf<T extends EventData['type']>(client: TestClient, type: T, replyId?: string) {
  for (let i = 0; i < 20; i++) {
    const { payload } = await client.nextPush();
    const data = payload.event.data;
    if (data.type !== type) continue;
    if (replyId !== undefined && (!('replyId' in data) || data.replyId !== replyId)) continue;
    return { ...payload, event: { ...payload.event, data: data as Extract<EventData, { type: T }> } };
  }
  throw new Error(`no ${type} push`);
}

beforeEach(async () => {
  c = await startTestCompanion();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
  await c.cleanup();
});

describe('saved replies on the wire', () => {
  it('an agent saves a personal reply but not a shared one; a lead shares; nobody else sees the personal one', async () => {
    const { lena, arvid } = await team();
    const head = await c.store.headSeq();

    const refused = await arvid.client.expectError('reply.save', { opId: opId(), reply: reply('r_shared') });
    expect(refused.error).toEqual({
      code: 'FORBIDDEN',
      message: 'Only leads and admins can change shared saved replies — ask one, or save it as a personal reply.',
    });
    expect(await c.store.headSeq()).toBe(head);

    const mine = await arvid.client.call('reply.save', {
      opId: opId(),
      reply: reply('r_arvid', { scope: 'personal', title: 'My own words', body: 'Hey! Checking now.' }),
    });
    expect(mine.reply).toMatchObject({ id: 'r_arvid', scope: 'personal', ownerId: arvid.id, updatedBy: arvid.id });

    // teammates hear that it exists and whose it is, never what it says
    const heard = await pushOf(lena.client, 'reply.saved');
    expect(heard.event.data).toEqual({ type: 'reply.saved', replyId: 'r_arvid', scope: 'personal', ownerId: arvid.id });
    expect(heard.item).toBeNull();
    expect(JSON.stringify(heard)).not.toContain('Checking now');

    const shared = await lena.client.call('reply.save', { opId: opId(), reply: reply('r_shared') });
    expect(shared.reply).toMatchObject({ scope: 'shared', ownerId: lena.id, tags: ['CS - shipping'] });
    expect((await pushOf(arvid.client, 'reply.saved', 'r_shared')).event.data).toMatchObject({ ownerId: lena.id });

    const seenByLena = await lena.client.call('replies.list', {});
    expect(seenByLena.replies.map((r) => r.id)).toEqual(['r_shared']);
    expect(seenByLena.settings).toEqual({ brand: null, guardrail: { uses: 3, minutes: 60 } });
    expect((await arvid.client.call('replies.list', {})).replies.map((r) => r.id).sort()).toEqual([
      'r_arvid',
      'r_shared',
    ]);

    // a lead cannot replace the agent's personal reply, nor change a reply's scope
    const notYours = await lena.client.expectError('reply.save', {
      opId: opId(),
      reply: reply('r_arvid', { scope: 'personal' }),
    });
    expect(notYours.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('teammate’s personal'),
    });
    const scope = await lena.client.expectError('reply.save', {
      opId: opId(),
      reply: reply('r_shared', { scope: 'personal' }),
    });
    expect(scope.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('keeps its scope') });
  });

  it('deletes: shared ones need a lead, personal ones are the owner’s, someone else’s is not found', async () => {
    const { lena, arvid } = await team();
    await lena.client.call('reply.save', { opId: opId(), reply: reply('r_shared') });
    await lena.client.call('reply.save', { opId: opId(), reply: reply('r_lena', { scope: 'personal' }) });
    await arvid.client.call('reply.save', { opId: opId(), reply: reply('r_arvid', { scope: 'personal' }) });
    const head = await c.store.headSeq();

    const shared = await arvid.client.expectError('reply.delete', { opId: opId(), id: 'r_shared' });
    expect(shared.error).toEqual({
      code: 'FORBIDDEN',
      message: 'Only leads and admins can delete shared saved replies — ask one to.',
    });
    const theirs = await arvid.client.expectError('reply.delete', { opId: opId(), id: 'r_lena' });
    expect(theirs.error.code).toBe('NOT_FOUND');
    expect(await c.store.headSeq()).toBe(head);

    const op = opId();
    const gone = await arvid.client.call('reply.delete', { opId: op, id: 'r_arvid' });
    expect(await arvid.client.call('reply.delete', { opId: op, id: 'r_arvid' })).toEqual({
      seq: gone.seq,
      duplicate: true,
    });
    expect((await pushOf(lena.client, 'reply.removed', 'r_arvid')).event.data).toEqual({
      type: 'reply.removed',
      replyId: 'r_arvid',
      scope: 'personal',
      ownerId: arvid.id,
    });
    await lena.client.call('reply.delete', { opId: opId(), id: 'r_shared' });
    expect((await arvid.client.call('replies.list', {})).replies).toEqual([]);
  });

  it('imports all or nothing: an agent only personal replies, owned by them; a lead shared ones', async () => {
    const { lena, arvid } = await team();
    const head = await c.store.headSeq();
    const refused = await arvid.client.expectError('replies.import', {
      opId: opId(),
      replies: [reply('r_p1', { scope: 'personal' }), reply('r_s1')],
    });
    expect(refused.error).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only leads and admins can import shared saved replies — ask one, or import them as personal replies.',
    });
    expect(await c.store.headSeq()).toBe(head);

    const personal = await arvid.client.call('replies.import', {
      opId: opId(),
      replies: [reply('r_p1', { scope: 'personal' }), reply('r_p2', { scope: 'personal' })],
    });
    expect(personal).toMatchObject({ created: 2, updated: 0, duplicate: false });
    expect((await arvid.client.call('replies.list', {})).replies.map((r) => r.ownerId)).toEqual([arvid.id, arvid.id]);

    await lena.client.call('reply.save', { opId: opId(), reply: reply('r_s1') });
    const op = opId();
    const shared = await lena.client.call('replies.import', {
      opId: op,
      replies: [reply('r_s1', { title: 'Updated' }), reply('r_s2')],
    });
    expect(shared).toMatchObject({ created: 1, updated: 1, duplicate: false });
    expect(await lena.client.call('replies.import', { opId: op, replies: [reply('r_s3')] })).toEqual({
      ...shared,
      duplicate: true,
    });
    expect((await lena.client.call('replies.list', {})).replies.map((r) => [r.id, r.title])).toEqual([
      ['r_s1', 'Updated'],
      ['r_s2', 'Where is my order (r_s2)'],
    ]);
  });

  it('records a use once per op id, pushes it to teammates and counts it', async () => {
    const { lena, arvid } = await team();
    const { item } = await arvid.client.call('item.capture', { opId: opId(), item: sampleItem(1) });
    await lena.client.call('reply.save', { opId: opId(), reply: reply('r_ship') });
    await lena.client.call('reply.save', { opId: opId(), reply: reply('r_sorry') });
    await arvid.client.call('reply.save', { opId: opId(), reply: reply('r_mine', { scope: 'personal' }) });

    const op = opId();
    const at = c.clock.now().toISOString();
    const used = { opId: op, itemKey: item.key, platform: 'x' as const, replyIds: ['r_ship', 'r_sorry'], at };
    const first = await arvid.client.call('reply.used', used);
    expect(first.duplicate).toBe(false);
    expect(await arvid.client.call('reply.used', used)).toEqual({ seq: first.seq, duplicate: true });

    const push = await pushOf(lena.client, 'reply.used');
    expect(push.event).toMatchObject({
      seq: first.seq,
      memberId: arvid.id,
      itemKey: item.key,
      data: { type: 'reply.used', replyIds: ['r_ship', 'r_sorry'], platform: 'x' },
    });
    expect(push.item).toMatchObject({ key: item.key, status: 'open' });
    await arvid.client.call('reply.used', { ...used, opId: opId(), replyIds: ['r_ship', 'r_mine'] });

    // usage is the team's, of the replies the member sees
    expect((await lena.client.call('replies.list', {})).usage).toEqual({ r_ship: 2, r_sorry: 1 });
    const forArvid = await arvid.client.call('replies.list', {});
    expect(forArvid.usage).toEqual({ r_ship: 2, r_sorry: 1, r_mine: 1 });
    expect(forArvid.recent).toEqual([
      { replyIds: ['r_ship', 'r_mine'], itemKey: item.key, platform: 'x', memberId: arvid.id, at },
      { replyIds: ['r_ship', 'r_sorry'], itemKey: item.key, platform: 'x', memberId: arvid.id, at },
    ]);
    expect((await c.store.eventsSince(0, 1000)).filter((e) => e.event.data.type === 'reply.used')).toHaveLength(2);
  });

  it('refuses a use on a platform outside the member’s networks, and from a viewer', async () => {
    const { ana, arvid } = await team();
    const vera = await member('Vera Viewer');
    await ana.client.call('member.update', { opId: opId(), id: arvid.id, networks: ['linkedin'] });
    await ana.client.call('member.update', { opId: opId(), id: vera.id, role: 'viewer' });
    const use = {
      opId: opId(),
      itemKey: 'x:1800000000000000001',
      platform: 'x',
      replyIds: ['r_ship'],
      at: c.clock.now().toISOString(),
    };
    const outside = await arvid.client.expectError('reply.used', use);
    expect(outside.error).toEqual({
      code: 'FORBIDDEN',
      message: 'You work on LinkedIn only: ask an admin to add X to your networks.',
    });
    expect((await vera.client.expectError('reply.used', use)).error.code).toBe('FORBIDDEN');
    const mismatch = await ana.client.expectError('reply.used', { ...use, platform: 'linkedin' });
    expect(mismatch.error.code).toBe('BAD_FRAME');
    // reading is open to viewers
    expect((await vera.client.call('replies.list', {})).replies).toEqual([]);
  });

  it('saves the team’s settings (leads and admins only)', async () => {
    const { lena, arvid } = await team();
    const settings = { brand: 'Acme', guardrail: { uses: 4, minutes: 30 } };
    const refused = await arvid.client.expectError('replies.settings.set', { opId: opId(), settings });
    expect(refused.error).toEqual({
      code: 'FORBIDDEN',
      message: 'Only leads and admins can change the saved-reply settings — ask one.',
    });
    const op = opId();
    const saved = await lena.client.call('replies.settings.set', { opId: op, settings });
    expect(saved).toMatchObject({ settings, duplicate: false });
    expect((await pushOf(arvid.client, 'replies.settings_saved')).event.data).toEqual({
      type: 'replies.settings_saved',
      ...settings,
    });
    expect((await arvid.client.call('replies.list', {})).settings).toEqual(settings);
    expect(await lena.client.call('replies.settings.set', { opId: op, settings })).toEqual({
      ...saved,
      duplicate: true,
    });
  });

  it('a rule with reply.suggest makes a captured item carry suggestedReplies', async () => {
    const { lena, arvid } = await team();
    await lena.client.call('reply.save', { opId: opId(), reply: reply('r_where') });
    const rule: RuleInput = {
      id: 'where-is-my-order',
      name: 'Where is my order',
      on: { event: 'item.captured' },
      when: { op: 'contains_any', keywords: ['order'] },
      actions: [{ type: 'reply.suggest', savedReplyIds: ['r_where'] }],
      order: 1,
    };
    await lena.client.call('rule.save', { opId: opId(), rule: rule as never });

    const { item } = await arvid.client.call('item.capture', {
      opId: opId(),
      item: { ...sampleItem(7), text: 'Where is my order? It is a week late.' },
    });
    expect(item.suggestedReplies).toEqual([{ id: 'r_where', ruleName: 'Where is my order' }]);
    const push = await pushOf(lena.client, 'item.replies_suggested');
    expect(push.event.data).toMatchObject({
      replyIds: ['r_where'],
      rule: { id: 'where-is-my-order', name: 'Where is my order', because: [expect.stringContaining('order')] },
    });
    expect(push.item?.suggestedReplies).toEqual(item.suggestedReplies);
    const listed = await lena.client.call('items.list', {});
    expect(listed.items.find((i) => i.key === item.key)?.suggestedReplies).toEqual(item.suggestedReplies);
  });
});

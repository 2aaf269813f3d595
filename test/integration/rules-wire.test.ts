/**
 * Inbox rules over a real socket: a lead saves a rule, an agent's capture is
 * tagged, prioritised and assigned by it — each change carrying the rule and
 * why — teammates hear it live; an agent may not edit rules; back-test says
 * what a draft would do without changing anything; import/export round-trip;
 * a webhook alert is posted in Slack's shape.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuleInput } from '../../shared/rules/index.js';
import { pairNew, opId, sampleItem, type TestClient } from './client.js';
import { startTestCompanion, type TestCompanion } from './companion.js';

let c: TestCompanion;
const open: TestClient[] = [];
const posted: Array<{ url: string; body: unknown }> = [];

async function member(name: string) {
  const { code } = await c.createPairingCode();
  const r = await pairNew(c.port, code, name);
  open.push(r.client);
  await r.client.call('subscribe', { sinceSeq: await c.store.headSeq() });
  return r;
}

function damagedRule(assignTo: string): RuleInput {
  return {
    id: 'cs-damaged',
    name: 'Damaged deliveries to CS',
    on: { event: 'item.captured' },
    when: { op: 'contains_any', keywords: ['damaged', 'krossat', 'uszkodzony'] },
    actions: [
      { type: 'tag.add', tags: ['CS - damaged'] },
      { type: 'priority.set', priority: 'high' },
      { type: 'assign', to: { strategy: 'member', memberId: assignTo } },
      { type: 'alert', members: [], message: 'Damaged delivery', webhook: { url: 'https://hooks.example/T000' } },
    ],
    order: 10,
  };
}

beforeEach(async () => {
  posted.length = 0;
  c = await startTestCompanion({ webhookPost: async (url, body) => void posted.push({ url, body }) });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
  await c.cleanup();
});

describe('inbox rules on the wire', () => {
  it('tags, prioritises and assigns a new capture, says which rule and why, and alerts the webhook', async () => {
    const lead = await member('Lena Lead'); // first member: admin
    const agent = await member('Arvid Agent');
    await lead.client.call('rule.save', { opId: opId(), rule: damagedRule(agent.creds.member.id) as never });

    const item = { ...sampleItem(1), text: 'Paketet kom KROSSAT igen 😡' };
    const r = await agent.client.call('item.capture', { opId: opId(), item });
    expect(r.item).toMatchObject({ tags: ['CS - damaged'], priority: 'high', assigneeId: agent.creds.member.id });

    const log = await c.store.eventsSince(0, 100);
    const tagged = log.find((e) => e.event.data.type === 'item.tagged')!.event.data;
    expect(tagged).toMatchObject({
      tag: 'CS - damaged',
      by: 'rule:cs-damaged',
      rule: { id: 'cs-damaged', name: 'Damaged deliveries to CS', because: [expect.stringContaining('krossat')] },
    });
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ url: 'https://hooks.example/T000', body: { text: expect.any(String) } });

    // the lead's browser hears every change, the rule's included
    const types: string[] = [];
    const wanted = ['item.captured', 'item.tagged', 'item.priority_changed', 'item.assigned'];
    for (let i = 0; i < 12 && !wanted.every((t) => types.includes(t)); i++) {
      types.push((await lead.client.nextPush()).payload.event.data.type);
    }
    expect(types).toEqual(
      expect.arrayContaining(['item.captured', 'item.tagged', 'item.priority_changed', 'item.assigned']),
    );

    // nothing for an item the rule does not match
    const other = await agent.client.call('item.capture', {
      opId: opId(),
      item: { ...sampleItem(2), text: 'Love it' },
    });
    expect(other.item).toMatchObject({ tags: [], priority: 'normal', assigneeId: null });
  });

  it('refuses rule edits from an agent, in plain words, and writes nothing', async () => {
    await member('Lena Lead');
    const agent = await member('Arvid Agent');
    const head = await c.store.headSeq();
    const refused = await agent.client.expectError('rule.save', {
      opId: opId(),
      rule: damagedRule(agent.creds.member.id),
    });
    expect(refused.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/inbox rules/) });
    expect(await c.store.headSeq()).toBe(head);
    expect((await agent.client.call('rules.list', {})).rules).toEqual([]);
  });

  it('back-tests a draft on the captured history without changing it', async () => {
    const lead = await member('Lena Lead');
    for (const [n, text] of [
      [1, 'arrived damaged'],
      [2, 'all good'],
      [3, 'Przesyłka uszkodzony'],
    ] as const) {
      await lead.client.call('item.capture', { opId: opId(), item: { ...sampleItem(n), text } });
    }
    const head = await c.store.headSeq();
    const { report } = await lead.client.call('rules.backtest', {
      rules: [damagedRule(lead.creds.member.id) as never],
    });
    expect(report).toMatchObject({ items: 3, matched: 2, wouldTag: 2, wouldAssign: 2 });
    expect(report.perRule['cs-damaged']).toMatchObject({ matched: 2, tags: { 'CS - damaged': 2 } });
    expect(await c.store.headSeq()).toBe(head);
  });

  it('exports and imports the rules file, and says what is wrong with a bad one', async () => {
    const lead = await member('Lena Lead');
    await lead.client.call('rule.save', { opId: opId(), rule: damagedRule(lead.creds.member.id) as never });
    const { text } = await lead.client.call('rules.export', {});
    await lead.client.call('rule.delete', { opId: opId(), id: 'cs-damaged' });
    expect((await lead.client.call('rules.list', {})).rules).toEqual([]);
    expect(await lead.client.call('rules.import', { opId: opId(), text })).toEqual({ saved: 1, errors: [] });
    expect((await lead.client.call('rules.list', {})).rules.map((r) => r.id)).toEqual(['cs-damaged']);
    const bad = await lead.client.call('rules.import', {
      opId: opId(),
      text: '{"format":"inlay.rules","version":1,"rules":[{"id":"x"}]}',
    });
    expect(bad.saved).toBe(0);
    expect(bad.errors.length).toBeGreaterThan(0);
  });

  it('alerts the members a rule names, on their desktops, and nobody else', async () => {
    const lead = await member('Lena Lead');
    const agent = await member('Arvid Agent');
    const rule: RuleInput = {
      id: 'vip',
      name: 'VIP complaint',
      on: { event: 'item.captured' },
      when: { op: 'contains_any', keywords: ['refund'] },
      actions: [{ type: 'alert', members: [lead.creds.member.id], message: 'A refund request came in' }],
      order: 1,
    };
    await lead.client.call('rule.save', { opId: opId(), rule: rule as never });
    await agent.client.call('item.capture', { opId: opId(), item: { ...sampleItem(7), text: 'I want a refund now' } });
    const alert = await lead.client.take((f) => 'type' in f && f.type === 'alert');
    expect(alert).toMatchObject({
      type: 'alert',
      payload: { itemKey: 'x:1900000000000000007', ruleName: 'VIP complaint', message: 'A refund request came in' },
    });
    await expect(agent.client.take((f) => 'type' in f && f.type === 'alert', 300)).rejects.toThrow();
  });

  it('shares new items round the team, and sends the next to whoever has least', async () => {
    const lead = await member('Lena Lead');
    const agent = await member('Arvid Agent');
    const rule: RuleInput = {
      id: 'rotate',
      name: 'Round the team',
      on: { event: 'item.captured' },
      actions: [{ type: 'assign', to: { strategy: 'round_robin', group: 'team' } }],
      order: 1,
    };
    await lead.client.call('rule.save', { opId: opId(), rule: rule as never });
    const got: (string | null)[] = [];
    for (const n of [11, 12, 13, 14]) {
      got.push((await agent.client.call('item.capture', { opId: opId(), item: sampleItem(n) })).item.assigneeId);
    }
    const ids = [lead.creds.member.id, agent.creds.member.id];
    expect(new Set(got)).toEqual(new Set(ids));
    expect(got[0]).not.toBe(got[1]);
    expect(got[2]).toBe(got[0]);

    await lead.client.call('rule.save', {
      opId: opId(),
      rule: { ...rule, actions: [{ type: 'assign', to: { strategy: 'least_loaded', group: 'team' } }] } as never,
    });
    // both hold two open items; close two of the agent's: the agent has least
    const agentItems = [11, 12, 13, 14].filter((_n, i) => got[i] === agent.creds.member.id);
    for (const n of agentItems) {
      await lead.client.call('item.update', { opId: opId(), key: `x:${sampleItem(n).nativeId}`, status: 'done' });
    }
    const next = await agent.client.call('item.capture', { opId: opId(), item: sampleItem(15) });
    expect(next.item.assigneeId).toBe(agent.creds.member.id);
  });

  it('gives a follow-up in a thread to whoever on the team replied there last', async () => {
    const lead = await member('Lena Lead');
    const agent = await member('Arvid Agent');
    await lead.client.call('rule.save', {
      opId: opId(),
      rule: {
        id: 'last',
        name: 'Back to who answered',
        on: { event: 'item.captured' },
        actions: [{ type: 'assign', to: { strategy: 'last_responder' } }],
        order: 1,
      } as never,
    });
    const first = await agent.client.call('item.capture', {
      opId: opId(),
      item: { ...sampleItem(21), threadId: 't-1' },
    });
    await agent.client.call('item.reply', {
      opId: opId(),
      key: first.item.key,
      reply: { nativeId: 'r-21', profile: 'acme', permalink: null, siteTimestamp: null, source: 'native' },
    });
    const followUp = await lead.client.call('item.capture', {
      opId: opId(),
      item: { ...sampleItem(22), threadId: 't-1' },
    });
    expect(followUp.item.assigneeId).toBe(agent.creds.member.id);
  });
});

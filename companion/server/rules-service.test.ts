import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Rule } from '../../shared/rules/index.js';
import { manualClock } from '../clock.js';
import { quietLogger } from '../log.js';
import type { SqliteStore } from '../store/sqlite.js';
import { openTestStore, opId, sampleItem, tempDir, type TempDir } from '../store/test-helpers.js';
import { createRulesService, isPublicWebhookUrl, reasonWords } from './rules-service.js';

describe('rules service', () => {
  it.each([
    ['https://hooks.slack.com/services/T000/B000/XXX', true],
    ['http://example.com/hook', true],
    ['https://localhost/hook', false],
    ['http://127.0.0.1:27412/', false],
    ['http://[::1]/', false],
    ['http://10.0.0.5/', false],
    ['http://192.168.1.1/', false],
    ['http://172.20.0.1/', false],
    ['http://169.254.169.254/latest/meta-data', false],
    ['http://2130706433/', false],
    ['http://printer.local/', false],
    ['ftp://example.com/', false],
    ['not a url', false],
  ])('webhook %s is allowed: %s', (url, ok) => {
    expect(isPublicWebhookUrl(url)).toBe(ok);
  });

  it('says why in words', () => {
    expect(reasonWords({ path: 'when', op: 'contains_any', fact: 'text', keyword: 'krossat', found: 'krossat' })).toBe(
      'text contains any “krossat”',
    );
    expect(reasonWords({ path: 'when.all[1]', op: 'is', fact: 'platform', value: 'x' })).toBe('platform is x');
  });
});

describe('rules service: suggested saved replies', () => {
  let dir: TempDir;
  let store: SqliteStore;
  const clock = manualClock('2026-03-01T10:00:00.000Z');

  beforeEach(async () => {
    dir = tempDir();
    store = await openTestStore(dir.file(), { clock });
    await store.saveRule(
      opId('rule'),
      null,
      Rule.parse({
        id: 'shipping-help',
        name: 'Shipping questions',
        on: { event: 'item.captured' },
        when: { op: 'contains_any', keywords: ['order'] },
        actions: [
          { type: 'tag.add', tags: ['CS - shipping'] },
          { type: 'reply.suggest', savedReplyIds: ['r_where', 'r_late'] },
        ],
        order: 1,
      }),
    );
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('applies reply.suggest as item.replies_suggested in the rule’s op, carrying the rule and why, once', async () => {
    const rules = createRulesService({ store, clock, logger: quietLogger });
    const captured = await store.captureItem(opId('cap'), 'mem_1', sampleItem(1));
    const out = await rules.afterChange(captured.events);

    expect(out.map((e) => e.event.data.type)).toEqual(['item.tagged', 'item.replies_suggested']);
    const [tagged, suggested] = out;
    expect(suggested!.event.opId).toBe(tagged!.event.opId);
    expect(suggested!.event.data).toEqual({
      type: 'item.replies_suggested',
      replyIds: ['r_where', 'r_late'],
      rule: { id: 'shipping-help', name: 'Shipping questions', because: [expect.stringContaining('order')] },
    });
    expect(suggested!.item?.suggestedReplies).toEqual([
      { id: 'r_where', ruleName: 'Shipping questions' },
      { id: 'r_late', ruleName: 'Shipping questions' },
    ]);
    expect((await store.getItem(captured.value.key))?.suggestedReplies).toEqual(suggested!.item?.suggestedReplies);

    // the same trigger again (a replayed push, a restart) changes nothing
    const head = await store.headSeq();
    expect(await rules.afterChange(captured.events)).toEqual([]);
    expect(await store.headSeq()).toBe(head);
  });
});

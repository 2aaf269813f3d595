/** Back-testing a rule on captured history before it is enabled: "would tag 37, assign 12". */
import { describe, expect, it } from 'vitest';
import { backTest } from './back-test.js';
import type { RuleItem } from './facts.js';
import { NOW, item, rule } from './test-helpers.js';

function history(): RuleItem[] {
  const texts = [
    'Paketet kom KROSSAT', // 0 damaged
    'My order arrived broken', // 1 damaged
    'love it ❤️', // 2
    'where is my parcel?', // 3
    'Telefon jest zepsuty', // 4 damaged
    'broken link on your site', // 5 damaged, already tagged
    'thanks!', // 6
  ];
  return texts.map((text, i) =>
    item({
      key: `x:${1000 + i}`,
      text,
      tags: i === 5 ? ['CS - damaged'] : [],
      // 3 and 6 waited long and are unanswered; 6 is done.
      siteTimestamp: i === 3 || i === 6 ? '2026-01-09T08:00:00.000Z' : '2026-01-10T11:00:00.000Z',
      status: i === 6 ? 'done' : 'open',
    }),
  );
}

describe('backTest', () => {
  const damaged = rule({
    id: 'damaged',
    name: 'Damaged goods',
    enabled: false, // not yet switched on: that is what a back-test is for
    when: { op: 'contains_any', keywords: ['broken', 'krossat', 'zepsuty'] },
    actions: [
      { type: 'tag.add', tags: ['CS - damaged'] },
      { type: 'assign', to: { strategy: 'round_robin', group: 'cs' } },
    ],
  });
  const sla = rule({
    id: 'sla',
    name: 'Waited a day',
    on: { event: 'no_reply', minutes: 60 * 24 },
    actions: [{ type: 'priority.set', priority: 'urgent' }],
  });
  const context = { now: NOW, groups: { cs: ['mem_a', 'mem_b'] } };

  it('counts what the rules would do, per rule, without changing anything', () => {
    const items = history();
    const before = JSON.stringify(items);
    const report = backTest([damaged, sla], items, context);
    expect(JSON.stringify(items)).toBe(before);
    expect(report).toMatchObject({ items: 7, matched: 5, wouldTag: 3, wouldAssign: 4 });
    expect(report.perRule).toEqual({
      damaged: {
        name: 'Damaged goods',
        matched: 4,
        wouldTag: 3, // item 5 already has the tag
        wouldAssign: 4,
        tags: { 'CS - damaged': 3 },
        assignees: { mem_a: 2, mem_b: 2 }, // the rotation carries from item to item
      },
      sla: { name: 'Waited a day', matched: 1, wouldTag: 0, wouldAssign: 0, tags: {}, assignees: {} },
    });
  });

  it('samples say which item, which rules and which actions, with the reasons', () => {
    const report = backTest([damaged, sla], history(), context, { samples: 2 });
    expect(report.samples).toHaveLength(2);
    expect(report.samples[0]).toMatchObject({
      itemKey: 'x:1000',
      text: 'Paketet kom KROSSAT',
      rules: ['damaged'],
      actions: [
        { type: 'tag.add', tag: 'CS - damaged', because: [{ keyword: 'krossat', found: 'krossat' }] },
        { type: 'assign', memberId: 'mem_a', strategy: 'round_robin' },
      ],
    });
    expect(report.samples[1]).toMatchObject({
      itemKey: 'x:1001',
      actions: [{ tag: 'CS - damaged' }, { memberId: 'mem_b' }],
    });
  });

  it('can leave disabled rules out', () => {
    const report = backTest([damaged, sla], history(), context, { includeDisabled: false });
    expect(report).toMatchObject({ matched: 1, wouldTag: 0, wouldAssign: 0 });
  });

  it('an empty history is an empty report', () => {
    expect(backTest([damaged], [], context)).toEqual({
      items: 0,
      matched: 0,
      wouldTag: 0,
      wouldAssign: 0,
      perRule: { damaged: { name: 'Damaged goods', matched: 0, wouldTag: 0, wouldAssign: 0, tags: {}, assignees: {} } },
      samples: [],
    });
  });
});

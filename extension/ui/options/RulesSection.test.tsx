import { describe, expect, it, vi } from 'vitest';
import { Rule } from '../../../shared/rules';
import { draftToRule } from './RulesSection';

vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../i18n', () => ({ i18n: { t: (key: string) => key } }));

const existing = [
  Rule.parse({
    id: 'damaged',
    name: 'Damaged',
    on: { event: 'item.captured' },
    actions: [{ type: 'priority.set', priority: 'high' }],
    order: 30,
  }),
];

describe('the simple rule editor', () => {
  it('makes a valid rule with a fresh id, after the existing ones', () => {
    const r = draftToRule(
      {
        name: 'Damaged',
        keywords: 'damaged, krossat ,',
        tags: 'CS - damaged',
        priority: 'high',
        assignee: 'mem_1',
        reply: '',
      },
      existing,
    );
    expect(r).toEqual({
      ok: true,
      rule: {
        id: 'damaged-2',
        name: 'Damaged',
        on: { event: 'item.captured' },
        when: { op: 'contains_any', keywords: ['damaged', 'krossat'] },
        actions: [
          { type: 'tag.add', tags: ['CS - damaged'] },
          { type: 'priority.set', priority: 'high' },
          { type: 'assign', to: { strategy: 'member', memberId: 'mem_1' } },
        ],
        order: 40,
      },
    });
    expect(Rule.safeParse((r as { rule: unknown }).rule).success).toBe(true);
  });

  it('says what is missing in plain words', () => {
    expect(draftToRule({ name: '', keywords: '', tags: 'x', priority: '', assignee: '', reply: '' }, [])).toEqual({
      ok: false,
      error: 'rulesNeedName',
    });
    expect(
      draftToRule({ name: 'Nothing', keywords: 'a', tags: '', priority: '', assignee: '', reply: '' }, []),
    ).toEqual({
      ok: false,
      error: 'rulesNeedAction',
    });
  });
});

describe('the simple rule editor: saved replies', () => {
  it('suggests the chosen shared reply', () => {
    const r = draftToRule(
      { name: 'Late', keywords: 'late', tags: '', priority: '', assignee: '', reply: 'r-late' },
      [],
    );
    expect(r).toMatchObject({ ok: true, rule: { actions: [{ type: 'reply.suggest', savedReplyIds: ['r-late'] }] } });
    expect(Rule.safeParse((r as { rule: unknown }).rule).success).toBe(true);
  });
});

describe('the simple rule editor: team strategies', () => {
  it('turns "round the team" into a round-robin assignment over the team group', () => {
    const r = draftToRule(
      { name: 'Rotate', keywords: '', tags: '', priority: '', assignee: '@round_robin', reply: '' },
      [],
    );
    expect(r).toMatchObject({
      ok: true,
      rule: { actions: [{ type: 'assign', to: { strategy: 'round_robin', group: 'team' } }] },
    });
  });
});

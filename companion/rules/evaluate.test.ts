/**
 * Table-driven rule tests: each case states the rules, the item and the event,
 * and asserts both the outcome (the actions, in order) and the trace (which
 * rules fired or were skipped, which conditions made them fire, which keyword).
 */
import { describe, expect, it } from 'vitest';
import type { Reason, Rule, RuleAction, RuleEvent, RuleTrace } from '../../shared/rules/index.js';
import type { RuleContext } from './context.js';
import type { RuleItem } from './facts.js';
import { NOW, item, rule, run } from './test-helpers.js';

interface TraceRow {
  ruleId: string;
  outcome: RuleTrace['outcome'];
  skipped?: RuleTrace['skipped'];
  because?: Partial<Reason>[];
  stoppedProcessing?: boolean;
}

interface Case {
  name: string;
  rules: Rule[];
  item?: Partial<RuleItem>;
  context?: Partial<RuleContext>;
  event?: RuleEvent;
  explain?: boolean;
  actions: Partial<RuleAction>[];
  trace: TraceRow[];
}

const tag = (t: string) => ({ type: 'tag.add' as const, tags: [t] });

function summarise(trace: RuleTrace[]): TraceRow[] {
  return trace.map((t) => ({
    ruleId: t.ruleId,
    outcome: t.outcome,
    ...(t.skipped ? { skipped: t.skipped } : {}),
    because: t.because,
    stoppedProcessing: t.stoppedProcessing,
  }));
}

function check(c: Case) {
  const out = run(c.rules, item(c.item), c.context, {
    explain: c.explain ?? false,
    ...(c.event ? { event: c.event } : {}),
  });
  expect(out.actions).toHaveLength(c.actions.length);
  c.actions.forEach((a, i) => expect(out.actions[i]).toMatchObject(a));
  const got = summarise(out.trace);
  expect(got).toHaveLength(c.trace.length);
  c.trace.forEach((t, i) => expect(got[i]).toMatchObject(t));
}

// Rules are built once per case (ids are stable within a case).
const cases: Case[] = [
  (() => {
    const r = rule({
      id: 'broken',
      when: { op: 'contains_any', keywords: ['broken', 'krossat'] },
      actions: [tag('CS - damaged')],
    });
    return {
      name: 'a keyword tags the item, and the trace names the rule, the condition and the keyword',
      rules: [r],
      item: { text: 'Mitt paket kom KROSSAT' },
      actions: [
        {
          type: 'tag.add',
          tag: 'CS - damaged',
          ruleId: 'broken',
          because: [{ path: 'when', op: 'contains_any', fact: 'text', keyword: 'krossat', found: 'krossat' }],
        },
      ],
      trace: [
        {
          ruleId: 'broken',
          outcome: 'fired',
          because: [{ path: 'when', op: 'contains_any', keyword: 'krossat', found: 'krossat' }],
        },
      ],
    };
  })(),
  (() => {
    const r = rule({
      id: 'x-broken',
      when: {
        all: [
          { op: 'contains_any', keywords: ['broken'] },
          { op: 'in', fact: 'platform', values: ['x', 'reddit'] },
        ],
      },
      actions: [tag('CS - damaged')],
    });
    return {
      name: 'all: every leaf that held is a reason',
      rules: [r],
      item: { text: 'it arrived broken' },
      actions: [{ type: 'tag.add', tag: 'CS - damaged' }],
      trace: [
        {
          ruleId: 'x-broken',
          outcome: 'fired',
          because: [
            { path: 'when.all[0]', op: 'contains_any', keyword: 'broken', found: 'broken' },
            { path: 'when.all[1]', op: 'in', fact: 'platform', value: 'x' },
          ],
        },
      ],
    };
  })(),
  {
    name: 'all: one leaf fails, nothing happens and (without explain) nothing is traced',
    rules: [
      rule({
        id: 'yt-only',
        when: {
          all: [
            { op: 'contains_any', keywords: ['broken'] },
            { op: 'in', fact: 'platform', values: ['youtube'] },
          ],
        },
        actions: [tag('CS - damaged')],
      }),
    ],
    item: { text: 'it arrived broken' },
    actions: [],
    trace: [],
  },
  {
    name: 'any: the first child that holds is the reason',
    rules: [
      rule({
        id: 'vip',
        when: {
          any: [
            { op: 'is', fact: 'author.verified' },
            { op: 'gte', fact: 'author.followers', value: 10_000 },
            { op: 'in', fact: 'kind', values: ['dm'] },
          ],
        },
        actions: [{ type: 'priority.set', priority: 'high' }],
      }),
    ],
    item: { author: { handle: 'big', name: 'Big', url: null, verified: false, followers: 25_000 } },
    actions: [{ type: 'priority.set', priority: 'high', from: 'normal', ruleId: 'vip' }],
    trace: [
      {
        ruleId: 'vip',
        outcome: 'fired',
        because: [{ path: 'when.any[1]', op: 'gte', fact: 'author.followers', value: 25_000 }],
      },
    ],
  },
  {
    name: 'not: the reason is the negated group, with the value that kept it false',
    rules: [
      rule({
        id: 'not-reddit',
        when: {
          all: [
            { op: 'contains_any', keywords: ['refund'] },
            { not: { op: 'in', fact: 'platform', values: ['reddit'] } },
          ],
        },
        actions: [tag('Billing - refund')],
      }),
    ],
    item: { text: 'I want a REFUND', platform: 'linkedin' },
    actions: [{ type: 'tag.add', tag: 'Billing - refund' }],
    trace: [
      {
        ruleId: 'not-reddit',
        outcome: 'fired',
        because: [
          { path: 'when.all[0]', keyword: 'refund' },
          { path: 'when.all[1]', op: 'not', fact: 'platform', value: 'linkedin' },
        ],
      },
    ],
  },
  {
    name: 'not_contains holds when no keyword is there',
    rules: [
      rule({
        id: 'no-thanks',
        when: {
          all: [
            { op: 'in', fact: 'kind', values: ['reply'] },
            { op: 'not_contains', keywords: ['thanks', 'tack', 'dziękuję'] },
          ],
        },
        actions: [tag('Needs answer')],
      }),
    ],
    item: { text: 'where is my parcel' },
    actions: [{ type: 'tag.add', tag: 'Needs answer' }],
    trace: [
      {
        ruleId: 'no-thanks',
        outcome: 'fired',
        because: [
          { path: 'when.all[0]', op: 'in', value: 'reply' },
          { path: 'when.all[1]', op: 'not_contains', fact: 'text' },
        ],
      },
    ],
  },
  {
    name: 'not_contains fails when a keyword is there (diacritics folded: dziekuje = dziękuję)',
    rules: [
      rule({
        id: 'no-thanks',
        when: { op: 'not_contains', keywords: ['thanks', 'dziękuję'] },
        actions: [tag('Needs answer')],
      }),
    ],
    item: { text: 'DZIEKUJE bardzo' },
    actions: [],
    trace: [],
  },
  {
    name: 'contains_all: every keyword is a reason',
    rules: [
      rule({
        id: 'late-refund',
        when: { op: 'contains_all', keywords: ['late', 'refund'] },
        actions: [tag('Billing - late refund')],
      }),
    ],
    item: { text: 'Late again. Refund please.' },
    actions: [{ type: 'tag.add', tag: 'Billing - late refund' }],
    trace: [
      {
        ruleId: 'late-refund',
        outcome: 'fired',
        because: [
          { path: 'when', op: 'contains_all', keyword: 'late', found: 'late' },
          { path: 'when', op: 'contains_all', keyword: 'refund', found: 'refund' },
        ],
      },
    ],
  },
  {
    name: 'contains_all: one missing keyword, no match',
    rules: [rule({ when: { op: 'contains_all', keywords: ['late', 'refund'] }, actions: [tag('x')] })],
    item: { text: 'late again' },
    actions: [],
    trace: [],
  },
  {
    name: 'nesting: all › any › not, three deep',
    rules: [
      rule({
        id: 'nested',
        when: {
          all: [
            { op: 'contains_any', keywords: ['late delivery', 'för sent'] },
            {
              any: [
                { op: 'is', fact: 'has_link' },
                {
                  not: {
                    any: [
                      { op: 'in', fact: 'language', values: ['en'] },
                      { op: 'is', fact: 'only_emoji' },
                    ],
                  },
                },
              ],
            },
          ],
        },
        actions: [tag('CS - late')],
      }),
    ],
    item: { text: 'Leveransen kom FÖR SENT', lang: 'sv-SE' },
    actions: [{ type: 'tag.add', tag: 'CS - late' }],
    trace: [
      {
        ruleId: 'nested',
        outcome: 'fired',
        because: [
          { path: 'when.all[0]', keyword: 'för sent', found: 'for sent' },
          { path: 'when.all[1].any[1]', op: 'not' },
        ],
      },
    ],
  },
  (() => {
    const second = rule({ id: 'b-second', order: 20, actions: [{ type: 'priority.set', priority: 'low' }] });
    const first = rule({ id: 'a-first', order: 10, actions: [{ type: 'priority.set', priority: 'urgent' }] });
    return {
      name: 'order: rules run by `order`, not by their position in the list; a later rule sees the earlier change',
      rules: [second, first],
      actions: [
        { type: 'priority.set', priority: 'urgent', from: 'normal', ruleId: 'a-first' },
        { type: 'priority.set', priority: 'low', from: 'urgent', ruleId: 'b-second' },
      ],
      trace: [
        { ruleId: 'a-first', outcome: 'fired', because: [] },
        { ruleId: 'b-second', outcome: 'fired', because: [] },
      ],
    };
  })(),
  {
    name: 'order ties go by id',
    rules: [rule({ id: 'zeta', order: 5, actions: [tag('z')] }), rule({ id: 'alpha', order: 5, actions: [tag('a')] })],
    actions: [{ tag: 'a' }, { tag: 'z' }],
    trace: [
      { ruleId: 'alpha', outcome: 'fired' },
      { ruleId: 'zeta', outcome: 'fired' },
    ],
  },
  {
    name: 'stopProcessing: the first matching rule stops the rest',
    rules: [
      rule({
        id: 'spam',
        order: 1,
        when: { op: 'is', fact: 'has_link' },
        stopProcessing: true,
        actions: [tag('Spam')],
      }),
      rule({ id: 'later', order: 2, actions: [tag('Triage')] }),
    ],
    item: { text: 'free money at www.scam.io' },
    actions: [{ tag: 'Spam', ruleId: 'spam' }],
    trace: [{ ruleId: 'spam', outcome: 'fired', stoppedProcessing: true, because: [{ op: 'is', value: true }] }],
  },
  {
    name: 'stopProcessing on a rule that does not match stops nothing',
    rules: [
      rule({
        id: 'spam',
        order: 1,
        when: { op: 'is', fact: 'has_link' },
        stopProcessing: true,
        actions: [tag('Spam')],
      }),
      rule({ id: 'later', order: 2, actions: [tag('Triage')] }),
    ],
    item: { text: 'no links here' },
    actions: [{ tag: 'Triage', ruleId: 'later' }],
    trace: [{ ruleId: 'later', outcome: 'fired', stoppedProcessing: false }],
  },
  {
    name: 'explain: stopped and disabled rules are traced with why',
    explain: true,
    rules: [
      rule({ id: 'off', order: 0, enabled: false, actions: [tag('Off')] }),
      rule({ id: 'stop', order: 1, stopProcessing: true, actions: [tag('Stop')] }),
      rule({ id: 'after', order: 2, actions: [tag('After')] }),
      rule({ id: 'reply-rule', order: 3, on: { event: 'reply.detected' }, actions: [tag('R')] }),
    ],
    actions: [{ tag: 'Stop' }],
    trace: [
      { ruleId: 'off', outcome: 'skipped', skipped: 'disabled' },
      { ruleId: 'stop', outcome: 'fired', stoppedProcessing: true },
      { ruleId: 'after', outcome: 'skipped', skipped: 'stopped' },
      { ruleId: 'reply-rule', outcome: 'skipped', skipped: 'other_event' },
    ],
  },
  {
    name: 'disabled rules never run',
    rules: [
      rule({ id: 'off', enabled: false, when: { op: 'contains_any', keywords: ['hello'] }, actions: [tag('x')] }),
    ],
    item: { text: 'hello' },
    actions: [],
    trace: [],
  },
  {
    name: 'a later rule sees an earlier rule’s tag',
    rules: [
      rule({ id: 'tagger', order: 1, when: { op: 'contains_any', keywords: ['refund'] }, actions: [tag('Billing')] }),
      rule({
        id: 'router',
        order: 2,
        when: { op: 'has_any', values: ['Billing'] },
        actions: [{ type: 'assign', to: { strategy: 'member', memberId: 'mem_billing' } }],
      }),
    ],
    item: { text: 'refund now' },
    actions: [
      { type: 'tag.add', tag: 'Billing', ruleId: 'tagger' },
      { type: 'assign', memberId: 'mem_billing', from: null, strategy: 'member', ruleId: 'router' },
    ],
    trace: [
      { ruleId: 'tagger', outcome: 'fired' },
      {
        ruleId: 'router',
        outcome: 'fired',
        because: [{ path: 'when', op: 'has_any', fact: 'tags', value: ['Billing'] }],
      },
    ],
  },
  {
    name: 'a rule with no condition matches everything its event brings',
    rules: [rule({ id: 'all', actions: [tag('Inbox')] })],
    actions: [{ tag: 'Inbox' }],
    trace: [{ ruleId: 'all', outcome: 'fired', because: [] }],
  },
];

describe('evaluate: outcome and trace', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => check(c));
});

describe('facts', () => {
  const fires = (when: NonNullable<Parameters<typeof rule>[0]['when']>, over: Partial<RuleItem>, context = {}) =>
    run([rule({ when, actions: [tag('hit')] })], item(over), context).actions.length === 1;

  it.each<[string, NonNullable<Parameters<typeof rule>[0]['when']>, Partial<RuleItem>, boolean]>([
    [
      'verified',
      { op: 'is', fact: 'author.verified' },
      { author: { handle: 'a', name: 'A', url: null, verified: true } },
      true,
    ],
    [
      'not verified (absent)',
      { op: 'is', fact: 'author.verified' },
      { author: { handle: 'a', name: 'A', url: null } },
      false,
    ],
    [
      'followers unknown never compares',
      { op: 'lt', fact: 'author.followers', value: 10 },
      { author: { handle: 'a', name: null, url: null, followers: null } },
      false,
    ],
    ['followers', { op: 'gt', fact: 'author.followers', value: 100 }, {}, true],
    ['profile, case and @ ignored', { op: 'in', fact: 'profile', values: ['@ACME'] }, {}, true],
    ['handle, case and @ ignored', { op: 'in', fact: 'author.handle', values: ['@Anna_K'] }, {}, true],
    ['declared language, primary subtag', { op: 'in', fact: 'language', values: ['sv'] }, { lang: 'sv-SE' }, true],
    [
      'language from an unambiguous script',
      { op: 'in', fact: 'language', values: ['el'] },
      { text: 'Πού είναι το δέμα μου;' },
      true,
    ],
    ['Japanese from kana', { op: 'in', fact: 'language', values: ['ja'] }, { text: '荷物が届きません' }, true],
    [
      'no language for undeclared Latin text',
      { op: 'not_in', fact: 'language', values: ['en', 'sv'] },
      { text: 'hello' },
      true,
    ],
    ['script', { op: 'in', fact: 'script', values: ['cyrillic'] }, { text: 'Где моя посылка? ok' }, true],
    ['has link', { op: 'is', fact: 'has_link' }, { text: 'look: https://acme.com' }, true],
    ['only emoji', { op: 'is', fact: 'only_emoji' }, { text: '😡😡 👎🏻' }, true],
    ['only emoji false', { op: 'is', fact: 'only_emoji', value: false }, { text: 'angry 😡' }, true],
    ['age from the site timestamp (60 min)', { op: 'gte', fact: 'age_minutes', value: 60 }, {}, true],
    [
      'age from capture time without one',
      { op: 'gte', fact: 'age_minutes', value: 60 },
      { siteTimestamp: null },
      false,
    ],
    ['assigned', { op: 'is', fact: 'assigned', value: false }, {}, true],
    ['assignee in', { op: 'in', fact: 'assignee', values: ['mem_1'] }, { assigneeId: 'mem_1' }, true],
    ['answered', { op: 'is', fact: 'answered' }, { repliedAt: '2026-01-10T11:30:00.000Z' }, true],
    ['tags has_none', { op: 'has_none', values: ['Spam'] }, { tags: ['CS - late'] }, true],
    ['tags has_all', { op: 'has_all', values: ['A', 'B'] }, { tags: ['A'] }, false],
    ['priority', { op: 'in', fact: 'priority', values: ['high', 'urgent'] }, { priority: 'urgent' }, true],
    ['status', { op: 'in', fact: 'status', values: ['pending'] }, {}, false],
    [
      'author name keywords',
      { op: 'contains_any', fact: 'author.name', keywords: ['łukasz'] },
      { author: { handle: 'l', name: 'ŁUKASZ Nowak', url: null } },
      true,
    ],
    [
      'handle substring',
      { op: 'contains_any', fact: 'author.handle', keywords: ['bot'], match: 'substring' },
      { author: { handle: '@promo_bot99', name: null, url: null } },
      true,
    ],
  ])('%s', (_name, when, over, expected) => {
    expect(fires(when, over)).toBe(expected);
  });

  it('age uses the injected clock', () => {
    const r = rule({ when: { op: 'lt', fact: 'age_minutes', value: 5 }, actions: [tag('fresh')] });
    expect(run([r], item(), { now: '2026-01-10T11:03:00.000Z' }).actions).toHaveLength(1);
    expect(run([r], item(), { now: '2026-01-10T11:06:00.000Z' }).actions).toHaveLength(0);
  });
});

describe('events', () => {
  const onStatus = rule({ id: 'on-done', on: { event: 'status.changed', to: ['done'] }, actions: [tag('Closed')] });
  const onReply = rule({ id: 'on-reply', on: { event: 'reply.detected' }, actions: [tag('Answered')] });
  const onCapture = rule({ id: 'on-capture', actions: [tag('New')] });
  const all = [onStatus, onReply, onCapture];

  it('a rule runs only on its event', () => {
    const ids = (event: RuleEvent) => run(all, item(), {}, { event }).actions.map((a) => a.ruleId);
    expect(ids({ type: 'item.captured', causedBy: [] })).toEqual(['on-capture']);
    expect(ids({ type: 'reply.detected', memberId: 'mem_1', causedBy: [] })).toEqual(['on-reply']);
    expect(ids({ type: 'status.changed', from: 'open', to: 'done', causedBy: [] })).toEqual(['on-done']);
    expect(ids({ type: 'status.changed', from: 'open', to: 'pending', causedBy: [] })).toEqual([]);
  });

  it('no_reply fires once, in the sweep window where the wait crosses the threshold', () => {
    const sla = rule({
      id: 'sla',
      on: { event: 'no_reply', minutes: 120 },
      actions: [{ type: 'priority.set', priority: 'urgent' }],
    });
    // Posted 11:00 (site time), captured 11:00:30. Threshold: 13:00.
    const sweep = (from: string, to: string, over: Partial<RuleItem> = {}) =>
      run([sla], item(over), { now: to }, { event: { type: 'time.elapsed', from, to, causedBy: [] } }).actions.length;
    expect(sweep('2026-01-10T12:50:00.000Z', '2026-01-10T12:55:00.000Z')).toBe(0);
    expect(sweep('2026-01-10T12:55:00.000Z', '2026-01-10T13:00:00.000Z')).toBe(1);
    expect(sweep('2026-01-10T13:00:00.000Z', '2026-01-10T13:05:00.000Z')).toBe(0);
    // Answered or done: never.
    expect(
      sweep('2026-01-10T12:55:00.000Z', '2026-01-10T13:00:00.000Z', { repliedAt: '2026-01-10T11:10:00.000Z' }),
    ).toBe(0);
    expect(sweep('2026-01-10T12:55:00.000Z', '2026-01-10T13:00:00.000Z', { status: 'done' })).toBe(0);
    // Captured long after it was posted: due at capture, so the first sweep after capture fires.
    const late = { siteTimestamp: '2026-01-01T00:00:00.000Z', capturedAt: '2026-01-10T12:57:00.000Z' };
    expect(sweep('2026-01-10T12:55:00.000Z', '2026-01-10T13:00:00.000Z', late)).toBe(1);
    expect(sweep('2026-01-10T13:00:00.000Z', '2026-01-10T13:05:00.000Z', late)).toBe(0);
  });
});

describe('explain', () => {
  it('gives the whole evaluated tree of a rule that did not fire, with evidence', () => {
    const r = rule({
      id: 'why-not',
      when: {
        all: [
          { op: 'contains_any', keywords: ['broken', 'krossat'] },
          { op: 'in', fact: 'platform', values: ['youtube'] },
        ],
      },
      actions: [tag('x')],
    });
    const out = run([r], item({ text: 'Broken screen' }), {}, { explain: true });
    expect(out.trace).toEqual([
      {
        ruleId: 'why-not',
        ruleName: r.name,
        order: r.order,
        outcome: 'no_match',
        because: [],
        actions: [],
        stoppedProcessing: false,
        condition: {
          path: 'when',
          op: 'all',
          result: false,
          children: [
            {
              path: 'when.all[0]',
              op: 'contains_any',
              fact: 'text',
              result: true,
              evidence: { keywords: [{ keyword: 'broken', found: 'broken' }] },
            },
            { path: 'when.all[1]', op: 'in', fact: 'platform', result: false, evidence: { value: 'x' } },
          ],
        },
      },
    ]);
  });

  it('gives the same actions as the fast path', () => {
    const rules = [
      rule({ when: { op: 'contains_any', keywords: ['refund'] }, actions: [tag('Billing')] }),
      rule({ when: { not: { op: 'is', fact: 'has_link' } }, actions: [{ type: 'priority.set', priority: 'high' }] }),
    ];
    const it = item({ text: 'refund please' });
    expect(run(rules, it, {}, { explain: true }).actions).toEqual(run(rules, it).actions);
  });
});

describe('compileRules', () => {
  it('refuses two rules with one id (traces and the loop guard go by id)', () => {
    const a = rule({ id: 'same', actions: [tag('a')] });
    expect(() => run([a, { ...a }], item())).toThrow('compileRules: two rules have the id "same"');
  });
});

describe('now', () => {
  it('takes a Date as well as an ISO string', () => {
    const r = rule({ actions: [{ type: 'snooze', minutes: 30 }] });
    const a = run([r], item(), { now: new Date(NOW) }).actions[0];
    expect(a).toMatchObject({ type: 'snooze', until: '2026-01-10T12:30:00.000Z' });
  });
  it('refuses a context without a usable time', () => {
    expect(() => run([rule({ actions: [tag('x')] })], item(), { now: 'yesterday' })).toThrow(/not a time/);
  });
});

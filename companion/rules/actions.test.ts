/** Every action kind, and assignment by member, round-robin, least-loaded and last responder, given a context. */
import { describe, expect, it } from 'vitest';
import type { RuleActionSpecInput } from '../../shared/rules/index.js';
import { SlackPayload } from '../../shared/rules/index.js';
import type { RuleContext } from './context.js';
import type { RuleItem } from './facts.js';
import { NOW, item, rule, run } from './test-helpers.js';

function act(actions: RuleActionSpecInput[], over: Partial<RuleItem> = {}, context: Partial<RuleContext> = {}) {
  const r = rule({ id: 'act', name: 'Route refunds', actions });
  return run([r], item(over), context);
}

describe('tags', () => {
  it('adds and removes, skipping what would change nothing', () => {
    const out = act(
      [
        { type: 'tag.add', tags: ['CS - late', 'VIP'] },
        { type: 'tag.remove', tags: ['Triage', 'Never there'] },
      ],
      { tags: ['VIP', 'Triage'] },
    );
    expect(out.actions).toEqual([
      { type: 'tag.add', tag: 'CS - late', ruleId: 'act', because: [] },
      { type: 'tag.remove', tag: 'Triage', ruleId: 'act', because: [] },
    ]);
    expect(out.trace[0]!.actions).toEqual([
      { index: 0, type: 'tag.add', result: 'applied', actionIndex: 0 },
      { index: 0, type: 'tag.add', result: 'no_change', note: 'already tagged "VIP"' },
      { index: 1, type: 'tag.remove', result: 'applied', actionIndex: 1 },
      { index: 1, type: 'tag.remove', result: 'no_change', note: 'not tagged "Never there"' },
    ]);
  });
  it('tag names are normalised by the schema (spaces, NFC)', () => {
    const out = act([{ type: 'tag.add', tags: ['  CS   -  late  '] }]);
    expect(out.actions[0]).toMatchObject({ tag: 'CS - late' });
  });
});

describe('priority, status, snooze, suggest', () => {
  it('sets priority and status with what they were', () => {
    const out = act([
      { type: 'priority.set', priority: 'urgent' },
      { type: 'status.set', status: 'done' },
    ]);
    expect(out.actions).toMatchObject([
      { type: 'priority.set', priority: 'urgent', from: 'normal' },
      { type: 'status.set', status: 'done', from: 'open' },
    ]);
  });
  it('no change when already so', () => {
    const out = act([{ type: 'status.set', status: 'open' }]);
    expect(out.actions).toEqual([]);
    expect(out.trace[0]!.actions[0]).toMatchObject({ result: 'no_change', note: 'status is already open' });
  });
  it('snooze: pending until now + minutes, from the injected clock', () => {
    const out = act([{ type: 'snooze', minutes: 90 }]);
    expect(out.actions).toMatchObject([{ type: 'snooze', until: '2026-01-10T13:30:00.000Z', from: 'open' }]);
  });
  it('suggests saved replies', () => {
    const out = act([{ type: 'reply.suggest', savedReplyIds: ['sr_refund', 'sr_sorry'] }]);
    expect(out.actions).toMatchObject([{ type: 'reply.suggest', savedReplyIds: ['sr_refund', 'sr_sorry'] }]);
  });
});

describe('alert', () => {
  const hostile = item({
    text: 'Refund <!channel> & <https://evil.example|click>\n now',
    author: { handle: '@eve', name: 'Eve <b>', url: null },
  });
  it('a desktop message for members, and a Slack-compatible webhook body with everything escaped', () => {
    const r = rule({
      id: 'alert',
      name: 'Refund alert',
      actions: [
        {
          type: 'alert',
          members: ['mem_lead'],
          message: '{{rule}} — {{author}} ({{handle}}) on {{platform}}: {{text}} {{permalink}}',
          webhook: { url: 'https://hooks.slack.com/services/T/B/X' },
        },
      ],
    });
    const [a] = run([r], hostile).actions;
    expect(a).toMatchObject({
      type: 'alert',
      members: ['mem_lead'],
      message:
        'Refund alert — Eve <b> (@eve) on X: Refund <!channel> & <https://evil.example|click> now https://x.com/anna_k/status/1900000000000000001',
    });
    if (a?.type !== 'alert' || !a.webhook) throw new Error('expected an alert with a webhook');
    expect(a.webhook.url).toBe('https://hooks.slack.com/services/T/B/X');
    const body = SlackPayload.parse(a.webhook.body);
    expect(body.text).toBe(
      'Refund alert — Eve &lt;b&gt; (@eve) on X: Refund &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; now <https://x.com/anna_k/status/1900000000000000001|Open on X>',
    );
    expect(body.blocks[0]!.text.text).toBe(body.text);
    expect(body.unfurl_links).toBe(false);
  });
  it('has a default message and no webhook unless asked', () => {
    const [a] = act([{ type: 'alert', members: ['mem_1'] }]).actions;
    expect(a).toMatchObject({ type: 'alert', members: ['mem_1'] });
    expect(a).not.toHaveProperty('webhook');
    expect(a?.type === 'alert' && a.message).toContain('Route refunds: reply on X from Anna K: “Hello there”');
  });
});

describe('assign', () => {
  const groups = { cs: ['mem_a', 'mem_b', 'mem_c'] };

  it('to a member, with who had it before; then no change if already theirs', () => {
    const out = act([{ type: 'assign', to: { strategy: 'member', memberId: 'mem_x' } }], { assigneeId: 'mem_y' });
    expect(out.actions).toMatchObject([{ type: 'assign', memberId: 'mem_x', from: 'mem_y', strategy: 'member' }]);
    const again = act([{ type: 'assign', to: { strategy: 'member', memberId: 'mem_x' } }], { assigneeId: 'mem_x' });
    expect(again.actions).toEqual([]);
    expect(again.trace[0]!.actions[0]).toMatchObject({ result: 'no_change', note: 'already assigned to mem_x' });
  });

  it('unassign', () => {
    const out = act([{ type: 'assign', to: { strategy: 'unassign' } }], { assigneeId: 'mem_y' });
    expect(out.actions).toMatchObject([{ type: 'assign', memberId: null, from: 'mem_y', strategy: 'unassign' }]);
  });

  it('round-robin: the next member after the last one, wrapping, skipping the unavailable', () => {
    const rr = [{ type: 'assign', to: { strategy: 'round_robin', group: 'cs' } }] as RuleActionSpecInput[];
    const pick = (context: Partial<RuleContext>) => {
      const out = act(rr, {}, { groups, ...context });
      return { who: out.actions[0]?.type === 'assign' ? out.actions[0].memberId : null, state: out.state };
    };
    expect(pick({}).who).toBe('mem_a');
    expect(pick({ state: { roundRobin: { cs: 'mem_a' }, load: {} } }).who).toBe('mem_b');
    expect(pick({ state: { roundRobin: { cs: 'mem_c' }, load: {} } }).who).toBe('mem_a');
    expect(pick({ state: { roundRobin: { cs: 'mem_a' }, load: {} }, unavailable: ['mem_b'] }).who).toBe('mem_c');
    // A member who left the group: start from the top.
    expect(pick({ state: { roundRobin: { cs: 'mem_gone' }, load: {} } }).who).toBe('mem_a');
    // The returned state moves the rotation and counts the load.
    expect(pick({ state: { roundRobin: { cs: 'mem_a' }, load: { mem_b: 2 } } }).state).toEqual({
      roundRobin: { cs: 'mem_b' },
      load: { mem_b: 3 },
    });
  });

  it('round-robin chained over items gives everyone a turn', () => {
    const rr = [{ type: 'assign', to: { strategy: 'round_robin', group: 'cs' } }] as RuleActionSpecInput[];
    let state: RuleContext['state'] = { roundRobin: {}, load: {} };
    const got: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const out = act(rr, {}, { groups, state });
      state = out.state;
      got.push(out.actions[0]?.type === 'assign' ? out.actions[0].memberId : null);
    }
    expect(got).toEqual(['mem_a', 'mem_b', 'mem_c', 'mem_a', 'mem_b']);
  });

  it('least-loaded: fewest open items, ties in group order, skipping the unavailable', () => {
    const ll = [{ type: 'assign', to: { strategy: 'least_loaded', group: 'cs' } }] as RuleActionSpecInput[];
    const who = (context: Partial<RuleContext>) => {
      const a = act(ll, {}, { groups, ...context }).actions[0];
      return a?.type === 'assign' ? a.memberId : null;
    };
    expect(who({ state: { roundRobin: {}, load: { mem_a: 4, mem_b: 1, mem_c: 2 } } })).toBe('mem_b');
    expect(who({ state: { roundRobin: {}, load: { mem_a: 4, mem_b: 1, mem_c: 2 } }, unavailable: ['mem_b'] })).toBe(
      'mem_c',
    );
    expect(who({ state: { roundRobin: {}, load: { mem_a: 1 } } })).toBe('mem_b'); // unknown load is 0
    expect(who({})).toBe('mem_a');
  });

  it('moving an item moves its load', () => {
    const out = act(
      [{ type: 'assign', to: { strategy: 'least_loaded', group: 'cs' } }],
      { assigneeId: 'mem_a' },
      {
        groups,
        state: { roundRobin: {}, load: { mem_a: 3, mem_b: 0, mem_c: 1 } },
      },
    );
    expect(out.state.load).toEqual({ mem_a: 2, mem_b: 1, mem_c: 1 });
  });

  it('nobody to assign: traced as no_member, with why', () => {
    const out = act(
      [{ type: 'assign', to: { strategy: 'round_robin', group: 'cs' } }],
      {},
      {
        groups,
        unavailable: ['mem_a', 'mem_b', 'mem_c'],
      },
    );
    expect(out.actions).toEqual([]);
    expect(out.trace[0]!.actions).toEqual([
      { index: 0, type: 'assign', result: 'no_member', note: 'nobody in group "cs" is available' },
    ]);
    const empty = act([{ type: 'assign', to: { strategy: 'least_loaded', group: 'nope' } }]);
    expect(empty.trace[0]!.actions[0]).toMatchObject({ result: 'no_member', note: 'group "nope" has no members' });
  });

  it('last responder, from the context or the reply event; else the fallback', () => {
    const lr = (fallback?: boolean) =>
      [
        {
          type: 'assign',
          to: {
            strategy: 'last_responder',
            ...(fallback ? { fallback: { strategy: 'round_robin', group: 'cs' } } : {}),
          },
        },
      ] as RuleActionSpecInput[];
    expect(act(lr(), {}, { lastResponderId: 'mem_b' }).actions).toMatchObject([
      { memberId: 'mem_b', strategy: 'last_responder' },
    ]);
    const onReply = rule({ on: { event: 'reply.detected' }, actions: lr() });
    expect(
      run([onReply], item(), {}, { event: { type: 'reply.detected', memberId: 'mem_c', causedBy: [] } }).actions,
    ).toMatchObject([{ memberId: 'mem_c', strategy: 'last_responder' }]);
    expect(act(lr(true), {}, { groups }).actions).toMatchObject([{ memberId: 'mem_a', strategy: 'round_robin' }]);
    expect(act(lr(true), {}, { groups, lastResponderId: 'mem_b', unavailable: ['mem_b'] }).actions).toMatchObject([
      { memberId: 'mem_a', strategy: 'round_robin' },
    ]);
    expect(act(lr(), {}, {}).trace[0]!.actions[0]).toMatchObject({
      result: 'no_member',
      note: 'nobody has replied on this thread',
    });
  });

  it('does not change the state it was given', () => {
    const state = { roundRobin: { cs: 'mem_a' }, load: { mem_b: 1 } };
    const frozen = JSON.stringify(state);
    act([{ type: 'assign', to: { strategy: 'round_robin', group: 'cs' } }], {}, { groups, state, now: NOW });
    expect(JSON.stringify(state)).toBe(frozen);
  });
});

/** Rules files: export, import back, and plain-words errors for untrusted JSON. */
import { describe, expect, it } from 'vitest';
import { RULE_LIMITS } from '../../shared/rules/index.js';
import { exportRules, importRules, parseRule } from './rule-json.js';
import { rule } from './test-helpers.js';

const rules = [
  rule({
    id: 'damaged',
    name: 'Damaged goods',
    order: 20,
    when: {
      all: [
        { op: 'contains_any', keywords: ['krossat', 'łódź', 'İstanbul', '😡'] },
        { not: { op: 'in', fact: 'platform', values: ['reddit'] } },
        { op: 'regex', pattern: 'order #?\\d{5,}' },
      ],
    },
    actions: [
      { type: 'tag.add', tags: ['CS - damaged'] },
      { type: 'alert', members: ['mem_lead'], webhook: { url: 'https://hooks.slack.com/services/T/B/X' } },
    ],
    stopProcessing: true,
  }),
  rule({
    id: 'sla',
    name: 'SLA',
    order: 10,
    on: { event: 'no_reply', minutes: 120 },
    actions: [{ type: 'priority.set', priority: 'urgent' }],
  }),
];

describe('export and import', () => {
  it('round-trips, sorted by order, with the format and version', () => {
    const text = exportRules(rules, { exportedAt: new Date('2026-01-10T12:00:00.000Z') });
    const parsed = JSON.parse(text) as { format: string; version: number; exportedAt: string; rules: { id: string }[] };
    expect(parsed).toMatchObject({ format: 'inlay.rules', version: 1, exportedAt: '2026-01-10T12:00:00.000Z' });
    expect(parsed.rules.map((r) => r.id)).toEqual(['sla', 'damaged']);
    const back = importRules(text);
    expect(back).toEqual({ ok: true, ruleSet: { ...parsed, rules: [rules[1], rules[0]] } });
  });

  it('accepts a parsed value and a bare list of rules', () => {
    const value = JSON.parse(exportRules(rules)) as { rules: unknown[] };
    expect(importRules(value).ok).toBe(true);
    const bare = importRules(JSON.stringify(value.rules));
    expect(bare.ok && bare.ruleSet.rules.map((r) => r.id)).toEqual(['sla', 'damaged']);
  });

  it('fills defaults on import (enabled, stopProcessing, keyword match options)', () => {
    const out = importRules({
      format: 'inlay.rules',
      version: 1,
      rules: [
        {
          id: 'r',
          name: 'R',
          order: 1,
          on: { event: 'item.captured' },
          when: { op: 'contains_any', keywords: ['x'] },
          actions: [{ type: 'tag.add', tags: ['t'] }],
        },
      ],
    });
    expect(out.ok && out.ruleSet.rules[0]).toMatchObject({
      enabled: true,
      stopProcessing: false,
      when: { op: 'contains_any', fact: 'text', match: 'word', caseSensitive: false, accentSensitive: false },
    });
  });
});

describe('import errors, in plain words', () => {
  const errors = (input: unknown) => {
    const out = importRules(input);
    if (out.ok) throw new Error('expected errors');
    return out.errors;
  };
  const envelope = (rs: unknown[]) => ({ format: 'inlay.rules', version: 1, rules: rs });
  const valid = {
    id: 'ok',
    name: 'OK',
    order: 1,
    on: { event: 'item.captured' },
    actions: [{ type: 'tag.add', tags: ['t'] }],
  };

  it.each<[string, unknown, string[]]>([
    ['not JSON', '{"format": ', ['This is not JSON (Unexpected end of JSON input).']],
    ['not a rules file', '{"hello": 1}', ['This is not an Inlay rules file: it has no "format": "inlay.rules".']],
    [
      'another format',
      { format: 'zendesk.triggers', version: 1 },
      ['This is not an Inlay rules file: its format is "zendesk.triggers", not "inlay.rules".'],
    ],
    [
      'a newer version',
      { format: 'inlay.rules', version: 2, rules: [] },
      [
        'This file was written by a newer Inlay (rules format version 2); this version reads version 1. Update Inlay to import it.',
      ],
    ],
    [
      'missing fields',
      envelope([{ id: 'x' }]),
      [
        'rules[0].name: is missing',
        'rules[0].on: is missing',
        'rules[0].actions: is missing',
        'rules[0].order: is missing',
      ],
    ],
    [
      'wrong types and unknown fields',
      envelope([{ ...valid, order: 'first', colour: 'red' }]),
      ['rules[0].order: must be a number, not the text "first"', 'rules[0]: has an unknown field "colour"'],
    ],
    [
      'bad id',
      envelope([{ ...valid, id: 'has space' }]),
      ['rules[0].id: may hold only letters A–Z, digits and _ . : -'],
    ],
    ['duplicate ids', envelope([valid, valid]), ['rules[1].id: "ok" is also the id of rules[0]']],
    [
      'unknown event',
      envelope([{ ...valid, on: { event: 'item.liked' } }]),
      ['rules[0].on.event: "event" must be one of item.captured, reply.detected, status.changed, no_reply'],
    ],
    [
      'unknown action',
      envelope([{ ...valid, actions: [{ type: 'delete' }] }]),
      [
        'rules[0].actions[0].type: "type" must be one of tag.add, tag.remove, assign, priority.set, status.set, snooze, alert, reply.suggest',
      ],
    ],
    [
      'alert with nobody',
      envelope([{ ...valid, actions: [{ type: 'alert' }] }]),
      ['rules[0].actions[0]: an alert needs at least one member or a webhook'],
    ],
    [
      'webhook not http(s)',
      envelope([{ ...valid, actions: [{ type: 'alert', webhook: { url: 'javascript:alert(1)' } }] }]),
      ['rules[0].actions[0].webhook.url: must be an http(s) URL'],
    ],
    [
      'unknown op',
      envelope([{ ...valid, when: { all: [{ op: 'like', keywords: ['x'] }] } }]),
      [
        'rules[0].when.all[0].op: "op" must be one of contains_any, contains_all, not_contains, regex, is, in, not_in, gt, gte, lt, lte, has_any, has_all, has_none (got "like")',
      ],
    ],
    [
      'not a condition',
      envelope([{ ...valid, when: { fact: 'text' } }]),
      ['rules[0].when: a condition needs "all", "any", "not" or "op"; this is an object with "fact"'],
    ],
    [
      'group with extra keys',
      envelope([{ ...valid, when: { all: [], op: 'is' } }]),
      ['rules[0].when: a "all" group holds nothing else; move "op" into a condition'],
    ],
    [
      'empty keyword list',
      envelope([{ ...valid, when: { op: 'contains_any', keywords: [] } }]),
      ['rules[0].when.keywords: needs at least 1 item'],
    ],
    [
      'keyword with nothing to match',
      envelope([{ ...valid, when: { op: 'contains_any', keywords: ['ok', '!!!'] } }]),
      ['rules[0].when.keywords[1]: has no letters, digits or emoji to match'],
    ],
    [
      'wrong fact for op',
      envelope([{ ...valid, when: { op: 'gte', fact: 'text', value: 3 } }]),
      ['rules[0].when.fact: must be "author.followers" or "age_minutes", not the text "text"'],
    ],
    [
      'unknown platform',
      envelope([{ ...valid, when: { op: 'in', fact: 'platform', values: ['myspace'] } }]),
      [
        'rules[0].when.values[0]: "myspace" is not a platform; use one of x, linkedin, youtube, instagram, facebook, tiktok, reddit',
      ],
    ],
    [
      'dangerous regex',
      envelope([{ ...valid, when: { op: 'regex', pattern: '(a+)+$' } }]),
      [
        'rules[0].when.pattern: a repeated group that itself repeats or has alternatives, such as (a+)+ or (a|ab)*, can take exponential time',
      ],
    ],
    [
      'too deep',
      envelope([
        {
          ...valid,
          when: { not: { not: { not: { not: { not: { not: { not: { not: { op: 'is', fact: 'has_link' } } } } } } } } },
        },
      ]),
      ['rules[0].when.not.not.not.not.not.not.not.not: conditions are nested more than 8 deep'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(errors(input)).toEqual(expected);
  });

  it('a file that is too large is refused before parsing', () => {
    expect(errors(' '.repeat(RULE_LIMITS.importBytes + 1))[0]).toMatch(/rules files may be at most/);
  });

  it('parseRule reports a single rule’s problems the same way', () => {
    expect(parseRule({ ...valid, name: '  ' })).toEqual({ ok: false, errors: ['name: must not be empty'] });
    expect(parseRule(valid).ok).toBe(true);
  });
});

/** Regex conditions: static safety checks, then a size and a time guard on every run. */
import { describe, expect, it } from 'vitest';
import { RULE_LIMITS, checkRegex } from '../../shared/rules/index.js';
import { capText, guardedRegexRunner } from './regex-guard.js';
import { item, rule, run } from './test-helpers.js';

describe('checkRegex', () => {
  it.each([
    ['order #?\\d{5,}', true],
    ['\\b(refund|chargeback)\\b', true],
    ['[\\p{L}]+@acme', true],
    ['(?:foo|bar) baz', true],
    ['(ab){2,5}', true],
    ['(?<=#)\\d+', true],
    ['(a+)+$', false],
    ['(a*)*b', false],
    ['(a|ab)*c', false],
    ['(\\w+\\s?)*$', false],
    ['(?:x+y?){2,}', false],
    ['(\\d)\\1', false],
    ['(?<n>a)\\k<n>', false],
    ['[', false],
    ['', false],
    ['a'.repeat(RULE_LIMITS.regex + 1), false],
  ])('%j → %s', (pattern, ok) => {
    expect(checkRegex(pattern).ok).toBe(ok);
  });

  it('says why in plain words', () => {
    expect(checkRegex('(a+)+')).toEqual({
      ok: false,
      reason:
        'a repeated group that itself repeats or has alternatives, such as (a+)+ or (a|ab)*, can take exponential time',
    });
    expect(checkRegex('(\\d)\\1')).toEqual({ ok: false, reason: 'back-references (\\1, \\k<name>) are not allowed' });
    expect(checkRegex('x'.repeat(201))).toEqual({
      ok: false,
      reason: 'the pattern is 201 characters long; at most 200 are allowed',
    });
    expect(checkRegex('(')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the pattern is not a valid regular expression/),
    });
  });
});

describe('regex conditions', () => {
  const order = rule({
    id: 'order',
    when: { op: 'regex', pattern: 'order\\s*#?\\d{5,}' },
    actions: [{ type: 'tag.add', tags: ['Order'] }],
  });

  it('match case-insensitively by default, with the match as evidence', () => {
    const out = run([order], item({ text: 'Hej! ORDER #123456 kom krossat' }));
    expect(out.actions).toMatchObject([
      { tag: 'Order', because: [{ path: 'when', op: 'regex', fact: 'text', match: 'ORDER #123456' }] },
    ]);
  });

  it('are Unicode-aware and can be case-sensitive', () => {
    const polish = rule({
      when: { op: 'regex', pattern: '^Łódź', ignoreCase: false },
      actions: [{ type: 'tag.add', tags: ['PL'] }],
    });
    expect(run([polish], item({ text: 'Łódź, ul. Piotrkowska' })).actions).toHaveLength(1);
    expect(run([polish], item({ text: 'łódź, ul. Piotrkowska' })).actions).toHaveLength(0);
    const letters = rule({
      when: { op: 'regex', pattern: '^\\p{Script=Cyrillic}+$' },
      actions: [{ type: 'tag.add', tags: ['RU'] }],
    });
    expect(run([letters], item({ text: 'Спасибо' })).actions).toHaveLength(1);
  });

  it('can test other text facts', () => {
    const bot = rule({
      when: { op: 'regex', fact: 'author.handle', pattern: 'bot\\d*$' },
      actions: [{ type: 'tag.add', tags: ['Bot'] }],
    });
    expect(run([bot], item({ author: { handle: 'promo_BOT42', name: null, url: null } })).actions).toHaveLength(1);
  });

  it('size guard: only the first characters are searched', () => {
    const tail = rule({ when: { op: 'regex', pattern: 'needle' }, actions: [{ type: 'tag.add', tags: ['x'] }] });
    const head = 'x'.repeat(RULE_LIMITS.regexInput);
    expect(run([tail], item({ text: `needle ${head}` })).actions).toHaveLength(1);
    expect(run([tail], item({ text: `${head} needle` })).actions).toHaveLength(0);
  });

  it('capText never splits a surrogate pair', () => {
    const text = `${'a'.repeat(9)}😀rest`;
    expect(capText(text, 10)).toBe('a'.repeat(9));
    expect(capText(text, 11)).toBe(`${'a'.repeat(9)}😀`);
    expect(capText('short', 10)).toBe('short');
  });

  it('time guard: a slow regex that passes the static checks is stopped and counts as no match', () => {
    // Polynomial backtracking: seconds on 2,000 characters without the guard.
    const slow = rule({
      id: 'slow',
      when: { op: 'regex', pattern: '.*a.*a.*b' },
      actions: [{ type: 'tag.add', tags: ['x'] }],
    });
    const t0 = performance.now();
    const out = run(
      [slow],
      item({ text: 'a'.repeat(2_000) }),
      {},
      {
        explain: true,
        compile: { regexRunner: guardedRegexRunner() },
      },
    );
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(out.actions).toEqual([]);
    expect(out.trace[0]).toMatchObject({
      ruleId: 'slow',
      outcome: 'no_match',
      condition: {
        op: 'regex',
        result: false,
        evidence: { error: 'the regex took longer than 50 ms and was stopped' },
      },
    });
  });

  it('the guard is a value: it reports, never throws', () => {
    expect(guardedRegexRunner(5).exec(/(x+x+)+y/u, 'x'.repeat(40))).toEqual({
      matched: false,
      error: 'the regex took longer than 5 ms and was stopped',
    });
    const patient = guardedRegexRunner(2_000);
    expect(patient.exec(/b+/u, 'abbbc')).toEqual({ matched: true, text: 'bbb' });
    expect(patient.exec(/z/u, 'abc')).toEqual({ matched: false });
  });

  it('a runner can be injected', () => {
    const seen: string[] = [];
    const out = run(
      [order],
      item({ text: 'order 12345' }),
      {},
      {
        compile: {
          regexRunner: {
            exec: (re, text) => {
              seen.push(`${re.source} on ${text}`);
              return { matched: false };
            },
          },
        },
      },
    );
    expect(out.actions).toEqual([]);
    expect(seen).toEqual(['order\\s*#?\\d{5,} on order 12345']);
  });
});

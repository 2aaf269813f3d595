/**
 * Evaluation skips rules whose keywords are absent from the item (the "gate").
 * That must never change the answer: on random rule sets and items, the gated
 * path gives exactly the actions of the explain path, which looks at every rule.
 */
import { describe, expect, it } from 'vitest';
import type { ConditionInput } from '../../shared/rules/index.js';
import { compileRules } from './compile.js';
import { gateOf } from './compile.js';
import { evaluate } from './evaluate.js';
import { NOW, captured, item, rule } from './test-helpers.js';

function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) & 0x7fffffff;
    return a / 0x7fffffff;
  };
}

const WORDS = ['krossat', 'łódź', 'late', 'refund', 'istanbul', 'сломан', 'straße', '😡', 'ok', 'thanks'];

describe('gating', () => {
  it('gives the same actions as evaluating every rule', () => {
    const rand = prng(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const leaf = (): ConditionInput => {
      const r = rand();
      if (r < 0.4)
        return {
          op: pick(['contains_any', 'contains_all', 'not_contains'] as const),
          keywords: [pick(WORDS), pick(WORDS)],
          match: pick(['word', 'substring'] as const),
        };
      if (r < 0.55) return { op: 'in', fact: 'platform', values: [pick(['x', 'reddit', 'youtube'] as const)] };
      if (r < 0.7) return { op: 'is', fact: pick(['has_link', 'author.verified', 'only_emoji'] as const) };
      if (r < 0.8) return { op: 'has_any', values: ['T1', 'T2'] };
      return { op: 'gte', fact: 'author.followers', value: Math.floor(rand() * 200) };
    };
    const tree = (depth: number): ConditionInput => {
      const r = rand();
      if (depth > 2 || r < 0.4) return leaf();
      if (r < 0.65) return { all: [tree(depth + 1), tree(depth + 1)] };
      if (r < 0.9) return { any: [tree(depth + 1), tree(depth + 1)] };
      return { not: tree(depth + 1) };
    };
    for (let round = 0; round < 40; round++) {
      const rules = Array.from({ length: 12 }, (_, i) =>
        rule({
          when: tree(0),
          stopProcessing: rand() < 0.1,
          actions: [{ type: 'tag.add', tags: [`T${i % 3}`] }],
        }),
      );
      const compiled = compileRules(rules);
      for (let k = 0; k < 15; k++) {
        const text = Array.from({ length: 6 }, () =>
          rand() < 0.4 ? pick(WORDS).toUpperCase() : pick(['hej', 'tak', 'www.x.io']),
        ).join(' ');
        const it = item({
          text,
          platform: pick(['x', 'reddit', 'youtube'] as const),
          author: { handle: 'a', name: 'A', url: null, verified: rand() < 0.5, followers: Math.floor(rand() * 200) },
        });
        const fast = evaluate(compiled, captured, it, { now: NOW });
        const full = evaluate(compiled, captured, it, { now: NOW }, { explain: true });
        expect(fast.actions).toEqual(full.actions);
        expect(fast.trace.filter((t) => t.outcome === 'fired').map((t) => t.ruleId)).toEqual(
          full.trace.filter((t) => t.outcome === 'fired').map((t) => t.ruleId),
        );
      }
    }
  });

  it('gates only on what must be present', () => {
    const compiled = compileRules([
      rule({ when: { op: 'contains_any', keywords: ['a'] }, actions: [{ type: 'tag.add', tags: ['t'] }] }),
      rule({ when: { not: { op: 'contains_any', keywords: ['a'] } }, actions: [{ type: 'tag.add', tags: ['t'] }] }),
      rule({
        when: {
          any: [
            { op: 'contains_any', keywords: ['a'] },
            { op: 'is', fact: 'has_link' },
          ],
        },
        actions: [{ type: 'tag.add', tags: ['t'] }],
      }),
      rule({
        when: {
          all: [
            { op: 'is', fact: 'has_link' },
            { op: 'contains_all', keywords: ['a', 'b'] },
          ],
        },
        actions: [{ type: 'tag.add', tags: ['t'] }],
      }),
    ]);
    expect(compiled.rules.map((r) => (r.condition ? gateOf(r.condition) : null))).toEqual([[0], null, null, [3]]);
  });
});

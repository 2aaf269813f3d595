/** The automaton against brute force, and the keyword index built on it. */
import { describe, expect, it } from 'vitest';
import { AhoCorasickMatcher } from './aho-corasick.js';
import { KeywordIndex } from './keyword-index.js';

function all(m: AhoCorasickMatcher, text: string): string[] {
  const out: string[] = [];
  m.forEachMatch(text, (p, s, e) => out.push(`${p}@${s}-${e}`));
  return out.sort();
}

function brute(patterns: string[], text: string): string[] {
  const out: string[] = [];
  const firstIndex = new Map<string, number>();
  patterns.forEach((p, i) => {
    if (!firstIndex.has(p)) firstIndex.set(p, i);
  });
  for (const [p, i] of firstIndex)
    for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) out.push(`${i}@${at}-${at + p.length}`);
  return out.sort();
}

function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) & 0x7fffffff;
    return a / 0x7fffffff;
  };
}

describe('AhoCorasickMatcher', () => {
  it('finds every occurrence, overlaps included', () => {
    const m = new AhoCorasickMatcher(['he', 'she', 'his', 'hers']);
    expect(all(m, 'ushers')).toEqual(['0@2-4', '1@1-4', '3@2-6']);
  });

  it('agrees with brute force on random texts and patterns (with astral characters)', () => {
    const rand = prng(42);
    const alphabet = ['a', 'b', 'ł', 'ö', ' ', '😀', 'и'];
    const word = (max: number) => {
      let s = '';
      const n = 1 + Math.floor(rand() * max);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
      return s;
    };
    for (let round = 0; round < 200; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => word(4));
      const text = word(60);
      expect(all(new AhoCorasickMatcher(patterns), text)).toEqual(brute(patterns, text));
    }
  });

  it('reports a duplicated pattern once, as its first index; refuses an empty one', () => {
    expect(all(new AhoCorasickMatcher(['ab', 'ab']), 'abab')).toEqual(['0@0-2', '0@2-4']);
    expect(() => new AhoCorasickMatcher(['a', ''])).toThrow(RangeError);
    expect(all(new AhoCorasickMatcher([]), 'anything')).toEqual([]);
  });
});

describe('KeywordIndex', () => {
  const scan = (index: KeywordIndex, text: string) => index.scan(() => text, null, null);

  it('counts a keyword once per condition however it is written', () => {
    const index = new KeywordIndex();
    const both = index.add({
      fact: 'text',
      fold: 0,
      match: 'word',
      keywords: ['Krossat', 'krossat', 'KROSSAT', 'trasig'],
    });
    index.seal();
    expect(index.sizeOf(both)).toBe(2);
    scan(index, 'krossat och trasig, KROSSAT igen');
    expect(index.hitsOf(both)).toBe(2);
    expect(index.allHits(both)).toEqual([
      { keyword: 'Krossat', found: 'krossat' },
      { keyword: 'trasig', found: 'trasig' },
    ]);
  });

  it('keeps word, phrase and substring keywords apart, and shares them between conditions', () => {
    const index = new KeywordIndex();
    const word = index.add({ fact: 'text', fold: 0, match: 'word', keywords: ['late'] });
    const phrase = index.add({ fact: 'text', fold: 0, match: 'word', keywords: ['late delivery'] });
    const sub = index.add({ fact: 'text', fold: 0, match: 'substring', keywords: ['late'] });
    const again = index.add({ fact: 'text', fold: 0, match: 'word', keywords: ['late'] });
    index.seal();
    expect(index.keywordCount).toBe(3);
    scan(index, 'chocolate delivery');
    expect([index.hitsOf(word), index.hitsOf(phrase), index.hitsOf(sub), index.hitsOf(again)]).toEqual([0, 0, 1, 0]);
    scan(index, 'Late, delivery again');
    expect([index.hitsOf(word), index.hitsOf(phrase), index.hitsOf(sub), index.hitsOf(again)]).toEqual([1, 1, 1, 1]);
    expect(index.firstHit(phrase)).toEqual({ keyword: 'late delivery', found: 'late delivery' });
  });

  it('forgets the previous item’s hits', () => {
    const index = new KeywordIndex();
    const c = index.add({ fact: 'text', fold: 0, match: 'word', keywords: ['refund'] });
    index.seal();
    scan(index, 'refund');
    expect(index.hitsOf(c)).toBe(1);
    scan(index, 'nothing');
    expect(index.hitsOf(c)).toBe(0);
    expect(index.firstHit(c)).toBeNull();
  });

  it('one channel per fact and fold', () => {
    const index = new KeywordIndex();
    const inText = index.add({ fact: 'text', fold: 0, match: 'word', keywords: ['anna'] });
    const inName = index.add({ fact: 'author.name', fold: 0, match: 'word', keywords: ['anna'] });
    const cased = index.add({ fact: 'text', fold: 1, match: 'word', keywords: ['Anna'] });
    index.seal();
    expect(index.channelCount).toBe(3);
    index.scan((fact) => (fact === 'text' ? 'hi anna' : 'Anna K'), null, null);
    expect([index.hitsOf(inText), index.hitsOf(inName), index.hitsOf(cased)]).toEqual([1, 1, 0]);
  });
});

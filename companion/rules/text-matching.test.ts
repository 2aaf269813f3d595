/**
 * Multilingual matching, through the real path (schema → compile → evaluate):
 * case- and accent-insensitive by default, whole words by tokens, phrases and
 * substrings by the automaton, in every script the team writes in.
 */
import { describe, expect, it } from 'vitest';
import { foldWholeString, hasLink, isOnlyEmoji, lowerCase, normaliseText, tokenise } from '../../shared/rules/index.js';
import { matches } from './test-helpers.js';

type Row = [keyword: string, text: string, expected: boolean];

function table(rows: Row[], opts: Parameters<typeof matches>[2] = {}) {
  it.each(rows)('%j in %j → %s', (keyword, text, expected) => {
    expect(matches(keyword, text, opts)).toBe(expected);
  });
}

describe('Swedish: case-insensitive by default', () => {
  table([
    ['krossat', 'Paketet kom krossat', true],
    ['krossat', 'Paketet kom Krossat!', true],
    ['krossat', 'PAKETET KOM KROSSAT', true],
    ['Krossat', 'paketet kom krossat', true],
    ['krossat', 'det var okrossat', false], // whole word by default
    ['för sent', 'Leveransen kom FÖR SENT igen', true], // phrase
    ['för sent', 'för, sent', true], // punctuation between phrase words is a boundary
    ['för sent', 'för mycket sent', false],
    ['ö', 'Öland är fint', false], // a whole word "ö" is not inside "Öland"
  ]);
});

describe('Polish: ł and accents fold, so łódź = lodz', () => {
  table([
    ['łódź', 'Jestem z Łodzi, nie z Łódź', true],
    ['łódź', 'Mieszkam w ŁÓDŹ', true],
    ['łódź', 'paczka do lodz', true],
    ['lodz', 'paczka do Łódź', true],
    ['zepsuty', 'Telefon jest ZEPSUTY', true],
    ['żółw', 'zolw', true],
    ['łódź', 'łodzią', false],
  ]);
});

describe('Turkish: dotted and dotless i', () => {
  table([
    ['istanbul', 'İstanbul’a gönderildi', true],
    ['istanbul', 'ISTANBUL', true],
    ['istanbul', 'istanbul', true],
    ['İstanbul', 'istanbul', true],
    ['ISTANBUL', 'İstanbul', true],
    ['kırık', 'Kargo KIRIK geldi', true], // KIRIK lower-cased the Turkish way is kırık
    ['kırık', 'kirik', true], // accent-insensitive: ı is i without its dot
    ['ılık', 'ILIK', true],
  ]);
});

describe('Turkish, accent-sensitive: ı and i differ, and the item’s language decides how I lowers', () => {
  it('KIRIK in a Turkish item is kırık, not kirik', () => {
    expect(matches('kırık', 'Kargo KIRIK geldi', { accentSensitive: true, lang: 'tr' })).toBe(true);
    expect(matches('kirik', 'Kargo KIRIK geldi', { accentSensitive: true, lang: 'tr' })).toBe(false);
  });
  it('outside Turkish, I lowers to i', () => {
    expect(matches('kirik', 'KIRIK', { accentSensitive: true, lang: 'en' })).toBe(true);
    expect(matches('kırık', 'kirik', { accentSensitive: true })).toBe(false);
  });
  it('İ lowers to a plain i in every locale (not i + combining dot)', () => {
    expect(lowerCase('İstanbul')).toBe('istanbul');
    expect(lowerCase('İstanbul', 'tr-TR')).toBe('istanbul');
    expect(lowerCase('ISTANBUL', 'tr')).toBe('ıstanbul');
    expect(matches('istanbul', 'İSTANBUL', { accentSensitive: true, lang: 'de' })).toBe(true);
  });
});

describe('German ß', () => {
  table([
    ['straße', 'Welche STRASSE?', true],
    ['STRASSE', 'in der Straße', true],
    ['strasse', 'Hauptstraße 5', false], // whole word
  ]);
  it('substring finds strasse inside Hauptstraße', () => {
    expect(matches('strasse', 'Hauptstraße 5', { match: 'substring' })).toBe(true);
    expect(matches('straße', 'Hauptstrasse 5', { match: 'substring' })).toBe(true);
  });
  it('capital ẞ folds too', () => {
    expect(matches('straße', 'STRAẞE', {})).toBe(true);
  });
});

describe('Cyrillic and Greek', () => {
  table([
    ['сломан', 'Телефон СЛОМАН', true],
    ['сломан', 'телефон сломанный', false],
    ['ёлка', 'ЕЛКА', true], // ё folds to е
    ['посылка', 'Где моя Посылка?', true],
    ['οδος', 'ΟΔΟΣ', true], // final sigma
    ['δρόμος', 'ΔΡΟΜΟΣ', true],
  ]);
});

describe('scripts written without spaces match as substrings, even for whole words', () => {
  table([
    ['退款', '我要退款谢谢', true],
    ['配送', '配送が遅い', true],
    ['ส่ง', 'ยังไม่ได้ส่งของ', true],
    ['한국', '한국어로 써주세요', false], // Hangul has spaces: whole word
    ['한국어로', '한국어로 써주세요', true],
  ]);
});

describe('scripts whose marks are vowels keep them', () => {
  it('Devanagari: किताब ≠ कतब', () => {
    expect(normaliseText('किताब')).toBe('किताब');
    expect(matches('किताब', 'मेरी किताब कहाँ है')).toBe(true);
    expect(matches('कतब', 'मेरी किताब कहाँ है')).toBe(false);
  });
  it('Arabic harakat and Hebrew points are optional', () => {
    expect(matches('كتاب', 'كِتَابٌ جديد')).toBe(true);
    expect(matches('שלום', 'שָׁלוֹם לכולם')).toBe(true);
  });
});

describe('case- and accent-sensitive options', () => {
  it('caseSensitive', () => {
    expect(matches('Apple', 'I love apple pie', { caseSensitive: true })).toBe(false);
    expect(matches('Apple', 'Bought an Apple watch', { caseSensitive: true })).toBe(true);
    expect(matches('Café', 'CAFÉ', { caseSensitive: true })).toBe(false);
    expect(matches('Cafe', 'Café', { caseSensitive: true })).toBe(true); // accents still fold
  });
  it('accentSensitive', () => {
    expect(matches('här', 'har du tid', { accentSensitive: true })).toBe(false);
    expect(matches('här', 'HÄR är det', { accentSensitive: true })).toBe(true);
    expect(matches('här', 'har du tid')).toBe(true);
  });
  it('compatibility forms fold in every mode', () => {
    expect(matches('krossat', 'ｋｒｏｓｓａｔ')).toBe(true);
    expect(matches('file', 'ﬁle', { caseSensitive: true, accentSensitive: true })).toBe(true);
  });
});

describe('emoji', () => {
  table([
    ['😡', 'so angry 😡😡', true],
    ['👍', 'great 👍🏽', true], // skin tone folds away like an accent
    ['❤️', 'love it ❤', true], // presentation selector ignored
    ['🇸🇪', 'Hej från 🇸🇪!', true],
    ['🇸🇪', 'Hi from 🇳🇴', false],
    ['👩‍💻', 'our 👩‍💻 team', true],
  ]);
  it('tokenises emoji separately from words', () => {
    expect(tokenise(normaliseText('bra👍🏽tack'))).toEqual(['bra', '👍', 'tack']);
  });
  it('only-emoji detection', () => {
    expect(isOnlyEmoji('😡')).toBe(true);
    expect(isOnlyEmoji(' ❤️ 👍🏽  🇸🇪 ')).toBe(true);
    expect(isOnlyEmoji('👩‍💻')).toBe(true);
    expect(isOnlyEmoji('1️⃣')).toBe(true);
    expect(isOnlyEmoji('123')).toBe(false);
    expect(isOnlyEmoji('ok 👍')).toBe(false);
    expect(isOnlyEmoji('')).toBe(false);
    expect(isOnlyEmoji('!!!')).toBe(false);
  });
});

describe('links', () => {
  it.each([
    ['see https://acme.com/x', true],
    ['http://t.co/abc', true],
    ['www.acme.se/rea', true],
    ['order at acme.com today', true],
    ['bit.ly/3xyz', true],
    ['mail anna@acme.se', false],
    ['e.g. this one', false],
    ['no link here.', false],
  ])('%j → %s', (text, expected) => expect(hasLink(text)).toBe(expected));
});

describe('substrings and keyword lists', () => {
  table(
    [
      ['kross', 'paketet var krossat', true],
      ['ssat', 'KROSSAT', true],
      ['e-mail', 'send an e mail', true], // punctuation inside a substring is a token boundary
      ['xyz', 'krossat', false],
    ],
    { match: 'substring' },
  );
  it('any keyword of a list', () => {
    expect(matches(['broken', 'krossat', 'zepsuty'], 'Telefon ZEPSUTY')).toBe(true);
    expect(matches(['broken', 'krossat', 'zepsuty'], 'all fine')).toBe(false);
  });
});

describe('the per-character fold equals the whole-string fold', () => {
  // Code points from the scripts, marks, compatibility forms and emoji that make folding hard.
  const RANGES: [number, number][] = [
    [0x20, 0x7e],
    [0xa0, 0x24f],
    [0x300, 0x36f],
    [0x370, 0x52f],
    [0x590, 0x6ff],
    [0x900, 0x97f],
    [0xe00, 0xe7f],
    [0x1100, 0x11ff],
    [0x1e00, 0x1fff],
    [0x3000, 0x30ff],
    [0x3200, 0x33ff],
    [0xac00, 0xd7a3],
    [0xfb00, 0xfdff],
    [0xfe00, 0xfe2f],
    [0xff00, 0xffef],
    [0x1d400, 0x1d7ff],
    [0x1f1e6, 0x1f1ff],
    [0x1f300, 0x1faff],
  ];
  it('on 20,000 random strings', () => {
    let seed = 20260110;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const mismatches: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      const length = 1 + Math.floor(rand() * 16);
      for (let i = 0; i < length; i++) {
        const [from, to] = RANGES[Math.floor(rand() * RANGES.length)]!;
        text += String.fromCodePoint(from + Math.floor(rand() * (to - from + 1)));
      }
      if (normaliseText(text) !== foldWholeString(text)) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
  });
  it.each(['Łódź İSTANBUL', 'กี่โมง', 'कें', 'ｶﾞｷﾞ', '한', 'e\u0301\u0308', '❤️‍🔥', 'ΟΔΟΣ'])('%j', (text) => {
    expect(normaliseText(text)).toBe(foldWholeString(text));
  });
});

/**
 * Text normalisation for rule matching. Keywords and captured text go through
 * the same function, so whatever it folds together matches.
 *
 * The default (case- and accent-insensitive) fold:
 *   1. NFKD — compatibility forms (ｆｕｌｌｗｉｄｔｈ, ligatures ﬁ) become plain letters and
 *      accented letters split into base + combining mark;
 *   2. combining marks are removed after letters of scripts where they are optional
 *      accents (Latin, Greek, Cyrillic, Armenian, Georgian; Hebrew points and Arabic
 *      harakat), but kept in scripts where a mark is a vowel (Devanagari, Thai, …);
 *      emoji variation selectors and skin-tone modifiers go too;
 *   3. lower case, then the letters NFKD leaves whole are folded by hand:
 *      ł→l (Polish `łódź` = `lodz`), ø→o, đ→d, ħ→h, ŧ→t, ß→ss, ς→σ, and the
 *      Turkish dotless ı→i, so `İstanbul`, `ISTANBUL`, `istanbul` and `ıstanbul` are
 *      one word and `KIRIK` matches `kırık` whatever the locale;
 *   4. NFC, so Hangul and anything left recompose.
 *
 * Accent-sensitive folds keep marks and special letters, and lower-case with the
 * text's locale: Turkish and Azeri lower `I` to `ı` and `İ` to `i`; every other
 * locale lowers `I` to `i` and `İ` to `i` too (JavaScript's default gives `i̇`).
 *
 * Speed: `foldWholeString` is the definition of the default fold; normaliseText
 * runs it one code point at a time through a cache (`foldDefault`), which gives
 * the same result (a property test holds the two equal) at a third of the cost.
 * The cache is memoisation only: output depends on the input alone.
 */

/** How a text condition compares: the default folds case and accents. */
export interface MatchSensitivity {
  caseSensitive: boolean;
  accentSensitive: boolean;
}

/** One of the four folds, as a small integer: bit 0 case-sensitive, bit 1 accent-sensitive. */
export type FoldId = 0 | 1 | 2 | 3;

export function foldId(s: MatchSensitivity): FoldId {
  return ((s.caseSensitive ? 1 : 0) | (s.accentSensitive ? 2 : 0)) as FoldId;
}

/** Printable ASCII and ordinary whitespace: nothing to fold but case. */
const ASCII_ONLY = /^[ -~\t\n\r]*$/;
/**
 * What accent folding removes, in one pass: marks that are optional accents
 * (after a letter of these scripts, or at the start), emoji presentation
 * selectors (U+FE0E/F, marks themselves) and emoji skin tones.
 */
const ACCENTS =
  /(?<=^|[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}\p{sc=Armenian}\p{sc=Georgian}\p{sc=Hebrew}\p{sc=Arabic}\p{sc=Common}])\p{M}+|\uFE0E|\uFE0F|[\u{1F3FB}-\u{1F3FF}]/gu;
/** Emoji presentation selectors: never meaningful for matching. */
const VARIATION_SELECTORS = /[\uFE0E\uFE0F]/g;

/** Letters NFKD does not decompose, with the letter they fold to (lower case). */
const LOWER_FOLDS: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ŧ: 't',
  ƀ: 'b',
  ı: 'i',
  ŀ: 'l',
  ſ: 's',
  ß: 'ss',
  ς: 'σ',
};
const LOWER_FOLD_RE = /[łøđħŧƀıŀſßς]/g;

/** The same for case-sensitive, accent-insensitive matching (case is kept). */
const CASED_FOLDS: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ŧ: 't',
  Ŧ: 'T',
  ƀ: 'b',
  ı: 'i',
  ŀ: 'l',
  Ŀ: 'L',
  ſ: 's',
};
const CASED_FOLD_RE = /[łŁøØđĐħĦŧŦƀıŀĿſ]/g;

/** Case folding that lower case alone misses: ß/ẞ → ss, final sigma → σ. */
const CASE_EXTRAS: Record<string, string> = { ß: 'ss', ς: 'σ' };
const CASE_EXTRAS_RE = /[ßς]/g;

function isTurkic(locale: string | null | undefined): boolean {
  if (!locale) return false;
  const primary = locale.slice(0, 2).toLowerCase();
  return primary === 'tr' || primary === 'az';
}

/**
 * Locale-aware lower case. Turkish/Azeri: `I`→`ı`, `İ`→`i`. Elsewhere `I`→`i`
 * and `İ`→`i` (not JavaScript's `i̇`, an i with a second dot).
 */
export function lowerCase(text: string, locale?: string | null): string {
  if (isTurkic(locale)) return text.toLocaleLowerCase('tr');
  return text.toLowerCase().replace(/i\u0307/g, 'i');
}

function stripAccents(text: string): string {
  return text.normalize('NFKD').replace(ACCENTS, '');
}

/** The default fold, on the whole string at once: the definition the fast path below must equal. */
export function foldWholeString(text: string): string {
  return stripAccents(text)
    .toLowerCase()
    .replace(LOWER_FOLD_RE, (ch) => LOWER_FOLDS[ch] ?? ch)
    .normalize('NFC');
}

/**
 * The default fold, one code point at a time through a cache — the same result
 * as foldWholeString (a property test holds it to that) at about a third of the
 * cost, since captured text repeats the same few hundred characters. What
 * makes per-character folding exact:
 * - a combining mark is stripped or kept according to the character before it
 *   (`strips`: is it of a stripping script), just as the whole-string regex's
 *   look-behind decides, a run of marks at a time;
 * - lower case is per character here except Greek final sigma, folded to σ anyway;
 * - NFC can join neighbours only through a kept mark or a conjoining Hangul
 *   jamo, so the result is recomposed only when one was written (`joins`).
 */
interface FoldEntry {
  text: string;
  mark: boolean;
  /** Do marks right after it get stripped? */
  strips: boolean;
  /** Holds a kept mark or a conjoining jamo: the result needs NFC. */
  joins: boolean;
  /** Not a mark, but decomposes into one that binds to the previous character (halfwidth ﾞ → U+3099): fold the whole string instead. */
  slow: boolean;
}

const MARK = /^\p{M}$/u;
const STRIPPING_BASE =
  /[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}\p{sc=Armenian}\p{sc=Georgian}\p{sc=Hebrew}\p{sc=Arabic}\p{sc=Common}]$/u;
const LEADING_MARK = /^\p{M}/u;
const JOINS = /[\p{M}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]/u;
const FOLD_CACHE_MAX = 20_000;
const foldCache = new Map<number, FoldEntry>();

function foldEntry(cp: number): FoldEntry {
  let e = foldCache.get(cp);
  if (e) return e;
  const ch = String.fromCodePoint(cp);
  if (MARK.test(ch)) {
    // A kept mark of a stripping script (an Arabic or Hebrew mark) strips the marks after it.
    const text = ch.normalize('NFKD');
    e = { text, mark: true, strips: STRIPPING_BASE.test(text), joins: true, slow: false };
  } else {
    const text = foldWholeString(ch);
    const nfkd = ch.normalize('NFKD');
    const base = nfkd.replace(/\p{M}+$/u, '');
    e = {
      text,
      mark: false,
      strips: base === '' || STRIPPING_BASE.test(base),
      joins: JOINS.test(text),
      slow: LEADING_MARK.test(nfkd),
    };
  }
  if (foldCache.size >= FOLD_CACHE_MAX) foldCache.clear();
  foldCache.set(cp, e);
  return e;
}

function foldDefault(text: string): string {
  let out = '';
  let strips = true; // marks at the very start are stripped
  let joins = false;
  let keptMark = false;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp < 0x80) {
      out += cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : text[i];
      strips = true;
      keptMark = false;
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    // Emoji presentation selectors go, whatever precedes them, and change nothing around them.
    if (cp === 0xfe0f || cp === 0xfe0e) continue;
    const e = foldEntry(cp);
    if (e.slow) return foldWholeString(text);
    if (e.mark) {
      // A mark after a kept mark (Thai vowel + tone): Unicode may reorder them, so fold the whole string.
      if (keptMark) return foldWholeString(text);
      if (!strips) {
        out += e.text;
        joins = true;
        strips = e.strips;
        keptMark = true;
      }
      continue;
    }
    keptMark = false;
    out += e.text;
    strips = e.strips;
    joins ||= e.joins;
  }
  return joins ? out.normalize('NFC') : out;
}

/**
 * Fold text for matching. `locale` (a BCP 47 tag such as `tr-TR`) only changes
 * accent-sensitive, case-insensitive matching; the default fold gives the same
 * result in every locale.
 */
export function normaliseText(text: string, fold: FoldId = 0, locale?: string | null): string {
  switch (fold) {
    case 0:
      return ASCII_ONLY.test(text) ? text.toLowerCase() : foldDefault(text);
    case 1: {
      if (ASCII_ONLY.test(text)) return text;
      return stripAccents(text)
        .replace(CASED_FOLD_RE, (ch) => CASED_FOLDS[ch] ?? ch)
        .normalize('NFC');
    }
    case 2: {
      if (ASCII_ONLY.test(text) && !isTurkic(locale)) return text.toLowerCase();
      const lower = lowerCase(text.normalize('NFKC').replace(VARIATION_SELECTORS, ''), locale);
      return lower.replace(CASE_EXTRAS_RE, (ch) => CASE_EXTRAS[ch] ?? ch).normalize('NFC');
    }
    case 3:
      if (ASCII_ONLY.test(text)) return text;
      return text.normalize('NFKC').replace(VARIATION_SELECTORS, '');
  }
}

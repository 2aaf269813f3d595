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

/**
 * Fold text for matching. `locale` (a BCP 47 tag such as `tr-TR`) only changes
 * accent-sensitive, case-insensitive matching; the default fold gives the same
 * result in every locale.
 */
export function normaliseText(text: string, fold: FoldId = 0, locale?: string | null): string {
  switch (fold) {
    case 0: {
      if (ASCII_ONLY.test(text)) return text.toLowerCase();
      const folded = stripAccents(text)
        .toLowerCase()
        .replace(LOWER_FOLD_RE, (ch) => LOWER_FOLDS[ch] ?? ch);
      return folded.normalize('NFC');
    }
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

/**
 * Words, emoji, links and scripts in a text, for rule facts and whole-word
 * matching. Tokenise normalised text (see text-normalise.ts) so that keywords
 * and captured text are cut the same way.
 */

/**
 * A token is a run of Unicode letters, digits and marks, one emoji (with its
 * modifiers and ZWJ sequence) or one flag (a regional-indicator pair).
 * Everything else (spaces, punctuation, symbols) separates tokens.
 */
const TOKEN_RE =
  /[\p{L}\p{N}\p{M}]+|\p{RI}\p{RI}|\p{Extended_Pictographic}\p{EMod}?(?:\u200D\p{Extended_Pictographic}\p{EMod}?)*/gu;

export function tokenise(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/**
 * Scripts written without spaces between words: a "whole word" there cannot be
 * found by tokenising, so whole-word keywords in these scripts match as substrings.
 */
const NO_SPACE_SCRIPT =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\p{sc=Tibetan}]/u;

export function usesScriptWithoutSpaces(text: string): boolean {
  return NO_SPACE_SCRIPT.test(text);
}

/** Something a person would read as a link: a URL, `www.…`, or a bare domain with a common top-level domain. */
const LINK_RE =
  /(?:\bhttps?:\/\/\S|\bwww\.[\p{L}\p{N}-]|(?<![\p{L}\p{N}@.-])[\p{L}\p{N}][\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)*\.(?:com|net|org|io|co|ly|gl|me|app|dev|info|biz|shop|store|link|xyz|site|online|tv|gg|to|page|eu)(?![\p{L}\p{N}-]))/iu;

export function hasLink(text: string): boolean {
  return LINK_RE.test(text);
}

/** Code points that may appear in an emoji-only text (with whitespace). */
const EMOJI_ONLY_RE =
  /^(?:\p{Extended_Pictographic}|\p{EMod}|\p{RI}|\u200D|\uFE0E|\uFE0F|\u20E3|[\u{E0020}-\u{E007F}]|[0-9#*](?=\uFE0F?\u20E3)|\s)+$/u;
const EMOJI_PRESENT_RE = /\p{Extended_Pictographic}|\p{RI}|\u20E3/u;

/** True when the text holds at least one emoji and nothing but emoji and whitespace. */
export function isOnlyEmoji(text: string): boolean {
  return EMOJI_ONLY_RE.test(text) && EMOJI_PRESENT_RE.test(text);
}

export const SCRIPTS = [
  'latin',
  'cyrillic',
  'greek',
  'arabic',
  'hebrew',
  'han',
  'kana',
  'hangul',
  'thai',
  'devanagari',
  'georgian',
  'armenian',
] as const;
export type Script = (typeof SCRIPTS)[number];

/** [from, to, script] code point ranges, searched in order. */
const SCRIPT_RANGES: readonly (readonly [number, number, Script])[] = [
  [0x41, 0x5a, 'latin'],
  [0x61, 0x7a, 'latin'],
  [0xc0, 0x24f, 'latin'],
  [0x1e00, 0x1eff, 'latin'],
  [0x370, 0x3ff, 'greek'],
  [0x1f00, 0x1fff, 'greek'],
  [0x400, 0x52f, 'cyrillic'],
  [0x530, 0x58f, 'armenian'],
  [0x590, 0x5ff, 'hebrew'],
  [0x600, 0x6ff, 'arabic'],
  [0x750, 0x77f, 'arabic'],
  [0x8a0, 0x8ff, 'arabic'],
  [0xfb50, 0xfdff, 'arabic'],
  [0xfe70, 0xfeff, 'arabic'],
  [0x900, 0x97f, 'devanagari'],
  [0xe00, 0xe7f, 'thai'],
  [0x10a0, 0x10ff, 'georgian'],
  [0x1100, 0x11ff, 'hangul'],
  [0x3130, 0x318f, 'hangul'],
  [0xac00, 0xd7af, 'hangul'],
  [0x3040, 0x30ff, 'kana'],
  [0x31f0, 0x31ff, 'kana'],
  [0x3400, 0x4dbf, 'han'],
  [0x4e00, 0x9fff, 'han'],
  [0xf900, 0xfaff, 'han'],
  [0x20000, 0x2ebef, 'han'],
];

function scriptOf(cp: number): Script | null {
  for (const [from, to, script] of SCRIPT_RANGES) if (cp >= from && cp <= to) return script;
  return null;
}

export interface ScriptCounts {
  /** The script with the most letters, or null when there are no letters of a known script. */
  dominant: Script | null;
  counts: Partial<Record<Script, number>>;
}

/** Count letters per script (looks at the first 4,000 code points). */
export function countScripts(text: string): ScriptCounts {
  const counts: Partial<Record<Script, number>> = {};
  let seen = 0;
  for (const ch of text) {
    if (++seen > 4_000) break;
    const s = scriptOf(ch.codePointAt(0) ?? 0);
    if (s) counts[s] = (counts[s] ?? 0) + 1;
  }
  let dominant: Script | null = null;
  let best = 0;
  for (const s of SCRIPTS) {
    const n = counts[s] ?? 0;
    if (n > best) {
      best = n;
      dominant = s;
    }
  }
  return { dominant, counts };
}

/** Scripts that are written (almost) only by one language. */
const SINGLE_LANGUAGE_SCRIPTS: Partial<Record<Script, string>> = {
  greek: 'el',
  hebrew: 'he',
  hangul: 'ko',
  thai: 'th',
  georgian: 'ka',
  armenian: 'hy',
};

/**
 * The item's language: the one the page declared (primary subtag, lower case),
 * else a guess only where the script says it unambiguously (any kana → `ja`,
 * Hangul → `ko`, Greek → `el`, …); else null. Latin, Cyrillic, Arabic and Han
 * text without a declared language stays null: the script fact covers those.
 */
export function detectLanguage(declared: string | null | undefined, scripts: ScriptCounts): string | null {
  if (declared) {
    const primary = declared.split(/[-_]/)[0]?.toLowerCase();
    if (primary && /^[a-z]{2,3}$/.test(primary)) return primary;
  }
  if ((scripts.counts.kana ?? 0) > 0) return 'ja';
  return scripts.dominant ? (SINGLE_LANGUAGE_SCRIPTS[scripts.dominant] ?? null) : null;
}

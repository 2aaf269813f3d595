/**
 * Which saved replies to offer for the item in front of the user, best first:
 *
 *   1. replies an inbox rule suggested for this item (in the rules' order);
 *   2. replies linked to one of the item's tags (more shared tags first);
 *   3. replies whose keywords occur in the item's text (whole words, case-
 *      and accent-insensitive, the rules engine's fold);
 *   4. the rest, most used first, then by folder and title.
 *
 * Typing filters: every word of the query must occur in the reply's title,
 * folder, shortcut, tags or body (same fold); a query of `;ship` (or a word
 * equal to a shortcut) puts that shortcut's reply first. Pure: the overlay's
 * picker and the options page rank alike.
 */
import { normaliseText } from '../rules/text-normalise.js';
import { tokenise, usesScriptWithoutSpaces } from '../rules/text-tokens.js';
import type { Platform } from '../model.js';
import { SHORTCUT_PREFIX, type SavedReply } from './saved-reply.js';

export type SuggestReason =
  | { kind: 'rule'; ruleName: string | null }
  | { kind: 'tag'; tags: string[] }
  | { kind: 'keyword'; keywords: string[] }
  | { kind: 'shortcut' }
  | { kind: 'popular'; uses: number }
  | { kind: 'other' };

export interface Suggestion {
  reply: SavedReply;
  reason: SuggestReason;
}

export interface SuggestInput {
  replies: readonly SavedReply[];
  item: { text: string; tags: readonly string[]; platform: Platform } | null;
  /** Reply ids the inbox rules suggested for this item, in order (with the rule's name when known). */
  ruleSuggested?: readonly (string | { id: string; ruleName: string | null })[];
  /** Uses per reply id (the team's, all time or a recent window). */
  usage?: Readonly<Record<string, number>>;
  query?: string;
}

const fold = (s: string): string => normaliseText(s, 0);

function wordsOf(text: string): Set<string> {
  return new Set(tokenise(fold(text)));
}

/** Does the keyword occur in the text as whole words (substring in scripts without spaces)? */
function keywordIn(keyword: string, textWords: Set<string>, foldedText: string): boolean {
  const k = fold(keyword);
  if (k === '') return false;
  if (usesScriptWithoutSpaces(k)) return foldedText.includes(k);
  const parts = tokenise(k);
  if (parts.length === 0) return false;
  if (parts.length === 1) return textWords.has(parts[0]!);
  // a phrase: its words in order, as a run of tokens
  const tokens = tokenise(foldedText);
  outer: for (let i = 0; i + parts.length <= tokens.length; i++) {
    for (let j = 0; j < parts.length; j++) if (tokens[i + j] !== parts[j]) continue outer;
    return true;
  }
  return false;
}

function haystack(r: SavedReply): string {
  return fold([r.title, r.folder, r.shortcut ? `${SHORTCUT_PREFIX}${r.shortcut}` : '', ...r.tags, r.body].join('\n'));
}

function matchesQuery(r: SavedReply, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const hay = haystack(r);
  return words.every((w) => hay.includes(w));
}

function byName(a: SavedReply, b: SavedReply): number {
  return a.folder.localeCompare(b.folder) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id);
}

export function suggestReplies(input: SuggestInput): Suggestion[] {
  const usage = input.usage ?? {};
  const query = fold(input.query ?? '').trim();
  const words = query.split(/\s+/).filter(Boolean);
  const shortcutWanted = new Set(words.map((w) => w.replace(/^;+/, '')).filter(Boolean));
  const itemTags = new Set((input.item?.tags ?? []).map(fold));
  const foldedText = input.item ? fold(input.item.text) : '';
  const textWords = input.item ? wordsOf(input.item.text) : new Set<string>();

  const ruleOrder = new Map<string, { index: number; ruleName: string | null }>();
  (input.ruleSuggested ?? []).forEach((s, index) => {
    const id = typeof s === 'string' ? s : s.id;
    if (!ruleOrder.has(id)) ruleOrder.set(id, { index, ruleName: typeof s === 'string' ? null : s.ruleName });
  });

  type Scored = Suggestion & { band: number; score: number };
  const scored: Scored[] = [];
  for (const reply of input.replies) {
    if (!matchesQuery(reply, words)) continue;
    const uses = usage[reply.id] ?? 0;
    const rule = ruleOrder.get(reply.id);
    const tags = reply.tags.filter((t) => itemTags.has(fold(t)));
    const keywords = input.item ? reply.keywords.filter((k) => keywordIn(k, textWords, foldedText)) : [];
    let s: Scored;
    if (reply.shortcut && shortcutWanted.has(reply.shortcut)) {
      s = { reply, reason: { kind: 'shortcut' }, band: 0, score: 0 };
    } else if (rule) {
      s = { reply, reason: { kind: 'rule', ruleName: rule.ruleName }, band: 1, score: rule.index };
    } else if (tags.length > 0) {
      s = { reply, reason: { kind: 'tag', tags }, band: 2, score: -tags.length * 1_000_000 - uses };
    } else if (keywords.length > 0) {
      s = { reply, reason: { kind: 'keyword', keywords }, band: 3, score: -keywords.length * 1_000_000 - uses };
    } else if (uses > 0) {
      s = { reply, reason: { kind: 'popular', uses }, band: 4, score: -uses };
    } else {
      s = { reply, reason: { kind: 'other' }, band: 5, score: 0 };
    }
    scored.push(s);
  }
  scored.sort((a, b) => a.band - b.band || a.score - b.score || byName(a.reply, b.reply));
  return scored.map(({ reply, reason }) => ({ reply, reason }));
}

/** The reply whose shortcut is exactly `shortcut` (without the `;`), among those the member sees. */
export function replyForShortcut(replies: readonly SavedReply[], shortcut: string): SavedReply | null {
  const want = shortcut.replace(/^;+/, '').normalize('NFC').toLowerCase();
  // a personal shortcut wins over a shared one with the same letters: it is the member's own choice
  let shared: SavedReply | null = null;
  for (const r of replies) {
    if (r.shortcut !== want) continue;
    if (r.scope === 'personal') return r;
    shared ??= r;
  }
  return shared;
}

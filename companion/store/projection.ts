/**
 * The item projection as pure functions: the state an item is in after an
 * event. The store applies them in the same transaction that appends the
 * event, and the same functions can rebuild the items table from the log.
 */
import { itemKey } from '../../shared/model.js';
import type { Author, CapturedItem, Item, LogEvent } from '../../shared/model.js';
import { replaceTag } from '../../shared/tags.js';

/** The canonical author shape: `verified` only when the page said, `followers` null when unknown. */
export function normaliseAuthor(a: Author): Author {
  return {
    handle: a.handle,
    name: a.name,
    url: a.url,
    ...(a.verified === undefined ? {} : { verified: a.verified }),
    followers: a.followers ?? null,
  };
}

/** Exactly the CapturedItem fields, nothing a caller's object happened to carry besides. */
export function normaliseCaptured(c: CapturedItem): CapturedItem {
  return {
    platform: c.platform,
    nativeId: c.nativeId,
    kind: c.kind,
    profile: c.profile,
    author: normaliseAuthor(c.author),
    text: c.text,
    permalink: c.permalink,
    siteTimestamp: c.siteTimestamp,
    parentId: c.parentId,
    threadId: c.threadId,
    lang: c.lang ?? null,
  };
}

export function newItem(captured: CapturedItem, at: string, memberId: string | null, seq: number): Item {
  return {
    ...normaliseCaptured(captured),
    key: itemKey(captured.platform, captured.nativeId),
    capturedAt: at,
    capturedBy: memberId,
    status: 'open',
    priority: 'normal',
    tags: [],
    assigneeId: null,
    repliedAt: null,
    snoozedUntil: null,
    suggestedReplies: [],
    updatedAt: at,
    seq,
  };
}

/** The item after `event`; events about other things leave it as it was. */
export function applyItemEvent(item: Item | null, event: LogEvent): Item | null {
  const d = event.data;
  if (d.type === 'item.captured') return item ?? newItem(d.item, event.at, event.memberId, event.seq);
  if (!item) return null;
  const touched = { updatedAt: event.at, seq: event.seq };
  switch (d.type) {
    case 'item.status_changed':
      return { ...item, ...touched, status: d.to, snoozedUntil: d.to === 'pending' ? (d.until ?? null) : null };
    case 'item.priority_changed':
      return { ...item, ...touched, priority: d.to };
    case 'item.assigned':
      return { ...item, ...touched, assigneeId: d.to };
    case 'item.tagged':
      return item.tags.includes(d.tag) ? item : { ...item, ...touched, tags: [...item.tags, d.tag] };
    case 'item.untagged':
      return item.tags.includes(d.tag) ? { ...item, ...touched, tags: item.tags.filter((t) => t !== d.tag) } : item;
    case 'item.replied':
      return item.repliedAt !== null
        ? { ...item, ...touched }
        : { ...item, ...touched, repliedAt: d.reply.siteTimestamp ?? event.at };
    case 'item.replies_suggested':
      return withSuggestions(item, d.replyIds, d.rule.name, touched);
    // A sweep saw the text change on the site: the log says so; the item keeps the text it was captured with.
    case 'item.edited':
      return item;
    case 'item.deleted':
      return item.goneAt !== undefined ? item : { ...item, ...touched, goneAt: event.at };
    case 'tag.renamed':
      return withTags(item, replaceTag(item.tags, d.from, d.to), touched);
    case 'tag.merged':
      return withTags(item, replaceTag(item.tags, d.from, d.into), touched);
    case 'member.joined':
    case 'member.updated':
    case 'profile.saved':
    case 'profile.removed':
    case 'tag.created':
    case 'tag.updated':
    case 'rule.saved':
    case 'rule.removed':
    case 'view.saved':
    case 'view.removed':
    case 'reply.saved':
    case 'reply.removed':
    case 'replies.settings_saved':
    case 'sweeps.settings_saved':
      return item;
    // About the item (a saved reply went into a reply to it), but it changes nothing on it:
    // reply_uses and reports read it; the reply itself arrives as item.replied.
    case 'reply.used':
      return item;
    default:
      return d satisfies never;
  }
}

/** Most suggestions an item keeps (Item.suggestedReplies). */
export const MAX_SUGGESTED_REPLIES = 20;

/** Suggested replies are added once each, in the order suggested, up to MAX_SUGGESTED_REPLIES. */
function withSuggestions(
  item: Item,
  replyIds: readonly string[],
  ruleName: string,
  touched: { updatedAt: string; seq: number },
): Item {
  const next = [...item.suggestedReplies];
  for (const id of replyIds) {
    if (next.length >= MAX_SUGGESTED_REPLIES) break;
    if (!next.some((s) => s.id === id)) next.push({ id, ruleName });
  }
  return next.length === item.suggestedReplies.length ? item : { ...item, ...touched, suggestedReplies: next };
}

/** A rename or merge touches only the items that carried the old name. */
function withTags(item: Item, tags: readonly string[], touched: { updatedAt: string; seq: number }): Item {
  return tags === item.tags ? item : { ...item, ...touched, tags: [...tags] };
}

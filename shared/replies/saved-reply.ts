/**
 * A saved reply as the companion stores it and every client reads it.
 *
 * - `scope`: `shared` replies belong to the team (editing them needs
 *   `replies.editShared`); `personal` ones to their owner alone, who is the
 *   only one to see them.
 * - `folder` groups replies in the picker and the editor ("Shipping",
 *   "Returns"); '' is no folder.
 * - `body` is a template (shared/replies/template.ts); `variants` replace it
 *   on a platform (a shorter X version, a more formal LinkedIn one).
 * - `tags` link the reply to tags: an item carrying one gets it suggested
 *   first. `keywords` do the same on the item's text.
 * - `shortcut`: typing `;<shortcut>` in a native reply box expands it.
 *
 * Ids are made by the client that creates the reply (so a retried save is
 * the same reply); names and bodies are trimmed here, once.
 */
import { z } from 'zod';
import { IsoTime, ItemKey, Platform, TagName } from '../model.js';

export const REPLY_TEXT_MAX = 5000;

export const SavedReplyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a reply id is 1–64 letters, digits, _ or -');
export type SavedReplyId = z.infer<typeof SavedReplyId>;

export const REPLY_SCOPES = ['shared', 'personal'] as const;
export const ReplyScope = z.enum(REPLY_SCOPES);
export type ReplyScope = z.infer<typeof ReplyScope>;

/** What starts a shortcut in a native reply box. */
export const SHORTCUT_PREFIX = ';';

/** `ship`, `;ship` or ` Ship ` → `ship`: letters, digits, `_` and `-`, up to 32. */
export const Shortcut = z
  .string()
  .transform((s) => s.trim().replace(/^;+/, '').normalize('NFC').toLowerCase())
  .pipe(z.string().regex(/^[\p{L}\p{N}_-]{1,32}$/u, 'a shortcut is 1–32 letters, digits, _ or - (typed after a ";")'));

const Line = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
    .pipe(z.string().max(max));

const Body = z
  .string()
  .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
  .pipe(z.string().min(1, 'a reply needs some text').max(REPLY_TEXT_MAX));

const Keyword = Line(60).pipe(z.string().min(1));

/** Per-platform bodies; a platform without one uses `body`. */
export const ReplyVariants = z.partialRecord(Platform, Body);
export type ReplyVariants = z.infer<typeof ReplyVariants>;

/** What a client sends to create or replace a reply (the companion adds owner and time). */
export const SavedReplyInput = z.object({
  id: SavedReplyId,
  scope: ReplyScope,
  folder: Line(80).default(''),
  title: Line(120).pipe(z.string().min(1, 'a reply needs a title')),
  body: Body,
  variants: ReplyVariants.default({}),
  tags: z.array(TagName).max(20).default([]),
  keywords: z.array(Keyword).max(30).default([]),
  shortcut: Shortcut.nullable().default(null),
});
export type SavedReplyInput = z.input<typeof SavedReplyInput>;
export type SavedReplyFields = z.output<typeof SavedReplyInput>;

export const SavedReply = SavedReplyInput.extend({
  /** Who created it (for personal replies: the only member who sees it); null for imported team replies. */
  ownerId: z.string().nullable(),
  updatedAt: IsoTime,
  updatedBy: z.string().nullable(),
});
export type SavedReply = z.infer<typeof SavedReply>;

/** The body to use on `platform`: its variant when there is one. */
export function bodyFor(reply: Pick<SavedReply, 'body' | 'variants'>, platform: Platform): string {
  return reply.variants[platform] ?? reply.body;
}

/* ---------------------------------------------------------------- settings */

/**
 * Team settings for saved replies (leads and admins change them):
 * `brand` fills `{{brand}}`; `guardrail` warns before the same reply is
 * used `uses` times within `minutes` on one platform (platforms flag
 * repeated identical replies as spam).
 */
export const ReplySettings = z.object({
  brand: Line(80)
    .transform((s) => s || null)
    .nullable(),
  guardrail: z.object({
    uses: z.number().int().min(2).max(100),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  }),
});
export type ReplySettings = z.infer<typeof ReplySettings>;

export const DEFAULT_REPLY_SETTINGS: ReplySettings = { brand: null, guardrail: { uses: 3, minutes: 60 } };

/* ------------------------------------------------------------------- usage */

/** One use of saved replies: inserted (alone or combined) into a reply to `itemKey`. */
export const ReplyUse = z.object({
  replyIds: z.array(SavedReplyId).min(1).max(10),
  itemKey: ItemKey,
  platform: Platform,
  memberId: z.string().nullable(),
  at: IsoTime,
});
export type ReplyUse = z.infer<typeof ReplyUse>;

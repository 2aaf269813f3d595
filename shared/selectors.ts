/**
 * Selector packs as data: what an adapter reads a site with, and what the
 * companion may serve to override it without shipping code (DESIGN.md §6).
 * Only CSS selectors travel, never code.
 */
import { z } from 'zod';
import { Platform } from './model.js';

/**
 * One CSS selector and when it was seen on the live site. Arrays of entries
 * are ordered newest first; every entry is tried (their matches are merged),
 * so an old variant keeps working while the site rolls a new one out.
 */
export const SelectorEntry = z.object({
  css: z.string().min(1).max(500),
  /** When this variant was seen on the live site, `YYYY-MM`. */
  seen: z.string().regex(/^\d{4}-\d{2}$/),
  /** Where it was seen / why it exists. */
  note: z.string().max(300).optional(),
});
export type SelectorEntry = z.infer<typeof SelectorEntry>;

/** Named selector arrays, e.g. `{ item: [...], author: [...] }`. */
export const SelectorPack = z.record(z.string().min(1).max(64), z.array(SelectorEntry).min(1).max(32));
export type SelectorPack = z.infer<typeof SelectorPack>;

/** Overrides per platform, as the companion serves them (`selectors.get`). */
export const SelectorOverrides = z.partialRecord(Platform, SelectorPack);
export type SelectorOverrides = z.infer<typeof SelectorOverrides>;

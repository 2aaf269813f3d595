/**
 * Saved-reply templates: `{{author.first_name | there}}`-style variables
 * filled from the item on the page and from the member, checked before
 * anything is inserted.
 *
 * - A variable is `{{ name }}` or `{{ name | fallback }}`; names are the
 *   known VARIABLES below. Whitespace inside the braces is ignored.
 * - A variable with no value and no fallback is reported in `missing` and
 *   rendered as an empty string — never inserted raw; the caller shows the
 *   list and refuses to insert until it is empty (or the user edits).
 * - Values are plain text and inserted as plain text: a hostile author name
 *   stays text (editors receive text, never markup). Control characters and
 *   line breaks in values are collapsed so a name cannot add lines or
 *   invisible direction overrides to the reply, and `{{`/`}}` in a value are
 *   spaced apart so a name cannot smuggle in a variable.
 * - Unknown names and unclosed braces are reported in `problems`.
 *
 * Pure and shared: the options page, the overlay's picker and the companion
 * all render the same way.
 */
import { z } from 'zod';
import type { Platform } from '../model.js';

export const VARIABLES = [
  'author.first_name',
  'author.name',
  'author.handle',
  'post.excerpt',
  'platform',
  'agent.first_name',
  'agent.name',
  'brand',
] as const;
export type VariableName = (typeof VARIABLES)[number];

export const TemplateContext = z.object({
  author: z.object({ name: z.string().nullable(), handle: z.string().nullable() }).partial(),
  post: z.object({ text: z.string().nullable() }).partial().optional(),
  platform: z.string().nullable().optional(),
  agent: z.object({ name: z.string().nullable() }).partial().optional(),
  brand: z.string().nullable().optional(),
});
export type TemplateContext = z.infer<typeof TemplateContext>;

export interface Rendered {
  text: string;
  /** Variables that had neither a value nor a fallback (in order of first use). */
  missing: VariableName[];
  /** Unknown variable names and broken braces, in plain words. */
  problems: string[];
}

const TOKEN = /\{\{\s*([^{}|]*?)\s*(?:\|\s*([^{}]*?)\s*)?\}\}/g;

/** Unicode format/control characters (bidi overrides, zero-width joiners used to smuggle text) and line breaks. */
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;

/**
 * A value from the page as one line of plain text. Braces that would read as a
 * variable (`{{brand}}` in an author's name) are spaced apart, so text that is
 * rendered again (an edited preview, a combined reply) never fills them.
 */
function clean(value: string): string {
  return value
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\{(?=\{)/g, '{ ')
    .replace(/\}(?=\})/g, '} ')
    .trim();
}

function firstName(name: string): string {
  const first = clean(name).split(' ')[0] ?? '';
  return first;
}

/** The value of a variable in a context, or null when the page did not show it. */
export function valueOf(name: VariableName, ctx: TemplateContext): string | null {
  const nonEmpty = (s: string | null | undefined): string | null => {
    const c = s == null ? '' : clean(s);
    return c === '' ? null : c;
  };
  switch (name) {
    case 'author.name':
      return nonEmpty(ctx.author.name);
    case 'author.first_name':
      return ctx.author.name ? nonEmpty(firstName(ctx.author.name)) : null;
    case 'author.handle': {
      const h = nonEmpty(ctx.author.handle);
      return h ? `@${h.replace(/^@/, '')}` : null;
    }
    case 'post.excerpt': {
      const t = nonEmpty(ctx.post?.text);
      if (!t) return null;
      return t.length <= 80 ? t : `${t.slice(0, 79).replace(/\s+\S*$/, '')}…`;
    }
    case 'platform':
      return nonEmpty(ctx.platform);
    case 'agent.first_name':
      return ctx.agent?.name ? nonEmpty(firstName(ctx.agent.name)) : null;
    case 'agent.name':
      return nonEmpty(ctx.agent?.name);
    case 'brand':
      return nonEmpty(ctx.brand);
  }
}

function isVariable(name: string): name is VariableName {
  return (VARIABLES as readonly string[]).includes(name);
}

/** Fill a template from a context. */
export function renderTemplate(template: string, ctx: TemplateContext): Rendered {
  const missing: VariableName[] = [];
  const problems: string[] = [];
  const text = template.replace(TOKEN, (_all, rawName: string, fallback: string | undefined) => {
    const name = rawName.trim();
    if (!isVariable(name)) {
      problems.push(`Unknown variable {{${name}}} — use one of ${VARIABLES.join(', ')}.`);
      return '';
    }
    const value = valueOf(name, ctx);
    if (value !== null) return value;
    if (fallback !== undefined) return clean(fallback);
    if (!missing.includes(name)) missing.push(name);
    return '';
  });
  if (/\{\{|\}\}/.test(text)) problems.push('A "{{" or "}}" is not closed — write variables as {{author.first_name}}.');
  return { text, missing, problems };
}

/** The variables a template uses (for the editor's hints). */
export function variablesIn(template: string): string[] {
  return [...template.matchAll(TOKEN)].map((m) => m[1]!.trim());
}

/* ------------------------------------------------------------------- limits */

/** How long a reply may be on each platform, as the platform counts. */
export const REPLY_LIMITS: Readonly<Record<Platform, number>> = {
  x: 280,
  linkedin: 1250,
  youtube: 10_000,
  instagram: 2200,
  facebook: 8000,
  tiktok: 150,
  reddit: 10_000,
};

const URL_IN_TEXT = /\bhttps?:\/\/[^\s]+/gi;

/**
 * X weighs text (twitter-text's v3 config): code points in the Latin and
 * general punctuation ranges count 1, everything else (CJK, emoji…) 2, and
 * every URL 23 however long.
 */
function xLength(text: string): number {
  let n = 0;
  const withoutUrls = text.replace(URL_IN_TEXT, () => {
    n += 23;
    return '';
  });
  for (const ch of withoutUrls) {
    const cp = ch.codePointAt(0)!;
    const light = cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247);
    n += light ? 1 : 2;
  }
  return n;
}

/** The reply's length as `platform` counts it (code points elsewhere). */
export function replyLength(text: string, platform: Platform): number {
  return platform === 'x' ? xLength(text) : [...text].length;
}

export interface LimitCheck {
  length: number;
  limit: number;
  over: number;
  ok: boolean;
}

export function checkLimit(text: string, platform: Platform): LimitCheck {
  const length = replyLength(text, platform);
  const limit = REPLY_LIMITS[platform];
  return { length, limit, over: Math.max(0, length - limit), ok: length <= limit };
}

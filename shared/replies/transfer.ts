/**
 * Saved replies in and out of Inlay: JSON (everything, exactly) and CSV
 * (one reply per row, for spreadsheets and other tools' exports).
 *
 * CSV columns (header row required, any order, unknown columns ignored):
 *   folder, title, body, tags, keywords, shortcut, scope, id,
 *   and one `body:<platform>` column per platform variant (`body:x`, …).
 * `tags` and `keywords` hold several values separated by `;`. Cells follow
 * RFC 4180 (quotes, doubled quotes, line breaks inside quotes, CRLF or LF,
 * a UTF-8 BOM is skipped). On export, a cell that a spreadsheet would run as
 * a formula (starting with = + - @ or a tab) gets a leading `'`, which
 * import removes again.
 *
 * Import never trusts the file: every row goes through SavedReplyInput, and a
 * row that does not parse is reported with its line and why, not imported.
 * Rows without an id get one derived from scope, folder and title, so
 * importing the same file twice replaces rather than duplicates.
 */
import type { z } from 'zod';
import { PLATFORMS, type Platform } from '../model.js';
import { SavedReplyInput, type SavedReply, type SavedReplyFields } from './saved-reply.js';

export const EXPORT_FORMAT = 'inlay-saved-replies';

export interface ImportProblem {
  /** 1-based: the CSV line the row starts on, or the index in the JSON list + 1. */
  row: number;
  message: string;
}

export interface ImportResult {
  replies: SavedReplyFields[];
  problems: ImportProblem[];
}

/* --------------------------------------------------------------- ids */

/** A stable id from what identifies a reply to people (FNV-1a, 64 bits, base36). */
export function derivedReplyId(scope: string, folder: string, title: string): string {
  const text = `${scope}\u0000${folder.toLowerCase()}\u0000${title.toLowerCase()}`;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  return `r-${h1.toString(36)}${h2.toString(36)}`;
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .slice(0, 3)
    .join('; ');
}

function parseOne(raw: Record<string, unknown>, row: number, problems: ImportProblem[]): SavedReplyFields | null {
  const scope = raw.scope === undefined || raw.scope === '' ? 'shared' : raw.scope;
  const candidate: Record<string, unknown> = { ...raw, scope };
  if (candidate.id === undefined || candidate.id === '') {
    candidate.id = derivedReplyId(String(scope), String(raw.folder ?? '').trim(), String(raw.title ?? '').trim());
  }
  const parsed = SavedReplyInput.safeParse(candidate);
  if (!parsed.success) {
    problems.push({ row, message: describe(parsed.error) });
    return null;
  }
  return parsed.data;
}

/* --------------------------------------------------------------- JSON */

export function exportJson(replies: readonly SavedReply[]): string {
  const out = replies.map((r) => ({
    id: r.id,
    scope: r.scope,
    folder: r.folder,
    title: r.title,
    body: r.body,
    variants: r.variants,
    tags: r.tags,
    keywords: r.keywords,
    shortcut: r.shortcut,
  }));
  return `${JSON.stringify({ format: EXPORT_FORMAT, version: 1, replies: out }, null, 2)}\n`;
}

/** Reads our own export, or a bare list of replies. */
export function importJson(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { replies: [], problems: [{ row: 0, message: 'This file is not valid JSON.' }] };
  }
  const list = Array.isArray(json)
    ? json
    : json && typeof json === 'object' && Array.isArray((json as { replies?: unknown }).replies)
      ? (json as { replies: unknown[] }).replies
      : null;
  if (!list) {
    return { replies: [], problems: [{ row: 0, message: 'Expected a list of replies, or an object with "replies".' }] };
  }
  const problems: ImportProblem[] = [];
  const replies: SavedReplyFields[] = [];
  list.forEach((entry, i) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push({ row: i + 1, message: 'not an object' });
      return;
    }
    const r = parseOne(entry as Record<string, unknown>, i + 1, problems);
    if (r) replies.push(r);
  });
  return { replies, problems };
}

/* --------------------------------------------------------------- CSV */

const BASE_COLUMNS = ['folder', 'title', 'body', 'tags', 'keywords', 'shortcut', 'scope', 'id'] as const;
const variantColumn = (p: Platform): string => `body:${p}`;
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function exportCsv(replies: readonly SavedReply[]): string {
  const variantPlatforms = PLATFORMS.filter((p) => replies.some((r) => r.variants[p] !== undefined));
  const header = [...BASE_COLUMNS, ...variantPlatforms.map(variantColumn)];
  const lines = [header.join(',')];
  for (const r of replies) {
    const cells = [
      r.folder,
      r.title,
      r.body,
      r.tags.join('; '),
      r.keywords.join('; '),
      r.shortcut ?? '',
      r.scope,
      r.id,
      ...variantPlatforms.map((p) => r.variants[p] ?? ''),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180 rows with the line each starts on. Throws on a quote left open. */
export function parseCsv(text: string): { cells: string[]; line: number }[] {
  const src = text.replace(/^\uFEFF/, '');
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endCell = (): void => {
    cells.push(cell);
    cell = '';
  };
  const endRow = (): void => {
    endCell();
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ cells, line: rowLine });
    cells = [];
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line += 1;
        cell += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else cell += ch;
    i += 1;
  }
  if (quoted) throw new Error(`A quoted cell that starts on line ${rowLine} is never closed.`);
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

function unformula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

const list = (s: string): string[] =>
  s
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean);

export function importCsv(text: string): ImportResult {
  let rows: { cells: string[]; line: number }[];
  try {
    rows = parseCsv(text);
  } catch (err) {
    return { replies: [], problems: [{ row: 0, message: (err as Error).message }] };
  }
  const [head, ...body] = rows;
  if (!head) return { replies: [], problems: [{ row: 0, message: 'The file is empty.' }] };
  const columns = head.cells.map((c) => c.trim().toLowerCase());
  for (const needed of ['title', 'body']) {
    if (!columns.includes(needed)) {
      return {
        replies: [],
        problems: [{ row: 1, message: `The first row needs a "${needed}" column (found: ${columns.join(', ')}).` }],
      };
    }
  }
  const problems: ImportProblem[] = [];
  const replies: SavedReplyFields[] = [];
  for (const { cells, line } of body) {
    const get = (name: string): string => {
      const at = columns.indexOf(name);
      return at < 0 ? '' : unformula(cells[at] ?? '');
    };
    const variants: Partial<Record<Platform, string>> = {};
    for (const p of PLATFORMS) {
      const v = get(variantColumn(p)).trim();
      if (v) variants[p] = v;
    }
    const raw: Record<string, unknown> = {
      id: get('id').trim(),
      scope: get('scope').trim().toLowerCase(),
      folder: get('folder'),
      title: get('title'),
      body: get('body'),
      variants,
      tags: list(get('tags')),
      keywords: list(get('keywords')),
      shortcut: get('shortcut').trim() || null,
    };
    const r = parseOne(raw, line, problems);
    if (r) replies.push(r);
  }
  return { replies, problems };
}

/** CSV or JSON, by the file's name or, failing that, its first character. */
export function importReplies(fileName: string, text: string): ImportResult {
  const json = /\.json$/i.test(fileName) || (!/\.csv$/i.test(fileName) && /^\uFEFF?\s*[[{]/.test(text));
  return json ? importJson(text) : importCsv(text);
}

/**
 * Selector overrides as data: `selectors.json` in the data folder, served to
 * every extension with `selectors.get` so a site change can be answered
 * without shipping code (DESIGN.md §6). Only CSS selectors, validated with the
 * shared schema; a broken file is reported in plain words and ignored, so it
 * never removes the selectors that work.
 *
 *   { "x": { "item": [{ "css": "article[data-testid=\"tweet\"]", "seen": "2026-12" }] } }
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SelectorOverrides } from '../shared/selectors.js';
import type { Logger } from './log.js';

export const SELECTORS_FILE = 'selectors.json';

export interface SelectorSource {
  /** The overrides now in force and a version that changes when they do. */
  get(): Promise<{ overrides: SelectorOverrides; version: string }>;
}

const NONE = { overrides: {}, version: 'none' } as const;

export function selectorFileSource(dataDir: string, logger: Logger): SelectorSource {
  const file = join(dataDir, SELECTORS_FILE);
  let cached: { mtimeMs: number; size: number; value: { overrides: SelectorOverrides; version: string } } | null = null;
  return {
    async get() {
      let info;
      try {
        info = await stat(file);
      } catch {
        return NONE;
      }
      if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.value;
      const text = await readFile(file, 'utf8');
      const version = createHash('sha256').update(text).digest('hex').slice(0, 16);
      let value: { overrides: SelectorOverrides; version: string } = NONE;
      try {
        const parsed = SelectorOverrides.safeParse(JSON.parse(text));
        if (parsed.success) value = { overrides: parsed.data, version };
        else
          logger.warn('selectors.json ignored: it does not match the selector pack format', {
            file,
            issue: parsed.error.issues[0]?.message ?? 'invalid',
          });
      } catch {
        logger.warn('selectors.json ignored: it is not valid JSON', { file });
      }
      cached = { mtimeMs: info.mtimeMs, size: info.size, value };
      return value;
    },
  };
}

/**
 * The extension's English strings for DOM tests that check what users read:
 * extension/locales/en.yml (flat `key: value` lines) with `$1…$9` filled the
 * way WXT's i18n fills them. `#i18n` itself only resolves inside a WXT build.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function unquote(v: string): string {
  if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  if (v.startsWith('"') && v.endsWith('"')) return JSON.parse(v) as string;
  return v;
}

const MESSAGES = new Map<string, string>();
for (const line of readFileSync(join(__dirname, '../../extension/locales/en.yml'), 'utf8').split('\n')) {
  const m = /^([A-Za-z0-9_]+):\s*(.*)$/.exec(line);
  if (m && m[2] !== '') MESSAGES.set(m[1]!, unquote(m[2]!.trim()));
}

export const englishI18n = {
  t(key: string, a?: unknown, b?: unknown): string {
    const message = MESSAGES.get(key);
    if (message === undefined) throw new Error(`No string "${key}" in extension/locales/en.yml`);
    const subs = (Array.isArray(a) ? a : Array.isArray(b) ? b : []) as unknown[];
    return message.replace(/\$(\d)/g, (all, n: string) =>
      subs[Number(n) - 1] === undefined ? all : String(subs[Number(n) - 1]),
    );
  },
};

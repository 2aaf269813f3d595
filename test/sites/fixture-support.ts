/**
 * What the site suites share: reading rows by native id, and what each
 * adapter's `expected` counts mean, counted once for every site:
 * `items` (findItems), `recognised` (extract ≠ null), `inbound`, `own`
 * (isOwnReply), `kind:<kind>`, or any selector name (matches in the page).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import { queryAll, type FixtureExpectation, type PolicyContext, type SiteAdapter } from '../../extension/sites/types';

/** The repository's root (fixtures are named from here). */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export function fixtureCounts(
  adapter: SiteAdapter,
  doc: Document,
  exp: FixtureExpectation,
  rows: ReadonlyArray<{ item: CapturedItem | null }>,
  policy: PolicyContext,
): Record<string, number> {
  const items = rows.flatMap((r) => (r.item ? [r.item] : []));
  const got: Record<string, number> = {};
  for (const name of Object.keys(exp.counts)) {
    if (name === 'items') got[name] = rows.length;
    else if (name === 'recognised') got[name] = items.length;
    else if (name === 'inbound') got[name] = items.filter((i) => adapter.isInbound(i, policy)).length;
    else if (name === 'own') got[name] = items.filter((i) => adapter.isOwnReply?.(i, policy) === true).length;
    else if (name.startsWith('kind:')) got[name] = items.filter((i) => i.kind === name.slice(5)).length;
    else {
      const entries = (adapter.selectors as Record<string, Parameters<typeof queryAll>[1] | undefined>)[name];
      if (!entries) throw new Error(`${adapter.platform}: unknown count ${name}`);
      got[name] = queryAll(doc, entries).length;
    }
  }
  return got;
}

/** One row of a page as an adapter read it. */
export interface ReadRow {
  el: Element;
  item: CapturedItem | null;
}

/** The item with this native id; throws (failing the test) when the adapter did not read it. */
export function byId(rows: readonly ReadRow[], id: string): CapturedItem {
  const row = rows.find((r) => r.item?.nativeId === id);
  if (!row?.item) throw new Error(`no item ${id}`);
  return row.item;
}

/** The element of the item with this native id. */
export function elOf(rows: readonly ReadRow[], id: string): Element {
  const row = rows.find((r) => r.item?.nativeId === id);
  if (!row) throw new Error(`no item ${id}`);
  return row.el;
}

/**
 * Pages for a suite, on happy-dom without scripts, closed after the suite: `page` loads a saved
 * fixture (a path from the repository root, or from `fixtureDir`) at the URL it is served at,
 * `doc` a saved page's HTML already read;
 * `html` wraps a small inline body (with a `<title>` when given) at `defaultUrl` or another URL.
 */
export function happyPages(defaultUrl: string, fixtureDir = '') {
  const windows: Window[] = [];
  afterAll(async () => {
    for (const w of windows) await w.happyDOM.close();
  });
  const open = (url: string, css: boolean): Window => {
    const win = new Window({
      url,
      settings: { disableJavaScriptEvaluation: true, ...(css ? {} : { disableCSSFileLoading: true }) },
    });
    windows.push(win);
    return win;
  };
  /** A saved page's HTML, as served at `url`. */
  const doc = (html: string, url: string): Document => {
    const win = open(url, false);
    win.document.write(html);
    return win.document as unknown as Document;
  };
  return {
    doc,
    page(fixture: string, url: string): Document {
      return doc(readFileSync(resolve(REPO_ROOT, fixtureDir, fixture), 'utf8'), url);
    },
    html(body: string, url = defaultUrl, title?: string): Document {
      const win = open(url, true);
      const head = title === undefined ? '' : `<head><title>${title}</title></head>`;
      win.document.write(`<!DOCTYPE html><html>${head}<body>${body}</body></html>`);
      return win.document as unknown as Document;
    },
  };
}

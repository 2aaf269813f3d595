/**
 * The seven adapters against each other and against the shared contract:
 * every page predicate accepts its own examples and rejects every other
 * site's; every content-script shim matches exactly what its adapter
 * declares; every fixture an adapter names exists, is anonymised and
 * headed, and yields items that parse; and no adapter keys on generated
 * class names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { CapturedItem, PLATFORMS } from '../../shared/model';
import { ADAPTERS } from '../../extension/sites';

const ROOT = resolve(import.meta.dirname, '../..');
const entries = PLATFORMS.map((p) => [p, ADAPTERS[p]] as const);

/** Every example URL any adapter accepts, with its platform. */
const accepted = entries.flatMap(([p, a]) =>
  Object.values(a.pages).flatMap((spec) => spec.examples.accept.map((url) => ({ platform: p, url }))),
);

describe('matrix: page predicates', () => {
  it.each(entries)('%s accepts each of its own examples as the page kind that lists it', (_p, adapter) => {
    for (const [kind, spec] of Object.entries(adapter.pages)) {
      for (const url of spec.examples.accept) expect([url, adapter.pageKind(new URL(url))]).toEqual([url, kind]);
      for (const url of spec.examples.reject) expect([url, spec.test(new URL(url))]).toEqual([url, false]);
    }
  });

  it.each(entries)('%s rejects every other site’s example URLs', (platform, adapter) => {
    const others = accepted.filter((e) => e.platform !== platform);
    expect(others.length).toBeGreaterThan(20);
    for (const { url } of others) expect([url, adapter.pageKind(new URL(url))]).toEqual([url, null]);
  });

  it.each(entries)('%s holds every other site among its own reject examples', (platform, adapter) => {
    const rejects = Object.values(adapter.pages).flatMap((s) => s.examples.reject.map((u) => new URL(u).hostname));
    for (const other of PLATFORMS.filter((p) => p !== platform)) {
      expect([other, rejects.some((h) => ADAPTERS[other].hosts.includes(h))]).toEqual([other, true]);
    }
  });
});

describe('matrix: content scripts', () => {
  it.each(entries)(
    '%s: the shim matches exactly what the adapter declares, on hosts it serves',
    (platform, adapter) => {
      const shim = readFileSync(resolve(ROOT, `extension/entrypoints/${platform}.content/index.ts`), 'utf8');
      const literal = /matches:\s*\[([^\]]*)\]/.exec(shim)?.[1] ?? '';
      expect([...literal.matchAll(/'([^']+)'/g)].map((m) => m[1])).toEqual([...adapter.matches]);
      expect(shim).toContain(`runSite(ctx, ${platform})`); // the shim runs its own site's adapter
      for (const pattern of adapter.matches)
        expect(adapter.hosts).toContain(new URL(pattern.replace('*', '')).hostname);
    },
  );
});

describe('matrix: fixtures', () => {
  const fixtures = entries.flatMap(([p, a]) => a.expected.map((e) => [p, e.fixture, e] as const));

  it('every site has at least one fixture', () => {
    for (const p of PLATFORMS) expect([p, fixtures.some(([q]) => q === p)]).toEqual([p, true]);
  });

  it.each(fixtures)('%s %s: exists, says where it came from, is served at a URL the adapter reads', (p, file, exp) => {
    expect(existsSync(resolve(ROOT, file))).toBe(true);
    const html = readFileSync(resolve(ROOT, file), 'utf8');
    const header = /<!--([\s\S]*?)-->/.exec(html)?.[1] ?? '';
    expect(header.toLowerCase()).toMatch(/anonymi[sz]ed|invented|built from/);
    expect(ADAPTERS[p].pageKind(new URL(exp.url))).not.toBeNull();
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/i); // nothing loads from the network
  });

  it.each(fixtures)('%s %s: every recognised item parses as a CapturedItem of its platform', (p, file, exp) => {
    const adapter = ADAPTERS[p];
    const doc = parseHTML(readFileSync(resolve(ROOT, file), 'utf8')).document as unknown as Document;
    const url = new URL(exp.url);
    const ctx = { url, page: adapter.pageKind(url)!, profiles: exp.profiles, memo: new Map<string, string>() };
    const items = adapter.findItems(doc).flatMap((el) => {
      const it = adapter.extract(el, ctx);
      return it ? [it] : [];
    });
    expect(items.length).toBeGreaterThan(0);
    const keys = new Set<string>();
    for (const it of items) {
      expect(CapturedItem.parse(it).platform).toBe(p);
      expect(new URL(it.permalink).protocol).toBe('https:');
      keys.add(`${it.platform}:${it.nativeId}`);
    }
    expect(keys.size).toBe(items.length); // one key per item
  });
});

describe('matrix: selectors', () => {
  // X's `css-175oi2r`/`r-18u37iz`, Facebook's `x1…`, hashed CSS-module names: they change with every deploy.
  const GENERATED = /\.(?:css-[0-9a-z]{5,}|r-[0-9a-z]{5,}|x1[0-9a-z]{4,}|[a-z]+_[0-9a-f]{5,})\b/i;
  it.each(entries)('%s: no selector keys on generated class names, and each is valid CSS', (_p, adapter) => {
    const { document } = parseHTML('<html><body></body></html>');
    for (const [name, list] of Object.entries(adapter.selectors)) {
      expect(list.length, name).toBeGreaterThan(0);
      for (const entry of list) {
        expect([name, entry.css, GENERATED.test(entry.css)]).toEqual([name, entry.css, false]);
        expect(entry.seen).toMatch(/^\d{4}-\d{2}$/);
        expect(() => document.querySelector(entry.css), `${name}: ${entry.css}`).not.toThrow();
      }
    }
  });
});

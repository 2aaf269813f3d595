/**
 * The pages the options page offers to sweep (EXTENSION_SWEEPS in extension/ui/sweeps.ts) are
 * pages the adapters can read, every site at once, on the saved fixtures (each header says where
 * it is served): the list page a job opens first is a page kind of its adapter, and that page's
 * fixture yields what the job needs from it — items on the notifications page, conversations
 * that open into a page the adapter reads for the message inbox, our posts for recent posts. A
 * site's page left out of the table is left out because one of these does not hold.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PLATFORMS, type Platform } from '../../shared/model';
import { SWEEP_KINDS_BY_PLATFORM } from '../../shared/sweeps';
import { ADAPTERS } from '../../extension/sites';
import type { SiteAdapter } from '../../extension/sites/types';
import { happyPages, REPO_ROOT } from './fixture-support';

vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../../extension/ui/i18n', () => ({ i18n: { t: (key: string) => key } }));
const { EXTENSION_SWEEPS } = await import('../../extension/ui/sweeps');

const PROFILE = 'inlaydemo';
const { doc } = happyPages('https://x.com/');

interface Fixture {
  file: string;
  url: URL;
  doc: Document;
}

/** Every fixture of a site with the URL its header says it is served at. */
function fixtures(platform: Platform): Fixture[] {
  const dir = resolve(REPO_ROOT, 'test/fixtures', platform);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .flatMap((file) => {
      const html = readFileSync(resolve(dir, file), 'utf8');
      const served = /Served at (https:\/\/[^\s<>]+?)(?:\s|-->|$)/.exec(html)?.[1];
      if (!served) return [];
      return [{ file, url: new URL(served), doc: doc(html, served) }];
    });
}

/** The fixtures served at a page of the same kind as `url`, not showing a sign-in wall or a check. */
function pagesLike(adapter: SiteAdapter, all: Fixture[], url: string): Fixture[] {
  const kind = adapter.pageKind(new URL(url));
  return all.filter(
    (f) => adapter.pageKind(f.url) === kind && !adapter.signedOut?.(f.doc) && !adapter.challenge?.(f.doc),
  );
}

describe('the pages offered for sweeps are pages the adapters read', () => {
  for (const platform of PLATFORMS) {
    const adapter = ADAPTERS[platform];
    const offered = EXTENSION_SWEEPS[platform];

    describe(platform, () => {
      const all = fixtures(platform);

      it('offers only kinds the site has, and can tell a sign-in wall and a security check', () => {
        for (const k of offered) expect(SWEEP_KINDS_BY_PLATFORM[platform]).toContain(k);
        if (offered.length === 0) return;
        expect(typeof adapter.signedOut).toBe('function');
        expect(typeof adapter.challenge).toBe('function');
        expect(typeof adapter.signedInAs).toBe('function');
        const walls = all.filter((f) => adapter.signedOut!(f.doc));
        const checks = all.filter((f) => adapter.challenge!(f.doc));
        expect(walls.length, `${platform}: a signed-out fixture`).toBeGreaterThan(0);
        expect(checks.length, `${platform}: a challenge fixture`).toBeGreaterThan(0);
        for (const f of walls) expect([f.file, adapter.signedInAs!(f.doc)]).toEqual([f.file, null]);
      });

      if (offered.includes('notifications')) {
        it('notifications: the page is a page kind, and its fixture yields items from other people', () => {
          const url = adapter.sweepPage?.('notifications', PROFILE) ?? null;
          expect(url).not.toBeNull();
          const page = adapter.pageKind(new URL(url!));
          expect(page).not.toBeNull();
          const docs = pagesLike(adapter, all, url!);
          expect(docs.length, `${platform}: a fixture of the notifications page`).toBeGreaterThan(0);
          const inbound = docs.flatMap((f) =>
            adapter
              .findItems(f.doc)
              .map((el) => adapter.extract(el, { url: f.url, page: page!, profiles: [PROFILE], memo: new Map() }))
              .filter((i) => i !== null && adapter.isInbound(i, { page: page!, profiles: [PROFILE] })),
          );
          expect(inbound.length).toBeGreaterThan(0);
        });
      }

      if (offered.includes('dms')) {
        it('message inbox: the list is a page kind, and its conversations open into pages the adapter reads', () => {
          const url = adapter.sweepPage?.('dms', PROFILE) ?? null;
          expect(url).not.toBeNull();
          expect(adapter.pageKind(new URL(url!))).not.toBeNull();
          const threads = pagesLike(adapter, all, url!).flatMap((f) => adapter.sweepThreads?.(f.doc) ?? []);
          expect(threads.length).toBeGreaterThan(0);
          expect(threads.some((t) => t.unread)).toBe(true);
          const listKind = adapter.pageKind(new URL(url!));
          for (const t of threads) {
            const kind = adapter.pageKind(new URL(t.url));
            expect([t.url, kind !== null && kind !== listKind]).toEqual([t.url, true]);
            expect(new URL(t.url).hostname).toMatch(
              new RegExp(`(^|\\.)(${adapter.hosts.join('|').replace(/\./g, '\\.')})$`),
            );
          }
        });
      }

      if (offered.includes('recent-posts')) {
        it('recent posts: the posts list is a page kind, and its fixture yields our posts with permalinks', () => {
          const url = adapter.sweepPage?.('posts', PROFILE) ?? null;
          expect(url).not.toBeNull();
          expect(adapter.pageKind(new URL(url!))).not.toBeNull();
          const docs = all.filter((f) => adapter.pageKind(f.url) === adapter.pageKind(new URL(url!)));
          const posts = docs.flatMap((f) => adapter.sweepPosts?.(f.doc, [PROFILE, ...profilesIn(f)]) ?? []);
          expect(posts.length).toBeGreaterThan(0);
          for (const p of posts) expect(adapter.pageKind(new URL(p.url)), p.url).not.toBeNull();
        });
      }
    });
  }
});

/** A posts list served at another profile's URL (LinkedIn's member) reads as that profile's. */
function profilesIn(f: Fixture): string[] {
  const m = /^\/(?:in|company|user)\/([^/]+)/.exec(f.url.pathname) ?? /^\/@?([^/]+)/.exec(f.url.pathname);
  return m ? [decodeURIComponent(m[1]!)] : [];
}

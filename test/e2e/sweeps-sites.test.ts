/**
 * Sweeps beyond X (issue 6): the same real companion and built extension, on Reddit and
 * Instagram saved pages served at their real URLs. A person has read someone else's post on
 * each site (so the browser advertises @inlaydemo signed in there); a lead switches both sites'
 * sweeps on with what this extension offers for them. Then, with the Options page in front:
 * - Reddit: the old inbox (replies and mentions, `?mark=false`), the private messages list and
 *   then its unread conversation, our profile's submitted posts and then our newest post's
 *   comment thread;
 * - Instagram: the activity page, the direct inbox and then its unread conversation, our
 *   profile's grid and then our newest post's comments —
 * are read in hidden tabs; what other people wrote is captured, each target's page loads are
 * what its job planned, the tabs close and the page in front keeps focus. A second round
 * captures nothing new.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type Companion } from '../../companion/app.js';
import { manualClock } from '../../companion/clock.js';
import { quietLogger } from '../../companion/log.js';
import { seededRandom } from '../../companion/sweeps/schedule.js';
import type { Platform } from '../../shared/model.js';
import { SweepSettings, type SweepStatus } from '../../shared/sweeps.js';
import {
  launchExtension,
  sweepUntil,
  pairViaOptions,
  ROOT,
  screenshot,
  serveAt,
  until,
  type ExtensionBrowser,
} from './harness.js';

const MIN = 60_000;
const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00', timeZone: 'UTC' };
const fixture = (site: string, name: string) => readFileSync(join(ROOT, 'test/fixtures', site, name), 'utf8');

/** Where each saved page is served. */
const PAGES: ReadonlyArray<[url: string, site: string, file: string]> = [
  // Reddit: a person reads someone else's thread on old reddit
  [
    'https://old.reddit.com/r/PlannerApp/comments/1j3oldr/does_the_planner_sync_with_old_phones/',
    'reddit',
    'old-reddit-not-ours.html',
  ],
  ['https://old.reddit.com/message/inbox/?mark=false', 'reddit', 'inbox-old.html'],
  ['https://old.reddit.com/message/messages/?mark=false', 'reddit', 'messages-old.html'],
  // old reddit's page of one conversation shows the same `.thing.message` markup, that conversation expanded
  ['https://old.reddit.com/message/messages/2k9q1ab/', 'reddit', 'messages-old.html'],
  ['https://www.reddit.com/user/inlaydemo/submitted/', 'reddit', 'submitted.html'],
  ['https://www.reddit.com/r/PlannerApp/comments/1j0inly/spring_release_is_out/', 'reddit', 'post-logged-in.html'],
  // Instagram: a person reads someone else's post
  ['https://www.instagram.com/p/CxPixHrb002/', 'instagram', 'post-not-ours-dialog-es.html'],
  ['https://www.instagram.com/notifications/', 'instagram', 'notifications.html'],
  ['https://www.instagram.com/inlaydemo/', 'instagram', 'profile-grid.html'],
  ['https://www.instagram.com/p/DInLay0001a/', 'instagram', 'post-ours.html'],
  ['https://www.instagram.com/direct/inbox/', 'instagram', 'direct-inbox.html'],
  ['https://www.instagram.com/direct/t/340282366841710300949128000000000001/', 'instagram', 'direct-thread.html'],
];

const TARGETS = [
  'reddit:inlaydemo:notifications',
  'reddit:inlaydemo:dms',
  'reddit:inlaydemo:recent-posts',
  'instagram:inlaydemo:notifications',
  'instagram:inlaydemo:dms',
  'instagram:inlaydemo:recent-posts',
];

const clock = manualClock(new Date());
let dataDir: string;
let companion: Companion;
let b: ExtensionBrowser;
let front: Page;
const opened: Page[] = [];
/** Every page load of a tab's top frame after setup. */
const visited: string[] = [];
const focusLost: string[] = [];
let watching = false;
let focusWatch: Promise<void> = Promise.resolve();

async function watchFocus(): Promise<void> {
  watching = true;
  while (watching) {
    const now = await front
      .evaluate(() => ({ focus: document.hasFocus(), visible: document.visibilityState }))
      .catch(() => null);
    if (now && !now.focus) focusLost.push('the page in front lost focus');
    if (now && now.visible !== 'visible') focusLost.push(`the page in front became ${now.visible}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const target = (s: SweepStatus, id: string) => s.targets.find((t) => t.target.id === id);

/** Signed-in profiles the extension keeps (what it advertises). */
function signedIn(): Promise<Array<{ platform: string; handle: string }>> {
  return b.worker.evaluate(async () => {
    const chrome = (
      globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }
    ).chrome;
    const stored = (await chrome.storage.local.get('sweeps')).sweeps as
      { signedIn?: Array<{ platform: string; handle: string }> } | undefined;
    return stored?.signedIn ?? [];
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inlay-e2e-sweeps-sites-'));
  companion = await startCompanion({
    port: 0,
    dataDir,
    logger: quietLogger,
    clock,
    sweeps: { random: seededRandom(11), timeZone: 'UTC', everyMs: 60 * MIN },
  });
  for (const platform of ['reddit', 'instagram'] as const) {
    await companion.store.saveProfile(`op_profile_${platform}`, null, {
      platform,
      handle: 'inlaydemo',
      displayName: null,
    });
  }
  b = await launchExtension();
  for (const [url, site, file] of PAGES) await serveAt(b.context, url, fixture(site, file));

  front = await pairViaOptions(b, companion, 'Lena Lead');
  const memberId = (await companion.store.listMembers())[0]!.id;
  await until(async () => (await front.getByTestId('profile-row').count()) === 2, 10_000, 'the profiles');

  // A person reads someone else's post on each site: the pages show @inlaydemo signed in.
  for (const url of [PAGES[0]![0], PAGES[6]![0]]) {
    const person = await b.context.newPage();
    await person.goto(url);
    const platform = new URL(url).hostname.includes('reddit') ? 'reddit' : 'instagram';
    await until(
      async () => (await signedIn()).some((p) => p.platform === platform && p.handle === 'inlaydemo'),
      15_000,
      `signed in on ${platform}`,
    );
    await person.close();
  }
  expect(await companion.store.countItems()).toBe(0); // nobody's comments on those pages reach us

  await front.bringToFront();
  b.context.on('page', (p) => opened.push(p));
  b.context.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame().parentFrame() === null) visited.push(r.url());
  });
  focusWatch = watchFocus();

  const on = (kinds: SweepSettings['kinds']) =>
    SweepSettings.parse({ enabled: true, kinds, jitter: 0, workingHours: ALWAYS, recentPosts: 1, unreadThreads: 1 });
  const settings: Partial<Record<Platform, SweepSettings>> = {
    reddit: on(['notifications', 'dms', 'recent-posts']),
    instagram: on(['notifications', 'dms', 'recent-posts']),
  };
  (await companion.sweeps.saveSettings('op_sweeps_on', memberId, settings)).deliver();
  clock.advance(3 * MIN);
}, 90_000);

afterAll(async () => {
  watching = false;
  await focusWatch;
  await b?.close();
  await companion?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sweeps on Reddit and Instagram', () => {
  it('every offered page is read in a hidden tab; other people’s words are captured; the front keeps focus', async () => {
    await sweepUntil(
      companion,
      (s) => TARGETS.every((id) => target(s, id)?.lastSuccessAt != null),
      'every target swept once',
      120_000,
    );
    const ok = (await companion.store.listSweepLog()).filter((l) => l.outcome === 'ok');
    const loads = Object.fromEntries(ok.map((l) => [l.targetId, l.pageLoads]));
    expect(loads).toEqual({
      'reddit:inlaydemo:notifications': 1, // the old inbox
      'reddit:inlaydemo:dms': 2, // the messages list, then its one unread conversation
      'reddit:inlaydemo:recent-posts': 2, // our submitted posts, then the newest one (the pinned FAQ is left out)
      'instagram:inlaydemo:notifications': 1,
      'instagram:inlaydemo:dms': 2, // the direct inbox, then its first unread conversation (the cap is 1)
      'instagram:inlaydemo:recent-posts': 2, // our grid, then the newest post (the pinned one is left out)
    });
    const items = await companion.store.listItems({});
    const by = (platform: Platform) => items.filter((i) => i.platform === platform);
    // Reddit: replies and mentions from the inbox, the messages others sent, the comments under our newest post
    expect(by('reddit').filter((i) => i.kind === 'dm').length).toBeGreaterThan(0);
    expect(by('reddit').some((i) => i.kind === 'mention')).toBe(true);
    expect(by('reddit').some((i) => i.threadId === 't3_1j0inly')).toBe(true);
    // Instagram: activity rows and our newest post's comments (the same comment, once)
    expect(by('instagram').length).toBeGreaterThan(0);
    expect(by('instagram').filter((i) => i.kind === 'dm').length).toBeGreaterThan(0); // what they wrote us
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
    for (const i of items) expect(i.author.handle?.toLowerCase()).not.toBe('inlaydemo');

    // the pages the jobs opened after their lists: the unread conversation and our newest posts only
    expect(visited).toEqual(
      expect.arrayContaining([
        'https://old.reddit.com/message/messages/2k9q1ab/',
        'https://www.reddit.com/r/PlannerApp/comments/1j0inly/spring_release_is_out/',
        'https://www.instagram.com/p/DInLay0001a/',
        'https://www.instagram.com/direct/t/340282366841710300949128000000000001/',
      ]),
    );
    expect(visited).not.toContain('https://www.reddit.com/r/PlannerApp/comments/1h0pin1/read_this_first_faq/');
    expect(visited.filter((u) => u.startsWith('https://old.reddit.com/message/messages/2'))).toHaveLength(1);
    await until(() => opened.every((p) => p.isClosed()), 10_000, 'the sweep tabs to close');
    expect(focusLost).toEqual([]);
  }, 150_000);

  it('a second round captures nothing new', async () => {
    const count = await companion.store.countItems();
    const before = (await companion.store.listSweepLog()).length;
    const last = companion.sweeps.status();
    clock.advance(11 * MIN);
    await sweepUntil(
      companion,
      (s) => TARGETS.every((id) => target(s, id)?.lastSuccessAt !== target(last, id)?.lastSuccessAt),
      'the second round',
      120_000,
    );
    const round = (await companion.store.listSweepLog()).slice(before).filter((l) => l.outcome === 'ok');
    expect(round.length).toBeGreaterThanOrEqual(TARGETS.length);
    for (const l of round) expect([l.targetId, l.captured, l.deleted]).toEqual([l.targetId, 0, 0]);
    expect(await companion.store.countItems()).toBe(count);
    await until(() => opened.every((p) => p.isClosed()), 10_000, 'the sweep tabs to close');
    expect(focusLost).toEqual([]);
  }, 150_000);

  it('Options shows the coverage of both profiles, and Reddit’s inbox asks how many conversations to open', async () => {
    watching = false;
    await focusWatch;
    await front.reload();
    const rows = front.getByTestId('sweep-coverage-row');
    await until(async () => (await rows.count()) === 2, 10_000, 'the coverage rows');
    const shares = await front.getByTestId('sweep-coverage-share').allTextContents();
    for (const share of shares) expect(share).toMatch(/^(<1|\d{1,3})\s?%$/);
    await expect
      .poll(() => front.getByTestId('sweep-form-reddit').getByTestId('sweep-unread-threads').count(), {
        timeout: 5_000,
      })
      .toBe(1);
    await rows.first().scrollIntoViewIfNeeded();
    await front.setViewportSize({ width: 1100, height: 1400 });
    await screenshot(front, 'e2e-sweeps-options-coverage');
  }, 30_000);
});

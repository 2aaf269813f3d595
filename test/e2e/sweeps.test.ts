/**
 * Sweeps in Chromium (issue 6, docs/sweeps.md): the real companion (a moved
 * clock; its sweep ticks run by hand) and the built extension. A lead pairs;
 * X's profile @inlaydemo is saved and our post on it is already in the inbox;
 * the browser has been on an X page as a person (so it advertises that it is
 * signed in); X sweeps are switched on (notifications, the message inbox and
 * recent posts). With the Options page in front the whole time, jobs open X's
 * notifications page; the X Chat inbox and then its one unread conversation;
 * our profile's posts list and then our newest post's comment thread — all at
 * their real URLs, in a window the person never sees: the new items are
 * captured, the tab closes, and the page
 * in front never lost focus nor stopped being the active tab. A second round
 * captures nothing new (the watermark holds). X's logged-out wall at the
 * notifications URL pauses every target of the profile and tells the lead;
 * after a Resume, the captcha page does the same.
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
import type { CapturedItem } from '../../shared/model.js';
import { SweepSettings, sweepPauseMessage, type SweepStatus } from '../../shared/sweeps.js';
import { launchExtension, sweepUntil, pairViaOptions, ROOT, serveAt, until, type ExtensionBrowser } from './harness.js';

const MIN = 60_000;
const NOTIFICATIONS = 'https://x.com/notifications';
const OUR_POST = 'https://x.com/inlaydemo/status/1900000000000000100';
const THEIR_POST = 'https://x.com/pixelharbor/status/1900000000000000200';
const PROFILE = 'https://x.com/inlaydemo';
const CHAT = 'https://x.com/i/chat';
const UNREAD_CHAT = 'https://x.com/i/chat/1500000000000000001-1500000000000000003';
const NOTIFICATIONS_TARGET = 'x:inlaydemo:notifications';
const POSTS_TARGET = 'x:inlaydemo:recent-posts';
const DMS_TARGET = 'x:inlaydemo:dms';
const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00', timeZone: 'UTC' };
const fixture = (name: string) => readFileSync(join(ROOT, 'test/fixtures/x', name), 'utf8');

/** Our post, as a person captured it earlier (what recent-posts sweeps visit). */
const OUR_POST_ITEM: CapturedItem = {
  platform: 'x',
  nativeId: '1900000000000000100',
  kind: 'post',
  profile: 'inlaydemo',
  author: { handle: 'inlaydemo', name: 'Inlay Demo', url: 'https://x.com/inlaydemo', verified: false },
  text: 'We just shipped the spring release of our planner app. What should we build next?',
  permalink: OUR_POST,
  siteTimestamp: '2026-03-02T15:04:05.000Z',
  parentId: null,
  threadId: '1900000000000000100',
  lang: 'en',
};

const clock = manualClock(new Date());
let dataDir: string;
let companion: Companion;
let b: ExtensionBrowser;
let front: Page;
let memberId: string;
/** What the notifications URL serves now. */
let notificationsHtml = fixture('notifications-all.html');
/** Pages the sweeps opened (every page that appeared after setup), and focus samples of the page in front. */
const opened: Page[] = [];
const focusLost: string[] = [];
let frontTabId = -1;
let watching = false;
let focusWatch: Promise<void> = Promise.resolve();
/** Windows other than the one in front (the sweep's own). */
const sweepWindows = new Set<number>();

interface ChromeApi {
  tabs: { query(q: { active: boolean; lastFocusedWindow: boolean }): Promise<Array<{ id?: number }>> };
  windows: {
    getAll(q: {
      populate: boolean;
    }): Promise<
      Array<{ id?: number; focused: boolean; state?: string; tabs?: Array<{ id?: number; active: boolean }> }>
    >;
  };
  storage: { local: { get(k: string): Promise<Record<string, unknown>> } };
}

/** The active tab of the last focused window, as the service worker sees it. */
function activeTabId(): Promise<number> {
  return b.worker.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id ?? -1;
  });
}

/** Every window: focused or not, its state, its active tab. */
function windowsNow(): Promise<Array<{ id: number; focused: boolean; state: string; active: number; tabs: number[] }>> {
  return b.worker.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    return (await chrome.windows.getAll({ populate: true })).map((w) => ({
      id: w.id ?? -1,
      focused: w.focused,
      state: w.state ?? '',
      active: w.tabs?.find((t) => t.active)?.id ?? -1,
      tabs: (w.tabs ?? []).map((t) => t.id ?? -1),
    }));
  });
}

/**
 * Samples, until stopped: the page in front keeps focus and stays visible, and stays the active
 * tab of its window (no sweep page ever comes to the front of it). Headless Chromium has no window
 * manager and reports every new window as `normal` and focused, so the sweep window's own report
 * is not judged here (sweeps/tabs.ts checks it where there is a screen).
 */
async function watchFocus(): Promise<void> {
  watching = true;
  while (watching) {
    const [page, windows] = await Promise.all([
      front.evaluate(() => ({ focus: document.hasFocus(), visible: document.visibilityState })),
      windowsNow(),
    ]);
    if (!page.focus) focusLost.push('the page in front lost focus');
    if (page.visible !== 'visible') focusLost.push(`the page in front became ${page.visible}`);
    for (const w of windows) {
      if (w.tabs.includes(frontTabId) && w.active !== frontTabId) {
        focusLost.push(`tab ${w.active} became the active tab in front`);
      }
      if (!w.tabs.includes(frontTabId)) sweepWindows.add(w.id);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The extension's state, as our pages get it. */
async function extensionState(): Promise<{
  sweeps: { running: unknown; notices: Array<{ kind: string; message: string; targetId: string }> };
}> {
  return front.evaluate(() =>
    (
      globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ state: never }> } } }
    ).chrome.runtime
      .sendMessage({ type: 'state.get' })
      .then((r) => r.state),
  );
}

const target = (s: SweepStatus, id: string) => s.targets.find((t) => t.target.id === id)!;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inlay-e2e-sweeps-'));
  companion = await startCompanion({
    port: 0,
    dataDir,
    logger: quietLogger,
    clock,
    sweeps: { random: seededRandom(7), timeZone: 'UTC', everyMs: 60 * MIN },
  });
  await companion.store.saveProfile('op_sweeps_profile', null, {
    platform: 'x',
    handle: 'inlaydemo',
    displayName: null,
  });
  await companion.store.captureItem('op_sweeps_post', null, OUR_POST_ITEM);

  b = await launchExtension();
  await b.context.route(
    (u) => u.href === NOTIFICATIONS,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: notificationsHtml }),
  );
  await serveAt(b.context, OUR_POST, fixture('status-with-replies.html'));
  await serveAt(b.context, PROFILE, fixture('profile.html'));
  await serveAt(b.context, CHAT, fixture('chat-inbox-2026.html'));
  await serveAt(b.context, UNREAD_CHAT, fixture('dm-chat-2026.html'));
  await serveAt(b.context, THEIR_POST, fixture('status-not-ours-dark.html'));

  front = await pairViaOptions(b, companion, 'Lena Lead'); // the first member: an admin, who gets notices
  memberId = (await companion.store.listMembers())[0]!.id;
  await until(async () => (await front.getByTestId('profile-row').count()) === 1, 10_000, 'the profile');

  // A person reads someone's post on X: the page shows the account switcher, so @inlaydemo is signed in here.
  const person = await b.context.newPage();
  await person.goto(THEIR_POST);
  await until(
    () =>
      b.worker.evaluate(async () => {
        const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
        const stored = (await chrome.storage.local.get('sweeps')).sweeps as { signedIn?: { handle: string }[] };
        return (stored?.signedIn ?? []).some((p) => p.handle === 'inlaydemo');
      }),
    15_000,
    'the signed-in profile',
  );
  await person.close();

  await front.bringToFront();
  frontTabId = await activeTabId();
  b.context.on('page', (p) => opened.push(p));
  focusWatch = watchFocus();

  const x = SweepSettings.parse({
    enabled: true,
    kinds: ['notifications', 'dms', 'recent-posts'],
    jitter: 0,
    workingHours: ALWAYS,
    recentPosts: 1,
    unreadThreads: 1,
    maxReplyExpansions: 2,
  });
  (await companion.sweeps.saveSettings('op_sweeps_on', memberId, { x })).deliver();
  clock.advance(3 * MIN); // switched on: every target runs within two minutes
}, 60_000);

afterAll(async () => {
  watching = false;
  await focusWatch; // its last sample, before the browser goes
  await b?.close();
  await companion?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sweeps in the browser', () => {
  it('a job reads the notifications page and our post’s thread in a hidden tab, captures what is new, closes it, and the page in front keeps focus', async () => {
    expect(await companion.store.countItems()).toBe(1); // our post only
    await sweepUntil(
      companion,
      (s) => [NOTIFICATIONS_TARGET, POSTS_TARGET, DMS_TARGET].every((id) => target(s, id).lastSuccessAt !== null),
      'the three targets swept',
      45_000,
    );
    // two mentions on the notifications page, four replies from other people under our post, and the
    // four messages @quietfjord sent in the one unread conversation of the inbox
    await expect.poll(() => companion.store.countItems(), { timeout: 10_000 }).toBe(11);
    expect(await companion.store.getItem('x:1900000000000000101')).not.toBeNull();

    const log = await companion.store.listSweepLog();
    const ok = log.filter((l) => l.outcome === 'ok');
    expect(ok.map((l) => [l.targetId, l.pageLoads, l.newItems]).sort()).toEqual(
      [
        [NOTIFICATIONS_TARGET, 1, 3], // what the page shows: 2 mentions (captured) and a quote of our post
        // the inbox list's 3 conversations, then the unread one: 6 messages (4 theirs: captured)
        [DMS_TARGET, 2, 9],
        // our profile's posts list, then our newest post: it, 5 replies (4 by others: captured) and 2 posts under "Discover more"
        [POSTS_TARGET, 2, 8],
      ].sort(),
    );
    expect(ok.reduce((n, l) => n + l.captured, 0)).toBe(10);

    // the sweep pages were the two real URLs, and they are gone
    expect(opened.map((p) => p.url()).filter((u) => u.startsWith('https://'))).toEqual(
      expect.arrayContaining([NOTIFICATIONS, OUR_POST, UNREAD_CHAT]),
    );
    await until(() => opened.every((p) => p.isClosed()), 5_000, 'the sweep tabs to close');
    expect((await extensionState()).sweeps.running).toBeNull();
    expect(focusLost).toEqual([]);
    expect(sweepWindows.size).toBeGreaterThan(0); // the sweep read in a window of its own…
    expect((await windowsNow()).map((w) => w.id)).not.toEqual(expect.arrayContaining([...sweepWindows])); // …now closed
  }, 45_000);

  it('a second round captures nothing new: the watermark holds', async () => {
    const before = (await companion.store.listSweepLog()).length;
    const last = companion.sweeps.status();
    clock.advance(11 * MIN); // the 10-minute cadence, no jitter
    await sweepUntil(
      companion,
      (s) =>
        [NOTIFICATIONS_TARGET, POSTS_TARGET, DMS_TARGET].every(
          (id) => target(s, id).lastSuccessAt !== target(last, id).lastSuccessAt,
        ),
      'the second round',
      30_000,
    );
    const round = (await companion.store.listSweepLog()).slice(before); // oldest first
    const oks = round.filter((l) => l.outcome === 'ok');
    expect(oks.length).toBeGreaterThanOrEqual(2);
    for (const l of oks) expect([l.targetId, l.newItems, l.captured, l.deleted]).toEqual([l.targetId, 0, 0, 0]);
    expect(await companion.store.countItems()).toBe(11);
    await until(() => opened.every((p) => p.isClosed()), 5_000, 'the sweep tabs to close');
    expect(focusLost).toEqual([]);
  }, 45_000);

  it('X’s logged-out wall pauses the profile’s targets and tells the lead; so does its captcha page, after a Resume', async () => {
    const where = { platform: 'x' as const, profile: 'inlaydemo', kind: 'notifications' as const };
    notificationsHtml = fixture('signed-out.html');
    clock.advance(11 * MIN);
    await sweepUntil(companion, (s) => target(s, NOTIFICATIONS_TARGET).paused !== null, 'the sign-out pause', 20_000);
    const signedOut = sweepPauseMessage('signed_out', where);
    expect(target(companion.sweeps.status(), NOTIFICATIONS_TARGET).paused).toMatchObject({
      reason: 'signed_out',
      message: signedOut,
    });
    expect(target(companion.sweeps.status(), POSTS_TARGET).paused?.reason).toBe('signed_out');
    expect(signedOut).toBe("You're signed out of X (inlaydemo) — sweeps paused until someone signs in again");
    await expect
      .poll(async () => (await extensionState()).sweeps.notices[0], { timeout: 5_000 })
      .toMatchObject({ kind: 'sweep.paused', message: signedOut });

    notificationsHtml = fixture('challenge.html');
    (await companion.sweeps.resume(NOTIFICATIONS_TARGET, memberId)).deliver();
    await sweepUntil(
      companion,
      (s) => target(s, NOTIFICATIONS_TARGET).paused?.reason === 'challenge',
      'the challenge pause',
      20_000,
    );
    const challenge = sweepPauseMessage('challenge', where);
    await expect
      .poll(async () => (await extensionState()).sweeps.notices[0], { timeout: 5_000 })
      .toMatchObject({ kind: 'sweep.paused', message: challenge });
    expect(challenge).toBe(
      'X showed a security check (captcha) (inlaydemo) — sweeps paused until someone opens x.com and passes it',
    );
    await until(() => opened.every((p) => p.isClosed()), 5_000, 'the sweep tabs to close');
    expect(focusLost).toEqual([]);
    expect(await companion.store.countItems()).toBe(11);
  }, 45_000);
});

/**
 * What a sweep asks of the X adapter (docs/sweeps.md): who the page shows signed in, whether X
 * showed its logged-out wall or a security check instead of the page, and which "show more
 * replies" expanders are safe to click — on the saved pages, including the signed-out and
 * challenge fixtures (which hold no items, so they are not in the adapter's `expected` list).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import { x } from '../../extension/sites/x';

const ROOT = resolve(import.meta.dirname, '../..');
const windows: Window[] = [];
afterAll(async () => {
  for (const w of windows) await w.happyDOM.close();
});

function page(fixture: string, url: string): Document {
  const win = new Window({ url, settings: { disableJavaScriptEvaluation: true, disableCSSFileLoading: true } });
  windows.push(win);
  win.document.write(readFileSync(resolve(ROOT, fixture), 'utf8'));
  return win.document as unknown as Document;
}

function html(body: string, url = 'https://x.com/inlaydemo/status/1900000000000000100'): Document {
  const win = new Window({ url, settings: { disableJavaScriptEvaluation: true } });
  windows.push(win);
  win.document.write(`<!DOCTYPE html><html><body>${body}</body></html>`);
  return win.document as unknown as Document;
}

const NOTIFICATIONS = 'https://x.com/notifications';

describe('x: sweeps', () => {
  it('names the signed-in account on pages that show the account switcher', () => {
    for (const [fixture, url] of [
      ['test/fixtures/x/notifications-all.html', NOTIFICATIONS],
      ['test/fixtures/x/status-with-replies.html', 'https://x.com/inlaydemo/status/1900000000000000100'],
      ['test/fixtures/x/status-not-ours-dark.html', 'https://x.com/pixelharbor/status/1900000000000000200'],
    ] as const) {
      const doc = page(fixture, url);
      expect([fixture, x.signedInAs!(doc)]).toEqual([fixture, 'inlaydemo']);
      expect([fixture, x.signedOut!(doc), x.challenge!(doc)]).toEqual([fixture, false, false]);
    }
  });

  it('the logged-out wall at the notifications URL is signed out, and names nobody', () => {
    const doc = page('test/fixtures/x/signed-out.html', NOTIFICATIONS);
    expect(x.signedOut!(doc)).toBe(true);
    expect(x.signedInAs!(doc)).toBeNull();
    expect(x.challenge!(doc)).toBe(false);
    expect(x.findItems(doc)).toHaveLength(0);
  });

  it('the login flow is signed out by its URL alone', () => {
    expect(x.signedOut!(html('<main></main>', 'https://x.com/i/flow/login'))).toBe(true);
  });

  it('the account-access captcha is a challenge (not a sign-out), wherever X shows it', () => {
    const doc = page('test/fixtures/x/challenge.html', NOTIFICATIONS);
    expect(x.challenge!(doc)).toBe(true);
    expect(x.signedOut!(doc)).toBe(false);
    expect(x.findItems(doc)).toHaveLength(0);
    expect(x.challenge!(html('<main></main>', 'https://x.com/account/access'))).toBe(true);
  });

  it('offers only "Show more replies"-type cells to click, never a tweet’s buttons', () => {
    const doc = page('test/fixtures/x/status-with-replies.html', 'https://x.com/inlaydemo/status/1900000000000000100');
    expect(x.sweepExpanders!(doc)).toEqual([]); // the saved thread shows every reply
    const cells = html(`
      <div data-testid="cellInnerDiv"><div><div role="button" tabindex="0"><span>Show more replies</span></div></div></div>
      <div data-testid="cellInnerDiv"><div><div role="button" tabindex="0"><span>Show probable spam</span></div></div></div>
      <div data-testid="cellInnerDiv"><article data-testid="tweet"><div role="button"><span>Show more replies</span></div>
        <button data-testid="like" role="button">Like</button></article></div>
      <div data-testid="cellInnerDiv"><div><div role="button" tabindex="0"><span>Follow</span></div></div></div>
      <div data-testid="cellInnerDiv"><div><div role="button" data-testid="UserCell">Show more replies</div></div></div>
      <div data-testid="cellInnerDiv"><div><div role="button" aria-haspopup="menu">Show more replies</div></div></div>`);
    expect(x.sweepExpanders!(cells).map((b) => b.textContent?.trim())).toEqual([
      'Show more replies',
      'Show probable spam',
    ]);
  });

  it('knows the page a notifications sweep opens, and reads it as the notifications page', () => {
    expect(x.sweepPages?.notifications).toBe(NOTIFICATIONS);
    expect(x.pageKind(new URL(x.sweepPages!.notifications!))).toBe('notifications');
  });
});

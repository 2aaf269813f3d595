import { defineContentScript } from 'wxt/utils/define-content-script';
import { installPageWorld } from '../../page-world/insert-techniques';

/**
 * The page-world half of reply insertion (features/reply-insert.ts): runs in
 * the page's own JavaScript world, where the sites' editor libraries see the
 * events it dispatches as their own and where Quill's instance is reachable.
 * It has no extension APIs and exposes nothing on `window` (`globalName:
 * false`); it only answers bridge requests from the isolated content script
 * (features/support/page-bridge.ts).
 *
 * Chrome MV3: `world: 'MAIN'` (Chrome 111+). Firefox: WXT writes the same
 * `world: 'MAIN'` into the MV2 manifest, which Firefox honours from 128 (the
 * add-on's minimum is 140), so Firefox runs this in the page world as well.
 * Where no page world answers, reply-insert falls back to the techniques that
 * work from the content script (see insert-techniques.ts, `world: 'content'`).
 *
 * `matches`: every site Inlay adapts (WXT reads them statically, so they are
 * written out here).
 */
export default defineContentScript({
  matches: [
    'https://x.com/*',
    'https://twitter.com/*',
    'https://mobile.x.com/*',
    'https://www.linkedin.com/*',
    'https://www.youtube.com/*',
    'https://m.youtube.com/*',
    'https://www.instagram.com/*',
    'https://www.facebook.com/*',
    'https://web.facebook.com/*',
    'https://m.facebook.com/*',
    'https://www.tiktok.com/*',
    'https://www.reddit.com/*',
    'https://new.reddit.com/*',
    'https://old.reddit.com/*',
    'https://sh.reddit.com/*',
  ],
  runAt: 'document_idle',
  world: 'MAIN',
  globalName: false,
  main() {
    installPageWorld();
  },
});

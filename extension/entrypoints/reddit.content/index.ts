import { defineContentScript } from 'wxt/utils/define-content-script';
import { runSite } from '../../features/run-site';
import { reddit } from '../../sites/reddit';

// WXT reads `matches` statically: keep it equal to `reddit.matches` (test/sites/reddit.test.ts checks).
export default defineContentScript({
  matches: [
    'https://www.reddit.com/*',
    'https://new.reddit.com/*',
    'https://old.reddit.com/*',
    'https://sh.reddit.com/*',
  ],
  runAt: 'document_idle',
  main(ctx) {
    runSite(ctx, reddit);
  },
});

import { defineContentScript } from 'wxt/utils/define-content-script';
import { runSite } from '../../features/run-site';
import { x } from '../../sites/x';

// WXT reads `matches` statically: keep it equal to `x.matches` (test/sites/x.test.ts checks).
export default defineContentScript({
  matches: ['https://x.com/*', 'https://twitter.com/*', 'https://mobile.x.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSite(ctx, x);
  },
});

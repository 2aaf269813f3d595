import { defineContentScript } from 'wxt/utils/define-content-script';
import { runSite } from '../../features/run-site';
import { facebook } from '../../sites/facebook';

// WXT reads `matches` statically: keep it equal to `facebook.matches` (test/sites/facebook.test.ts checks).
export default defineContentScript({
  matches: ['https://www.facebook.com/*', 'https://web.facebook.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSite(ctx, facebook);
  },
});

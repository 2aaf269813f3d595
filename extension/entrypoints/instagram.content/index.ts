import { defineContentScript } from 'wxt/utils/define-content-script';
import { runSite } from '../../features/run-site';
import { instagram } from '../../sites/instagram';

// WXT reads `matches` statically: keep it equal to `instagram.matches` (test/sites/instagram.test.ts checks).
export default defineContentScript({
  matches: ['https://www.instagram.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSite(ctx, instagram);
  },
});

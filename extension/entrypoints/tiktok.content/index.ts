import { defineContentScript } from 'wxt/utils/define-content-script';
import { runSite } from '../../features/run-site';
import { tiktok } from '../../sites/tiktok';

// WXT reads `matches` statically: keep it equal to `tiktok.matches` (test/sites/tiktok.test.ts checks).
export default defineContentScript({
  matches: ['https://www.tiktok.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSite(ctx, tiktok);
  },
});

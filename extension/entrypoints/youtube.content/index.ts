import { defineContentScript } from 'wxt/utils/define-content-script';
import { runSite } from '../../features/run-site';
import { youtube } from '../../sites/youtube';

// WXT reads `matches` statically: keep it equal to `youtube.matches` (test/sites/youtube.test.ts checks).
export default defineContentScript({
  matches: ['https://www.youtube.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSite(ctx, youtube);
  },
});

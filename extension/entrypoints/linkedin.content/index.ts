import { defineContentScript } from 'wxt/utils/define-content-script';
import { runSite } from '../../features/run-site';
import { linkedin } from '../../sites/linkedin';

// WXT reads `matches` statically: keep it equal to `linkedin.matches` (test/sites/linkedin.test.ts checks).
export default defineContentScript({
  matches: ['https://www.linkedin.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    runSite(ctx, linkedin);
  },
});

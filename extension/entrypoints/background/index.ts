import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // wired up by the extension-core work
});

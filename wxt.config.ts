import { defineConfig } from 'wxt';
import { CHROME_MANIFEST_KEY } from './shared/extension-id';

/**
 * Preact's diff assigns `innerHTML` only to support `dangerouslySetInnerHTML`,
 * which Inlay never uses (lint forbids it: captured text is hostile). Turning
 * those two assignments into `textContent` removes the capability from the
 * bundles and keeps `web-ext lint --warnings-as-errors` (UNSAFE_VAR_ASSIGNMENT) clean.
 */
const preactWithoutInnerHtml = {
  name: 'inlay:preact-without-inner-html',
  enforce: 'pre' as const,
  transform(code: string, id: string) {
    if (!/[\\/]node_modules[\\/]preact[\\/]dist[\\/]/.test(id)) return null;
    return { code: code.replace(/([\w$]+)\.innerHTML\s*=(?!=)/g, '$1.textContent='), map: null };
  },
};

// See https://wxt.dev/api/config.html
export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  outDir: '.output',
  imports: false,
  modules: ['@wxt-dev/i18n/module'],
  manifestVersion: undefined,
  vite: () => ({
    plugins: [preactWithoutInnerHtml],
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
    build: { sourcemap: false },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms', 'notifications', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'inlay@inlay.local',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { key: CHROME_MANIFEST_KEY, minimum_chrome_version: '116' }),
  }),
});

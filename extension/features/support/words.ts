/**
 * The overlay's strings (extension/locales/en.yml, `overlay*`), through WXT's
 * i18n. One indirection so DOM tests can replace it: `#i18n` is a WXT alias
 * that vitest's browser-like transform cannot resolve.
 */
export { i18n } from '#i18n';

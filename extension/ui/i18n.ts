/**
 * The extension pages' door to WXT's i18n: `import { i18n } from '#i18n'`,
 * re-exported so component tests can mock this one module (`vi.mock('../i18n')`)
 * — Vitest's browser-like environments cannot resolve the `#i18n` alias.
 */
export { i18n } from '#i18n';

/**
 * What a saved reply's variables need from the page, in plain words, for the
 * messages that say why a reply cannot be filled ("This page doesn't show the
 * author's first name…") — one list for the picker and the shortcut expander.
 */
import type { VariableName } from '../../../shared/replies/template';
import { i18n } from './words';

const PAGE_VARIABLE_WORDS: Partial<Record<VariableName, () => string>> = {
  'author.first_name': () => i18n.t('overlayPickerVarFirstName'),
  'author.name': () => i18n.t('overlayPickerVarName'),
  'author.handle': () => i18n.t('overlayPickerVarHandle'),
  'post.excerpt': () => i18n.t('overlayPickerVarPost'),
  platform: () => i18n.t('overlayPickerVarPlatform'),
};

/** The missing variables the page should have shown, in words, once each. */
export function pageVariableWords(missing: readonly VariableName[]): string[] {
  return [...new Set(missing.flatMap((m) => PAGE_VARIABLE_WORDS[m]?.() ?? []))];
}

/** The member's own name is missing (not paired, or no name). */
export function needsMember(missing: readonly VariableName[]): boolean {
  return missing.includes('agent.first_name') || missing.includes('agent.name');
}

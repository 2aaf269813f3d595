/** One line: a coloured dot and the background's plain-words status. */
import { i18n } from '../i18n';
import type { ExtensionState } from '../../messaging/messages';

export function ConnectionStatus({ state }: { state: ExtensionState | null }) {
  return (
    <div class="row" data-testid="connection-status" data-status={state?.status ?? 'loading'}>
      <span class="dot" data-status={state?.status ?? 'connecting'} aria-hidden="true" />
      <span class="grow">{state ? (state.detail ?? state.status) : i18n.t('popupLoading')}</span>
    </div>
  );
}

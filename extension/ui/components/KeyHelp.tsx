/** `?`: every key of the side panel, in one sheet. */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { i18n } from '../i18n';
import { KEY_HELP } from '../triage/keys';

export function KeyHelp(props: { onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => box.current?.focus(), []);
  return (
    <div class="sheet-backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        ref={box}
        class="sheet sheet-help"
        role="dialog"
        aria-modal="true"
        aria-label={i18n.t('sidepanelKeysTitle')}
        tabIndex={-1}
        data-testid="key-help"
      >
        <div class="sheet-head row">
          <h2>{i18n.t('sidepanelKeysTitle')}</h2>
          <span class="grow" />
          <button
            type="button"
            class="btn btn-quiet btn-s btn-icon"
            aria-label={i18n.t('sidepanelDismiss')}
            onClick={props.onClose}
          >
            ×
          </button>
        </div>
        <dl class="key-list">
          {KEY_HELP.map(([keys, words]) => (
            <div class="key-row" key={keys}>
              <dt>
                <kbd class="kbd">{keys}</kbd>
              </dt>
              <dd>{i18n.t(words)}</dd>
            </div>
          ))}
        </dl>
        <p class="muted small key-note">{i18n.t('sidepanelKeysBulk')}</p>
      </div>
    </div>
  );
}

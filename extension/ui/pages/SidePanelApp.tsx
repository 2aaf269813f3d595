/** The side panel: live items across tabs, newest first; offline and unpaired banners; a designed empty state. */
import { useCallback } from 'preact/hooks';
import { i18n } from '../i18n';
import type { Item } from '../../../shared/model';
import type { ExtensionState } from '../../messaging/messages';
import { ask } from '../bg-client';
import { EmptyState } from '../components/EmptyState';
import { ItemList } from '../components/ItemList';
import { useLive, useNow } from '../use-live';

export function SidePanelView({
  state,
  items,
  loaded,
  now,
  onOpen,
}: {
  state: ExtensionState | null;
  items: readonly Item[];
  loaded: boolean;
  now: number;
  onOpen: (item: Item) => void;
}) {
  const status = state?.status;
  return (
    <div class="panel">
      <header class="panel-header row">
        <h1>{i18n.t('sidepanelTitle')}</h1>
        <span class="muted small" data-testid="item-count">
          {i18n.t('sidepanelCount', items.length)}
        </span>
        <span class="grow" />
        <span
          class="dot"
          data-status={status ?? 'connecting'}
          title={state?.detail ?? ''}
          data-testid="connection-dot"
        />
      </header>
      {status === 'offline' || status === 'auth_failed' ? (
        <div class="banner notice notice-warning" role="status" data-testid="offline-banner">
          <p>{i18n.t('sidepanelOffline')}</p>
          {state?.detail ? <p class="banner-detail">{state.detail}</p> : null}
        </div>
      ) : null}
      {status === 'unpaired' ? (
        <div class="banner notice notice-warning" role="status" data-testid="unpaired-banner">
          {i18n.t('sidepanelUnpaired')}
        </div>
      ) : null}
      <div class="panel-body">
        {!loaded ? (
          <p class="muted small panel-loading">{i18n.t('sidepanelLoading')}</p>
        ) : items.length === 0 ? (
          <EmptyState title={i18n.t('sidepanelEmpty')} hint={i18n.t('sidepanelEmptyHint')} />
        ) : (
          <ItemList items={items} now={now} onOpen={onOpen} />
        )}
      </div>
      {items.length > 0 ? <footer class="panel-footer muted small">{i18n.t('sidepanelKeys')}</footer> : null}
    </div>
  );
}

export function SidePanelApp() {
  const { state, items, loaded } = useLive();
  const now = useNow();
  const onOpen = useCallback((item: Item) => {
    void ask({ type: 'open', url: item.permalink });
  }, []);
  return <SidePanelView state={state} items={items} loaded={loaded} now={now} onOpen={onOpen} />;
}

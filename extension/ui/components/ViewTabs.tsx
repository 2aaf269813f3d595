/** The view switcher: system views, the team's shared views, then personal ones, each with its live count; 1–9 switch. */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { i18n } from '../i18n';
import { SYSTEM_VIEW_IDS, isSystemView, type View } from '../../../shared/views';

export function viewName(view: View): string {
  switch (view.id) {
    case SYSTEM_VIEW_IDS.all:
      return i18n.t('sidepanelViewAll');
    case SYSTEM_VIEW_IDS.mine:
      return i18n.t('sidepanelViewMine');
    case SYSTEM_VIEW_IDS.unassigned:
      return i18n.t('sidepanelViewUnassigned');
    case SYSTEM_VIEW_IDS.untagged:
      return i18n.t('sidepanelViewUntagged');
    case SYSTEM_VIEW_IDS.high:
      return i18n.t('sidepanelViewHigh');
    case SYSTEM_VIEW_IDS.done:
      return i18n.t('sidepanelViewDone');
    default:
      return view.name;
  }
}

export function ViewTabs(props: {
  views: readonly View[];
  counts: Readonly<Record<string, number>>;
  active: string;
  modified: boolean;
  onSelect: (id: string) => void;
}) {
  const nav = useRef<HTMLElement>(null);
  // the strip scrolls sideways in a narrow panel: keep the chosen view in sight
  useLayoutEffect(() => {
    const tab = nav.current?.querySelector<HTMLElement>('[aria-selected="true"]');
    tab?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [props.active, props.views.length]);
  return (
    <nav ref={nav} class="view-tabs" role="tablist" aria-label={i18n.t('sidepanelViews')} data-testid="view-tabs">
      {props.views.map((v, i) => {
        const active = v.id === props.active;
        const name = viewName(v);
        const hints = [
          v.scope === 'personal'
            ? i18n.t('sidepanelViewPersonal', [name])
            : isSystemView(v.id)
              ? name
              : i18n.t('sidepanelViewShared', [name]),
          i < 9 ? i18n.t('sidepanelViewKey', [String(i + 1)]) : '',
          active && props.modified ? i18n.t('sidepanelViewModified') : '',
        ];
        return (
          <button
            key={v.id}
            type="button"
            role="tab"
            class="view-tab"
            aria-selected={active}
            data-view={v.id}
            data-scope={v.scope}
            data-team={v.scope === 'shared' && !isSystemView(v.id) ? 'true' : undefined}
            data-testid="view-tab"
            title={hints.filter(Boolean).join(' · ')}
            onClick={() => props.onSelect(v.id)}
          >
            <span class="view-tab-name">{name}</span>
            <span class="view-tab-count" data-testid="view-count">
              {props.counts[v.id] ?? 0}
            </span>
            {active && props.modified ? <span class="view-tab-dot" aria-hidden="true" /> : null}
          </button>
        );
      })}
    </nav>
  );
}

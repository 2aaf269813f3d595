/**
 * Shown while items are selected: how many, and the actions that apply to all of them (same keys
 * as one item). A member who cannot change items (`readOnly`: viewers) gets the count and Clear only.
 */
import { i18n } from '../i18n';

export function BulkBar(props: {
  count: number;
  onDone: () => void;
  onSnooze: () => void;
  onAssign: () => void;
  onTag: () => void;
  onPriority: () => void;
  onClear: () => void;
  readOnly?: boolean;
}) {
  const action = (id: string, label: string, key: string, run: () => void) => (
    <button type="button" class="btn btn-s" data-testid={`bulk-${id}`} onClick={run} title={`${label} (${key})`}>
      {label}
      <kbd class="kbd">{key}</kbd>
    </button>
  );
  return (
    <div
      class="bulk-bar row"
      role="toolbar"
      aria-label={i18n.t('sidepanelSelected', props.count)}
      data-testid="bulk-bar"
    >
      <span class="bulk-count strong" data-testid="bulk-count">
        {i18n.t('sidepanelSelected', props.count)}
      </span>
      <span class="grow" />
      {props.readOnly ? null : (
        <>
          {action('done', i18n.t('sidepanelBulkDone'), 'e', props.onDone)}
          {action('snooze', i18n.t('sidepanelBulkSnooze'), 's', props.onSnooze)}
          {action('assign', i18n.t('sidepanelBulkAssign'), 'a', props.onAssign)}
          {action('tag', i18n.t('sidepanelBulkTag'), 't', props.onTag)}
          {action('priority', i18n.t('sidepanelBulkPriority'), 'p', props.onPriority)}
        </>
      )}
      <button
        type="button"
        class="btn btn-quiet btn-s btn-icon"
        data-testid="bulk-clear"
        aria-label={i18n.t('sidepanelBulkClear')}
        title={`${i18n.t('sidepanelBulkClear')} (Esc)`}
        onClick={props.onClear}
      >
        ×
      </button>
    </div>
  );
}

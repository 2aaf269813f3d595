/** p: the four priorities, 1–4 to pick (or ↑/↓ and Enter). */
import { useCallback } from 'preact/hooks';
import { i18n } from '../i18n';
import { PRIORITIES, type Item, type Priority } from '../../../shared/model';
import { Picker, type PickerOption } from './Picker';

export function priorityLabel(p: Priority): string {
  switch (p) {
    case 'low':
      return i18n.t('priorityLow');
    case 'normal':
      return i18n.t('priorityNormal');
    case 'high':
      return i18n.t('priorityHigh');
    case 'urgent':
      return i18n.t('priorityUrgent');
  }
}

export function PriorityPicker(props: {
  targets: readonly Item[];
  onPick: (priority: Priority) => void;
  onClose: () => void;
}) {
  const { targets } = props;
  const options = useCallback(
    (): PickerOption[] =>
      PRIORITIES.map((p) => ({
        id: p,
        label: priorityLabel(p),
        checked: targets.length > 0 && targets.every((t) => t.priority === p),
      })),
    [targets],
  );
  return (
    <Picker
      testId="priority-picker"
      title={i18n.t('sidepanelPickPriority')}
      subtitle={i18n.t('sidepanelPickFor', targets.length)}
      options={options}
      onPick={(o) => {
        const p = PRIORITIES.find((x) => x === o.id);
        if (p) props.onPick(p);
      }}
      onClose={props.onClose}
    />
  );
}

/**
 * t: type-ahead over the team's tags (most used first); a new name creates it — only for members
 * who may create tags (`canCreate`; agents pick from the list). Tags every target has already are
 * listed last, checked: picking one removes it, so Enter never removes by surprise.
 */
import { useCallback } from 'preact/hooks';
import { i18n } from '../i18n';
import { TagName, type Item } from '../../../shared/model';
import { foldText } from '../../../shared/views';
import { allHaveTag } from '../triage/actions';
import { Picker, type PickerOption } from './Picker';

export function TagPicker(props: {
  targets: readonly Item[];
  known: readonly string[];
  /** tags.create: offer "Create …" for a name no tag has (default true; the companion decides anyway). */
  canCreate?: boolean;
  onPick: (tag: string) => void;
  onClose: () => void;
}) {
  const { targets, known } = props;
  const canCreate = props.canCreate ?? true;
  const options = useCallback(
    (query: string): PickerOption[] => {
      const typed = TagName.safeParse(query);
      const q = typed.success ? foldText(typed.data) : '';
      const list: PickerOption[] = known
        .filter((t) => q === '' || foldText(t).includes(q))
        .slice(0, 50)
        .map((t) => {
          const checked = allHaveTag(targets, t);
          return { id: t, label: t, checked, ...(checked ? { hint: i18n.t('sidepanelPickTagRemove') } : {}) };
        });
      // what would be added first, then a new tag, then what the targets all have (picking removes it)
      const create =
        canCreate && typed.success && !known.some((t) => foldText(t) === q)
          ? [{ id: typed.data, label: i18n.t('sidepanelPickTagCreate', [typed.data]) }]
          : [];
      return [...list.filter((o) => !o.checked), ...create, ...list.filter((o) => o.checked)];
    },
    [targets, known, canCreate],
  );
  return (
    <Picker
      testId="tag-picker"
      title={i18n.t('sidepanelPickTag')}
      subtitle={i18n.t('sidepanelPickFor', targets.length)}
      placeholder={canCreate ? i18n.t('sidepanelPickTagPlaceholder') : i18n.t('sidepanelTagFind')}
      options={options}
      onPick={(o) => props.onPick(o.id)}
      onClose={props.onClose}
    />
  );
}

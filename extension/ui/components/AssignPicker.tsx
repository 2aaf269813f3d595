/**
 * a: me first, then the team (state.members), then nobody; type-ahead over names. Without
 * items.assignOthers (`others: false`) only me and nobody: agents assign themselves.
 */
import { useCallback } from 'preact/hooks';
import { i18n } from '../i18n';
import type { Item, Member } from '../../../shared/model';
import { foldText } from '../../../shared/views';
import { Picker, type PickerOption } from './Picker';

export const NOBODY = '__nobody__';

export function AssignPicker(props: {
  targets: readonly Item[];
  me: Member | null;
  members: readonly Member[];
  /** items.assignOthers (default true). */
  others?: boolean;
  onPick: (assigneeId: string | null) => void;
  onClose: () => void;
}) {
  const { targets, me, members } = props;
  const others = props.others ?? true;
  const options = useCallback(
    (query: string): PickerOption[] => {
      const q = foldText(query);
      const all = (id: string | null) => targets.length > 0 && targets.every((t) => t.assigneeId === id);
      const list: PickerOption[] = [];
      if (me) list.push({ id: me.id, label: i18n.t('sidepanelFilterMe'), hint: me.name, checked: all(me.id) });
      for (const m of others ? members : []) {
        if (m.id !== me?.id) list.push({ id: m.id, label: m.name, checked: all(m.id) });
      }
      list.push({ id: NOBODY, label: i18n.t('sidepanelFilterNobody'), checked: all(null) });
      return q === '' ? list : list.filter((o) => foldText(`${o.label} ${o.hint ?? ''}`).includes(q));
    },
    [targets, me, members, others],
  );
  return (
    <Picker
      testId="assign-picker"
      title={i18n.t('sidepanelPickAssign')}
      subtitle={i18n.t('sidepanelPickFor', targets.length)}
      placeholder={i18n.t('sidepanelPickAssignPlaceholder')}
      options={options}
      onPick={(o) => props.onPick(o.id === NOBODY ? null : o.id)}
      onClose={props.onClose}
    />
  );
}

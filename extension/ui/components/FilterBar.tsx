/**
 * The filter bar: a keyword box (`/` focuses it; Enter or ↓ goes back to the
 * list, Escape clears it, then leaves) and chips for site, status, assignee,
 * priority and tags. It edits the current view's filter; once changed, the
 * filters can be reset, saved as a personal view, or written back to the
 * view they came from (a personal one, or a shared one for leads and admins).
 * A personal view can be shared with the team (`onShare`, when the member may).
 */
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '../i18n';
import { ITEM_STATUSES, PLATFORMS, PRIORITIES, type Member } from '../../../shared/model';
import { foldText, type TagMode, type ViewFilter } from '../../../shared/views';
import { platformLabel } from '../format';
import { priorityLabel } from './PriorityPicker';
import { statusLabel } from './TriageList';

export interface FilterBarProps {
  filter: ViewFilter;
  onChange: (filter: ViewFilter) => void;
  me: Member | null;
  members: readonly Member[];
  /** Tags in use, most used first. */
  tags: readonly string[];
  searchRef: RefObject<HTMLInputElement>;
  /** Give the keyboard back to the list. */
  onLeave: () => void;
  modified: boolean;
  /** The current view is the member's to update and delete (personal, or shared and they may edit team views). */
  personal: boolean;
  /** Share the current personal view with the team; absent when the member may not (or it is not personal). */
  onShare?: () => void;
  onReset: () => void;
  onSave: (name: string) => void;
  onUpdate: () => void;
  onDelete: () => void;
}

/** "X", "X +2", or '' for nothing chosen. */
function summarise(labels: readonly string[]): string {
  if (labels.length === 0) return '';
  if (labels.length === 1) return labels[0]!;
  return i18n.t('sidepanelFilterMore', [labels[0]!, String(labels.length - 1)]);
}

function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

export function FilterBar(props: FilterBarProps) {
  const { filter, onChange, me, members } = props;
  const [naming, setNaming] = useState(false);
  const set = (patch: Partial<ViewFilter>) => onChange({ ...filter, ...patch });

  const memberName = (id: string) =>
    id === me?.id
      ? i18n.t('sidepanelFilterMe')
      : (members.find((m) => m.id === id)?.name ?? i18n.t('sidepanelSomeone'));
  const assigneeSummary =
    filter.assignee === null
      ? ''
      : filter.assignee === 'me'
        ? i18n.t('sidepanelFilterMe')
        : filter.assignee === 'nobody'
          ? i18n.t('sidepanelFilterNobody')
          : filter.assignee === 'someone'
            ? i18n.t('sidepanelFilterSomeone')
            : summarise(filter.assignee.map(memberName));
  const tagSummary =
    filter.tags.mode === 'none' && filter.tags.names.length === 0
      ? i18n.t('sidepanelTagsUntagged')
      : summarise(filter.tags.names);

  const assigneeValue = Array.isArray(filter.assignee) ? (filter.assignee[0] ?? '') : (filter.assignee ?? '');
  const assigneeOptions: { value: string; label: string }[] = [
    { value: '', label: i18n.t('sidepanelFilterAnyone') },
    ...(me ? [{ value: 'me', label: i18n.t('sidepanelFilterMe') }] : []),
    { value: 'nobody', label: i18n.t('sidepanelFilterNobody') },
    { value: 'someone', label: i18n.t('sidepanelFilterSomeone') },
    ...members.filter((m) => m.id !== me?.id).map((m) => ({ value: m.id, label: m.name })),
  ];

  return (
    <div class="tri-filters" data-testid="filter-bar">
      <div class="tri-search">
        <svg class="tri-search-icon" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" stroke-width="1.5" />
          <path d="M10.5 10.5 14 14" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" />
        </svg>
        <input
          ref={props.searchRef}
          class="input tri-search-input"
          type="search"
          data-testid="search"
          aria-label={i18n.t('sidepanelSearch')}
          placeholder={i18n.t('sidepanelSearchPlaceholder')}
          maxLength={200}
          autoComplete="off"
          spellcheck={false}
          value={filter.keyword}
          onInput={(e) => set({ keyword: e.currentTarget.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              if (filter.keyword) set({ keyword: '' });
              else props.onLeave();
            } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
              e.preventDefault();
              props.onLeave();
            }
          }}
        />
        <kbd class="kbd tri-search-key" aria-hidden="true">
          /
        </kbd>
      </div>
      <div class="tri-chips">
        <FilterMenu
          testId="filter-platform"
          label={i18n.t('sidepanelFilterPlatform')}
          summary={summarise(filter.platforms.map(platformLabel))}
          onClear={() => set({ platforms: [] })}
        >
          {PLATFORMS.map((p) => (
            <Check
              key={p}
              checked={filter.platforms.includes(p)}
              onChange={() => set({ platforms: toggled(filter.platforms, p) })}
            >
              {platformLabel(p)}
            </Check>
          ))}
        </FilterMenu>
        <FilterMenu
          testId="filter-status"
          label={i18n.t('sidepanelFilterStatus')}
          summary={summarise(filter.statuses.map(statusLabel))}
          onClear={() => set({ statuses: [] })}
        >
          {ITEM_STATUSES.map((s) => (
            <Check
              key={s}
              checked={filter.statuses.includes(s)}
              onChange={() => set({ statuses: toggled(filter.statuses, s) })}
            >
              {statusLabel(s)}
            </Check>
          ))}
        </FilterMenu>
        <FilterMenu
          testId="filter-assignee"
          label={i18n.t('sidepanelFilterAssignee')}
          summary={assigneeSummary}
          onClear={() => set({ assignee: null })}
        >
          {assigneeOptions.map((o) => (
            <Check
              key={o.value || 'anyone'}
              radio="assignee"
              checked={assigneeValue === o.value}
              onChange={() =>
                set({
                  assignee:
                    o.value === ''
                      ? null
                      : o.value === 'me' || o.value === 'nobody' || o.value === 'someone'
                        ? o.value
                        : [o.value],
                })
              }
            >
              {o.label}
            </Check>
          ))}
        </FilterMenu>
        <FilterMenu
          testId="filter-priority"
          label={i18n.t('sidepanelFilterPriority')}
          summary={summarise(filter.priorities.map(priorityLabel))}
          onClear={() => set({ priorities: [] })}
        >
          {PRIORITIES.map((p) => (
            <Check
              key={p}
              checked={filter.priorities.includes(p)}
              onChange={() => set({ priorities: toggled(filter.priorities, p) })}
            >
              {priorityLabel(p)}
            </Check>
          ))}
        </FilterMenu>
        <FilterMenu
          testId="filter-tags"
          label={i18n.t('sidepanelFilterTags')}
          summary={tagSummary}
          onClear={() => set({ tags: { mode: 'any', names: [] } })}
        >
          <TagChoices filter={filter} tags={props.tags} onChange={(tags) => set({ tags })} />
        </FilterMenu>
        <span class="grow" />
        {props.modified ? (
          <button type="button" class="btn btn-quiet btn-s" data-testid="filter-reset" onClick={props.onReset}>
            {i18n.t('sidepanelFilterReset')}
          </button>
        ) : null}
        {props.modified && props.personal ? (
          <button type="button" class="btn btn-s" data-testid="view-update" onClick={props.onUpdate}>
            {i18n.t('sidepanelUpdateView')}
          </button>
        ) : null}
        {props.modified ? (
          <button type="button" class="btn btn-s" data-testid="view-save" onClick={() => setNaming(true)}>
            {i18n.t('sidepanelSaveView')}
          </button>
        ) : null}
        {props.onShare ? (
          <button
            type="button"
            class="btn btn-quiet btn-s"
            data-testid="view-share"
            title={i18n.t('sidepanelShareViewHelp')}
            onClick={props.onShare}
          >
            {i18n.t('sidepanelShareView')}
          </button>
        ) : null}
        {!props.modified && props.personal ? (
          <button type="button" class="btn btn-quiet btn-s" data-testid="view-delete" onClick={props.onDelete}>
            {i18n.t('sidepanelDeleteView')}
          </button>
        ) : null}
      </div>
      {naming ? (
        <NameForm
          onSave={(name) => {
            setNaming(false);
            props.onSave(name);
          }}
          onCancel={() => {
            setNaming(false);
            props.onLeave();
          }}
        />
      ) : null}
    </div>
  );
}

function NameForm(props: { onSave: (name: string) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => input.current?.focus(), []);
  const trimmed = name.trim();
  return (
    <form
      class="tri-name row"
      data-testid="view-name-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed) props.onSave(trimmed);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <input
        ref={input}
        class="input grow"
        data-testid="view-name"
        aria-label={i18n.t('sidepanelViewName')}
        placeholder={i18n.t('sidepanelViewNamePlaceholder')}
        maxLength={80}
        value={name}
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <button type="submit" class="btn btn-primary btn-s" disabled={!trimmed}>
        {i18n.t('sidepanelSave')}
      </button>
      <button type="button" class="btn btn-quiet btn-s" onClick={props.onCancel}>
        {i18n.t('sidepanelCancel')}
      </button>
    </form>
  );
}

function TagChoices(props: {
  filter: ViewFilter;
  tags: readonly string[];
  onChange: (tags: ViewFilter['tags']) => void;
}) {
  const { mode, names } = props.filter.tags;
  const [query, setQuery] = useState('');
  const q = foldText(query);
  const chosen = new Set(names.map(foldText));
  const all = [...names, ...props.tags.filter((t) => !chosen.has(foldText(t)))];
  const shown = all.filter((t) => q === '' || foldText(t).includes(q)).slice(0, 40);
  const modes: [TagMode, string][] = [
    ['any', i18n.t('sidepanelTagModeAny')],
    ['all', i18n.t('sidepanelTagModeAll')],
    ['none', i18n.t('sidepanelTagModeNone')],
  ];
  return (
    <>
      <div class="fmenu-modes" role="radiogroup" aria-label={i18n.t('sidepanelFilterTags')}>
        {modes.map(([m, label]) => (
          <Check key={m} radio="tag-mode" checked={mode === m} onChange={() => props.onChange({ mode: m, names })}>
            {label}
          </Check>
        ))}
      </div>
      {all.length > 8 ? (
        <input
          class="input fmenu-find"
          aria-label={i18n.t('sidepanelTagFind')}
          placeholder={i18n.t('sidepanelTagFind')}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      ) : null}
      {all.length === 0 ? <p class="muted small fmenu-empty">{i18n.t('sidepanelTagsNoneInUse')}</p> : null}
      {shown.map((t) => (
        <Check
          key={t}
          checked={chosen.has(foldText(t))}
          onChange={() =>
            props.onChange({
              mode,
              names: chosen.has(foldText(t)) ? names.filter((n) => foldText(n) !== foldText(t)) : [...names, t],
            })
          }
        >
          <span class="tag-name">{t}</span>
        </Check>
      ))}
    </>
  );
}

function Check(props: { checked: boolean; onChange: () => void; radio?: string; children: ComponentChildren }) {
  return (
    <label class="fmenu-option">
      <input
        type={props.radio ? 'radio' : 'checkbox'}
        name={props.radio}
        checked={props.checked}
        onChange={props.onChange}
      />
      <span class="fmenu-label">{props.children}</span>
    </label>
  );
}

function FilterMenu(props: {
  label: string;
  summary: string;
  testId: string;
  onClear: () => void;
  children: ComponentChildren;
}) {
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const pop = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  useLayoutEffect(() => {
    const el = pop.current;
    if (!open || !el) return;
    el.querySelector<HTMLElement>('input')?.focus();
    // keep the menu inside the narrow panel
    el.style.left = '0px';
    const r = el.getBoundingClientRect();
    const overflow = r.right - (window.innerWidth - 8);
    if (overflow > 0) el.style.left = `${-Math.min(overflow, r.left - 8)}px`;
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div class="fmenu" ref={wrap}>
      <button
        ref={button}
        type="button"
        class="chip"
        data-active={props.summary ? 'true' : undefined}
        data-testid={props.testId}
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <span class="chip-text">
          {props.summary ? i18n.t('sidepanelFilterSummary', [props.label, props.summary]) : props.label}
        </span>
        <svg width="8" height="8" viewBox="0 0 8 8" aria-hidden="true">
          <path d="M1 2.5 4 5.5 7 2.5" fill="none" stroke="currentColor" stroke-width="1.3" />
        </svg>
      </button>
      {open ? (
        <div
          ref={pop}
          class="fmenu-pop"
          role="group"
          aria-label={props.label}
          data-testid={`${props.testId}-menu`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
            e.stopPropagation();
          }}
        >
          <div class="fmenu-list">{props.children}</div>
          {props.summary ? (
            <button type="button" class="btn btn-quiet btn-s fmenu-clear" onClick={props.onClear}>
              {i18n.t('sidepanelFilterClear')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

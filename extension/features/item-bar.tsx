/**
 * item-bar: the compact Inlay bar on each captured item, next to the site's
 * own action row. Status, priority, tag chips and the assignee at a glance;
 * buttons to tag, assign, mark done and "Reply with…"; one small menu at a
 * time; collapsible to a single mark. An item the team does not have yet
 * shows the capture control instead (capture-button).
 *
 * Keyboard only works: every control is a button, menus open on Enter/Space,
 * move with ↑/↓, pick with Enter and close with Escape, focus returns to the
 * button that opened them. The host stops key events while Inlay has focus,
 * so the site's shortcuts never fire from here and work everywhere else.
 * Captured text never renders here; tag names and member names render as
 * text through Preact.
 *
 * What the member may do (their role's permissions and networks) decides
 * what is offered: without `tags.create` the tag menu lists only existing
 * tags; without `items.assignOthers` Assign offers Me and Nobody (and nothing
 * on a teammate's item); a member who cannot change items (viewers, or a site
 * outside their networks) sees no actions at all. The companion stays the
 * authority: a change it refuses comes back in its words (`refusals`).
 * Teammates on the item show as a presence badge ("Tess is replying").
 * "Reply with…" opens the saved-reply picker (reply-picker), which also
 * takes free text; what it inserts goes through `reply`.
 */
import { render, type ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { itemKey, PRIORITIES, type Item, type Member, type Priority, type ItemStatus } from '../../shared/model';
import type { TemplateContext } from '../../shared/replies/template';
import { CaptureButton, failureWords, type CaptureButtonProps } from './capture-button';
import type { OverlayHost } from './overlay-host';
import { PRESENCE_BADGE_CSS, PresenceBadge, type PresenceStore } from './presence-badge';
import { platformName, REPLY_PICKER_CSS, ReplyPicker, type InsertResult } from './reply-picker';
import type { ItemChange, Outcome } from './support/background';
import type { CapturedItems } from './support/captured-items';
import type { ReplyLibraryStore } from './support/reply-library';
import { i18n } from './support/words';

export const FEATURE_ID = 'item-bar';

/**
 * What "Reply with…" reports back. `confirm`: nothing was inserted because
 * the user should know something first (a teammate is typing a reply); asking
 * again with `anyway` inserts.
 */
export type ReplyOutcome = { ok: true } | { ok: false; message: string; copied: boolean; confirm?: boolean };

/** What the member may do on this item (from their permissions and networks). */
export interface ItemAccess {
  /** items.edit on this item's site: every action. */
  edit: boolean;
  /** tags.create: the tag menu may offer "Create …". */
  createTags: boolean;
  /** items.assignOthers: assign teammates, and change a teammate's assignment. */
  assignOthers: boolean;
}

export const FULL_ACCESS: ItemAccess = { edit: true, createTags: true, assignOthers: true };

export interface ItemBarProps extends CaptureButtonProps {
  /** The team, for the assignee menu. */
  members: () => readonly Member[];
  me: () => Member | null;
  /** Tag names the team uses, most recent first (for type-ahead). */
  knownTags: () => Promise<string[]>;
  update(change: ItemChange): Promise<Outcome<unknown>>;
  /**
   * Open the site's reply box for this item and put `text` in it; absent when the site has no composer
   * hook. `replyIds`: the saved replies the text came from (empty for the user's own text).
   */
  reply?: (text: string, options: { anyway: boolean; replyIds: readonly string[] }) => Promise<ReplyOutcome>;
  /** The saved-reply library for the picker (absent: Reply with… takes free text only). */
  library?: Pick<ReplyLibraryStore, 'get' | 'status' | 'subscribe' | 'ensure'>;
  /** Variables for a saved reply on this item (default: the author and text the page shows). */
  replyContext?: () => TemplateContext;
  /** What the member may do (default: everything; the companion still decides). */
  access?: () => ItemAccess;
  /** Teammates present on items. */
  presence?: PresenceStore;
  /** The user is composing a reply in Inlay's Reply with… picker. */
  onTyping?: () => void;
  /** A tag's stored colour (tags.list), or null to use the category colour. */
  tagColor?: (tag: string) => string | null;
  /** Changes the companion refused for `key`, in its words. Returns unsubscribe. */
  refusals?: (key: string, cb: (error: string) => void) => () => void;
  /** Called when what the props read (team, member, permissions, tags) changed. Returns unsubscribe. */
  onContext?: (cb: () => void) => () => void;
}

type Menu = null | 'tag' | 'assign' | 'priority' | 'reply';

/** The item as the background last sent it, or null while the team does not have it. */
function useItem(key: string, captured: CapturedItems): Item | true | null {
  const [item, setItem] = useState<Item | true | null>(() => captured.get(key) ?? null);
  useEffect(() => {
    const sync = (): void => setItem(captured.get(key) ?? null);
    const off = captured.subscribe(key, sync);
    sync();
    return off;
  }, [key, captured]);
  return item;
}

/** Re-render when the bar's context (members, permissions, tags) changes. */
function useContextChanges(onContext: ItemBarProps['onContext']): void {
  const [, setVersion] = useState(0);
  useEffect(() => onContext?.(() => setVersion((v) => v + 1)), [onContext]);
}

export function ItemBar(props: ItemBarProps) {
  const key = itemKey(props.item.platform, props.item.nativeId);
  const item = useItem(key, props.captured);
  useContextChanges(props.onContext);
  const access = props.access?.() ?? FULL_ACCESS;
  if (item === null) return access.edit ? <CaptureButton {...props} /> : null;
  if (item === true) {
    // captured, details not here yet (items.get answers shortly)
    return (
      <div class="item-bar" role="group" aria-label={i18n.t('overlayBarLabel')}>
        <Mark />
        <span class="item-bar__muted">{i18n.t('overlayCaptured')}</span>
      </div>
    );
  }
  return <CapturedBar {...props} current={item} itemKeyValue={key} />;
}

function CapturedBar(props: ItemBarProps & { current: Item; itemKeyValue: string }) {
  const { current } = props;
  const [collapsed, setCollapsed] = useState(false);
  const [menu, setMenu] = useState<Menu>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const openers = useRef<Partial<Record<Exclude<Menu, null>, HTMLButtonElement | null>>>({});

  const close = (): void => {
    const opener = menu ? openers.current[menu] : null;
    setMenu(null);
    opener?.focus();
  };
  const toggle = (m: Exclude<Menu, null>) => () => {
    setError(null); // what was said belongs to what was done before
    setNotice(null);
    setMenu((cur) => (cur === m ? null : m));
  };

  const change = async (c: Omit<ItemChange, 'key'>): Promise<void> => {
    setError(null);
    const r = await props.update({ key: current.key, ...c });
    if (!r.ok) setError(failureWords(r.reason, r.detail));
  };
  const { refusals, itemKeyValue } = props;
  useEffect(() => refusals?.(itemKeyValue, (e) => setError(e)), [refusals, itemKeyValue]);

  const access = props.access?.() ?? FULL_ACCESS;
  const me = props.me();
  const assignee = props.members().find((m) => m.id === current.assigneeId) ?? null;
  const done = current.status === 'done';
  // a teammate's item can be reassigned only with items.assignOthers
  const canAssign =
    access.edit && (access.assignOthers || current.assigneeId === null || current.assigneeId === me?.id);
  const colour = (t: string): string => props.tagColor?.(t) ?? tagColour(t);

  if (collapsed) {
    return (
      <div class="item-bar item-bar--collapsed" role="group" aria-label={i18n.t('overlayBarLabel')}>
        <button
          type="button"
          class="item-bar__icon"
          aria-expanded="false"
          title={i18n.t('overlayExpand')}
          onClick={() => setCollapsed(false)}
        >
          <Mark />
          <span class={`item-bar__dot item-bar__dot--${current.status}`} aria-hidden="true" />
          <span class="item-bar__sr">{statusWord(current.status)}</span>
        </button>
      </div>
    );
  }

  return (
    <div class="item-bar" role="group" aria-label={i18n.t('overlayBarLabel')}>
      <Mark />
      <span class={`item-bar__status item-bar__status--${current.status}`} data-inlay-status={current.status}>
        {statusWord(current.status)}
      </span>
      {current.priority !== 'normal' ? (
        <span
          class={`item-bar__priority item-bar__priority--${current.priority}`}
          data-inlay-priority={current.priority}
        >
          {priorityWord(current.priority)}
        </span>
      ) : null}
      {current.repliedAt ? <span class="item-bar__muted">{i18n.t('overlayReplied')}</span> : null}
      <ul class="item-bar__tags" aria-label={i18n.t('overlayTags')}>
        {current.tags.map((t) => (
          <li key={t} class="item-bar__chip" data-inlay-tag={t} style={`--chip: ${colour(t)}`}>
            <span class="item-bar__chip-name">{t}</span>
            {access.edit ? (
              <button
                type="button"
                class="item-bar__chip-x"
                aria-label={i18n.t('overlayTagRemove', [t])}
                onClick={() => void change({ removeTags: [t] })}
              >
                ×
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {assignee ? (
        <span
          class="item-bar__avatar"
          title={i18n.t('overlayAssignedTo', [assignee.name])}
          data-inlay-assignee={assignee.id}
        >
          {initials(assignee.name)}
        </span>
      ) : null}
      <PresenceBadge store={props.presence} itemKey={current.key} />
      <span class="item-bar__grow" />
      <span class="item-bar__actions">
        {access.edit ? (
          <BarButton
            label={i18n.t('overlayTag')}
            open={menu === 'tag'}
            onClick={toggle('tag')}
            buttonRef={(b) => (openers.current.tag = b)}
            feature="tag"
          />
        ) : (
          <span class="item-bar__muted" data-inlay-readonly="" title={i18n.t('overlayViewOnlyHint')}>
            {i18n.t('overlayViewOnly')}
          </span>
        )}
        {canAssign ? (
          <BarButton
            label={i18n.t('overlayAssign')}
            open={menu === 'assign'}
            onClick={toggle('assign')}
            buttonRef={(b) => (openers.current.assign = b)}
            feature="assign"
          />
        ) : null}
        {access.edit ? (
          <BarButton
            label={i18n.t('overlayPriority')}
            open={menu === 'priority'}
            onClick={toggle('priority')}
            buttonRef={(b) => (openers.current.priority = b)}
            feature="priority"
          />
        ) : null}
        {access.edit ? (
          <button
            type="button"
            class="item-bar__button"
            data-inlay-action="done"
            aria-pressed={done}
            onClick={() => void change({ status: done ? 'open' : 'done' })}
          >
            {done ? i18n.t('overlayReopen') : i18n.t('overlayDone')}
          </button>
        ) : null}
        {props.reply && access.edit ? (
          <BarButton
            label={i18n.t('overlayReplyWith')}
            open={menu === 'reply'}
            onClick={toggle('reply')}
            buttonRef={(b) => (openers.current.reply = b)}
            feature="reply"
          />
        ) : null}
        <button
          type="button"
          class="item-bar__icon"
          aria-expanded="true"
          title={i18n.t('overlayCollapse')}
          aria-label={i18n.t('overlayCollapse')}
          onClick={() => {
            setMenu(null);
            setCollapsed(true);
          }}
        >
          –
        </button>
      </span>
      {menu === 'tag' && access.edit ? (
        <TagMenu
          have={current.tags}
          known={props.knownTags}
          canCreate={access.createTags}
          onPick={(t) => {
            close();
            void change({ addTags: [t] });
          }}
          onClose={close}
        />
      ) : null}
      {menu === 'assign' && canAssign ? (
        <ListMenu
          label={i18n.t('overlayAssign')}
          options={[
            ...(me ? [{ id: me.id, label: i18n.t('overlayAssignMe') }] : []),
            ...(access.assignOthers
              ? props
                  .members()
                  .filter((m) => m.id !== me?.id)
                  .map((m) => ({ id: m.id, label: m.name }))
              : []),
            { id: '', label: i18n.t('overlayAssignNobody') },
          ]}
          current={current.assigneeId ?? ''}
          onPick={(id) => {
            close();
            void change({ assigneeId: id === '' ? null : id });
          }}
          onClose={close}
        />
      ) : null}
      {menu === 'priority' && access.edit ? (
        <ListMenu
          label={i18n.t('overlayPriority')}
          options={[...PRIORITIES].reverse().map((p) => ({ id: p, label: priorityWord(p) }))}
          current={current.priority}
          onPick={(p) => {
            close();
            void change({ priority: p as Priority });
          }}
          onClose={close}
        />
      ) : null}
      {menu === 'reply' && props.reply && access.edit ? (
        <Popover label={i18n.t('overlayReplyWith')} width={400}>
          <ReplyMenu
            bar={props}
            current={current}
            onClose={close}
            onInsert={async (text, o) => {
              setError(null);
              setNotice(null);
              const r = await props.reply!(text, o);
              if (r.ok) {
                setMenu(null);
                setNotice(i18n.t('overlayInserted'));
                return 'done';
              }
              setError(r.message);
              return r.confirm ? 'confirm' : 'failed';
            }}
          />
        </Popover>
      ) : null}
      {notice ? (
        <span class="item-bar__notice" role="status">
          {notice}
        </span>
      ) : null}
      {error ? (
        <span class="item-bar__error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function BarButton(props: {
  label: string;
  open: boolean;
  onClick: () => void;
  feature: string;
  buttonRef: (b: HTMLButtonElement | null) => void;
}) {
  return (
    <button
      type="button"
      class="item-bar__button"
      aria-haspopup="true"
      aria-expanded={props.open}
      data-inlay-action={props.feature}
      ref={props.buttonRef}
      onClick={props.onClick}
    >
      {props.label}
    </button>
  );
}

/** ↑/↓ through `count` rows, Enter picks, Escape closes. */
function useListKeys(count: number, onPick: (i: number) => void, onClose: () => void) {
  const [active, setActive] = useState(0);
  useEffect(() => setActive((a) => Math.min(a, Math.max(0, count - 1))), [count]);
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => (count === 0 ? 0 : (a + 1) % count));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (count === 0 ? 0 : (a - 1 + count) % count));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (count > 0) onPick(active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  };
  return { active, setActive, onKeyDown };
}

/**
 * Menus live in the browser's top layer (the Popover API), so no stacking
 * context or overflow of the site (X's virtual-list cells, Reddit's shadow
 * roots) can hide or clip them; they are placed under the bar (above it when
 * there is no room below) and follow it while the page scrolls.
 */
function Popover(props: {
  label: string;
  children: ComponentChildren;
  onKeyDown?: (e: KeyboardEvent) => void;
  /** Widest it gets (px); narrower on small windows. */
  width?: number;
}) {
  const maxWidth = props.width ?? 280;
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const bar = el.parentElement;
    const view = el.ownerDocument.defaultView;
    const place = (): void => {
      if (!bar || !view) return;
      const r = bar.getBoundingClientRect();
      const width = Math.min(maxWidth, view.innerWidth - 16);
      el.style.left = `${Math.max(8, Math.min(r.right - width, view.innerWidth - width - 8))}px`;
      el.style.width = `${width}px`;
      const height = el.offsetHeight;
      const below = r.bottom + 4;
      const above = r.top - 4 - height;
      const fitsBelow = below + height <= view.innerHeight - 8;
      const top = fitsBelow || above < 8 ? Math.min(below, Math.max(8, view.innerHeight - height - 8)) : above;
      el.style.top = `${top}px`;
    };
    // the bar can grow under an open menu (a notice, a presence badge): follow it
    const RO = (view as (Window & { ResizeObserver?: typeof ResizeObserver }) | null)?.ResizeObserver;
    const resized = RO && bar ? new RO(place) : null;
    if (typeof el.showPopover === 'function') {
      el.showPopover();
      place();
      view?.addEventListener('scroll', place, { capture: true, passive: true });
      view?.addEventListener('resize', place, { passive: true });
      if (bar) resized?.observe(bar);
      resized?.observe(el); // its own content grows too (the picker's warnings)
    }
    return () => {
      view?.removeEventListener('scroll', place, { capture: true });
      view?.removeEventListener('resize', place);
      resized?.disconnect();
    };
  }, []);
  return (
    <div
      ref={ref}
      popover="manual"
      class={props.width ? 'item-bar__menu item-bar__menu--wide' : 'item-bar__menu'}
      role="dialog"
      aria-label={props.label}
      onKeyDown={props.onKeyDown}
    >
      {props.children}
    </div>
  );
}

function ListMenu(props: {
  label: string;
  options: { id: string; label: string }[];
  current: string;
  onPick: (id: string) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLUListElement>(null);
  const { active, setActive, onKeyDown } = useListKeys(
    props.options.length,
    (i) => props.onPick(props.options[i]!.id),
    props.onClose,
  );
  // before the next key press: a key typed right after opening belongs to the menu
  useLayoutEffect(() => ref.current?.focus(), []);
  return (
    <Popover label={props.label} onKeyDown={onKeyDown}>
      <ul class="item-bar__list" role="listbox" tabIndex={0} ref={ref} aria-label={props.label}>
        {props.options.map((o, i) => (
          <li
            key={o.id}
            role="option"
            aria-selected={i === active}
            data-current={o.id === props.current}
            class="item-bar__option"
            onMouseEnter={() => setActive(i)}
            onClick={() => props.onPick(o.id)}
          >
            {o.label}
            {o.id === props.current ? <span class="item-bar__check"> ✓</span> : null}
          </li>
        ))}
      </ul>
    </Popover>
  );
}

function TagMenu(props: {
  have: readonly string[];
  known: () => Promise<string[]>;
  /** Whether a name nobody used may be offered as a new tag (tags.create). */
  canCreate: boolean;
  onPick: (tag: string) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [known, setKnown] = useState<string[]>([]);
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => input.current?.focus(), []);
  useEffect(() => {
    let live = true;
    void props.known().then((k) => live && setKnown(k));
    return () => {
      live = false;
    };
  }, []);
  const typed = query.trim().replace(/\s+/g, ' ');
  const options = useMemo(() => {
    const q = fold(typed);
    const list = known.filter((t) => !props.have.includes(t) && (q === '' || fold(t).includes(q))).slice(0, 8);
    if (props.canCreate && typed && !known.some((t) => fold(t) === q) && !props.have.includes(typed)) list.push(typed);
    return list;
  }, [typed, known, props.have, props.canCreate]);
  const { active, setActive, onKeyDown } = useListKeys(options.length, (i) => props.onPick(options[i]!), props.onClose);
  return (
    <Popover label={i18n.t('overlayTag')} onKeyDown={onKeyDown}>
      <input
        ref={input}
        class="item-bar__input"
        aria-label={i18n.t('overlayTagSearch')}
        placeholder={i18n.t('overlayTagPlaceholder')}
        maxLength={80}
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <ul class="item-bar__list" role="listbox" aria-label={i18n.t('overlayTags')}>
        {options.map((t, i) => (
          <li
            key={t}
            role="option"
            aria-selected={i === active}
            class="item-bar__option"
            onMouseEnter={() => setActive(i)}
            onClick={() => props.onPick(t)}
          >
            {known.includes(t) ? t : i18n.t('overlayTagCreate', [t])}
          </li>
        ))}
        {options.length === 0 ? (
          <li class="item-bar__muted item-bar__empty">
            {props.canCreate || !typed ? i18n.t('overlayTagNone') : i18n.t('overlayTagNoneCannotCreate')}
          </li>
        ) : null}
      </ul>
    </Popover>
  );
}

/** The picker with what it needs from the bar: the library (followed while open), the item's context. */
function ReplyMenu(props: {
  bar: ItemBarProps;
  current: Item;
  onClose: () => void;
  onInsert: (text: string, options: { replyIds: string[]; anyway: boolean }) => Promise<InsertResult>;
}) {
  const { bar, current } = props;
  const store = bar.library;
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (!store) return;
    const off = store.subscribe(() => setVersion((v) => v + 1));
    store.ensure();
    return off;
  }, [store]);
  // read on every render: the member's name and the team's brand can arrive while it is open
  const context = bar.replyContext?.() ?? {
    author: { name: bar.item.author.name, handle: bar.item.author.handle },
    post: { text: bar.item.text },
    platform: platformName(bar.item.platform),
  };
  return (
    <ReplyPicker
      library={store?.get() ?? null}
      status={store?.status() ?? 'ready'}
      platform={current.platform}
      context={context}
      item={{ text: current.text, tags: current.tags }}
      suggested={current.suggestedReplies}
      onInsert={props.onInsert}
      onClose={props.onClose}
      onTyping={bar.onTyping}
    />
  );
}

function Mark() {
  return (
    <svg class="item-bar__mark" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
      <rect x="1" y="1" width="10" height="10" rx="2.5" fill="none" stroke="currentColor" stroke-width="1.5" />
      <rect x="4" y="4" width="4" height="4" rx="1" fill="currentColor" />
    </svg>
  );
}

export function statusWord(s: ItemStatus): string {
  return s === 'open'
    ? i18n.t('itemStatusOpen')
    : s === 'pending'
      ? i18n.t('itemStatusPending')
      : i18n.t('itemStatusDone');
}

export function priorityWord(p: Priority): string {
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

function initials(name: string): string {
  const parts = name.trim().split(/\s+/u).filter(Boolean);
  const first = [...(parts[0] ?? '?')][0] ?? '?';
  const last = parts.length > 1 ? ([...parts[parts.length - 1]!][0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** Case- and accent-insensitive comparison key. */
function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** A fixed palette (AA on light and dark at chip sizes); a tag keeps its colour everywhere by its category. */
const PALETTE = ['#4338ca', '#0f766e', '#b45309', '#be123c', '#6d28d9', '#15803d', '#0369a1', '#a21caf'];
export function tagColour(tag: string): string {
  const category = tag.split(' - ')[0] ?? tag;
  let h = 0;
  for (const ch of category.toLowerCase()) h = (Math.imul(h, 31) + ch.codePointAt(0)!) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

export const ITEM_BAR_CSS = `
.item-bar { position: relative; display: flex; align-items: center; flex-wrap: wrap; gap: var(--inlay-space-1) var(--inlay-space-2); min-height: 24px; width: 100%; }
.item-bar__mark { color: var(--inlay-accent); flex: none; }
.item-bar__muted { color: var(--inlay-muted); font-size: 12px; }
.item-bar__grow { flex: 1 1 auto; }
.item-bar__sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.item-bar__status, .item-bar__priority { font-size: 11px; font-weight: 600; line-height: 16px; padding: 0 6px; border-radius: 999px; border: 1px solid var(--inlay-line); color: var(--inlay-muted); }
.item-bar__status--open { color: var(--inlay-accent); border-color: var(--inlay-accent-line); background: var(--inlay-accent-bg); }
.item-bar__status--done { color: var(--inlay-ok); border-color: currentColor; }
.item-bar__priority--high { color: #b45309; border-color: currentColor; }
.item-bar__priority--urgent { color: var(--inlay-danger); border-color: currentColor; }
.item-bar__priority--low { color: var(--inlay-muted); }
:host([data-theme="dark"]) .item-bar__priority--high { color: #fbbf24; }
.item-bar__tags { display: contents; list-style: none; margin: 0; padding: 0; }
.item-bar__chip { display: inline-flex; align-items: center; gap: 2px; max-width: 220px; font-size: 12px; line-height: 18px; padding: 0 2px 0 7px; border-radius: 999px; color: var(--chip); border: 1px solid color-mix(in srgb, var(--chip) 45%, transparent); background: color-mix(in srgb, var(--chip) 9%, transparent); }
:host([data-theme="dark"]) .item-bar__chip { color: color-mix(in srgb, var(--chip) 45%, white); }
.item-bar__chip-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.item-bar__chip-x { all: unset; cursor: pointer; width: 16px; text-align: center; border-radius: 50%; color: inherit; opacity: 0.7; }
.item-bar__chip-x:hover, .item-bar__chip-x:focus-visible { opacity: 1; background: var(--inlay-accent-bg); }
.item-bar__avatar { width: 20px; height: 20px; border-radius: 50%; display: inline-grid; place-items: center; font-size: 10px; font-weight: 700; color: #fff; background: var(--inlay-accent); }
:host([data-theme="dark"]) .item-bar__avatar { color: #111; }
.item-bar__actions { display: inline-flex; gap: 2px; align-items: center; }
.item-bar__button, .item-bar__icon { all: unset; cursor: pointer; font-size: 12px; line-height: 16px; padding: 2px 7px; border-radius: var(--inlay-radius); color: var(--inlay-muted); }
.item-bar__icon { display: inline-flex; gap: 4px; align-items: center; padding: 2px 5px; }
.item-bar__button:hover, .item-bar__icon:hover, .item-bar__button[aria-expanded="true"] { color: var(--inlay-fg); background: var(--inlay-accent-bg); }
.item-bar__button:focus-visible, .item-bar__icon:focus-visible, .item-bar__chip-x:focus-visible, .item-bar__list:focus-visible { outline: 2px solid var(--inlay-accent); outline-offset: 1px; }
.item-bar__button--primary { color: #fff; background: var(--inlay-accent); }
:host([data-theme="dark"]) .item-bar__button--primary { color: #111; }
.item-bar__button--primary:hover { color: #fff; background: var(--inlay-accent); filter: brightness(1.1); }
.item-bar__button[disabled] { opacity: 0.5; cursor: default; }
.item-bar__dot { width: 6px; height: 6px; border-radius: 50%; background: var(--inlay-accent); }
.item-bar__dot--done { background: var(--inlay-ok); }
.item-bar__dot--pending { background: var(--inlay-muted); }
.item-bar__menu { z-index: 2147483646; width: 260px; max-width: 90vw; padding: 6px; margin: 0; inset: auto; overflow: visible; border-radius: 8px; border: 1px solid var(--inlay-line); background: var(--inlay-bg, #fff); color: var(--inlay-fg); box-shadow: 0 8px 24px rgba(0,0,0,0.16); display: grid; gap: 6px; }
.item-bar__menu:not(:popover-open) { position: absolute; top: calc(100% + 4px); right: 0; }
.item-bar__menu:popover-open { position: fixed; }
.item-bar__menu--wide { width: 380px; }
.item-bar__menu--wide:popover-open { max-height: calc(100vh - 16px); overflow-y: auto; }
:host([data-theme="dark"]) .item-bar__menu { --inlay-bg: #16181c; box-shadow: 0 8px 24px rgba(0,0,0,0.6); }
.item-bar__list { list-style: none; margin: 0; padding: 0; max-height: 220px; overflow: auto; outline: none; }
.item-bar__option { padding: 5px 8px; border-radius: 5px; cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.item-bar__option[aria-selected="true"] { background: var(--inlay-accent-bg); color: var(--inlay-fg); }
.item-bar__empty { padding: 5px 8px; }
.item-bar__input, .item-bar__textarea { font: inherit; color: inherit; background: transparent; border: 1px solid var(--inlay-line); border-radius: 6px; padding: 5px 8px; width: 100%; }
.item-bar__textarea { resize: vertical; min-height: 64px; }
.item-bar__input:focus, .item-bar__textarea:focus { outline: 2px solid var(--inlay-accent); outline-offset: -1px; }
.item-bar__row { display: flex; align-items: center; gap: 6px; }
.item-bar__notice { color: var(--inlay-ok); font-size: 12px; }
.item-bar__error { color: var(--inlay-danger); font-size: 12px; flex-basis: 100%; }
`;

/** The bar's stylesheet with the features it renders inside it. */
export const ITEM_BAR_STYLES = [ITEM_BAR_CSS, PRESENCE_BADGE_CSS, REPLY_PICKER_CSS] as const;

/** Renders the bar into an overlay host; unmounts with it. */
export function mountItemBar(host: OverlayHost, props: ItemBarProps): void {
  render(<ItemBar {...props} />, host.mount);
  host.onDestroy(() => render(null, host.mount));
}

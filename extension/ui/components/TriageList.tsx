/**
 * The side panel's triage list: a virtualised listbox — fixed-height rows,
 * only the rows in view plus a few either side are in the DOM, so 5,000
 * items scroll and move as fast as 50. The cursor row is the active
 * descendant and is kept in view; selected rows carry aria-selected.
 *
 * Each row: site, author, excerpt, tags (in their stored colour), priority,
 * status, assignee initials, the waiting time coloured against the response
 * target, and who on the team is on the item now ("Tess is replying").
 * Captured text and member names are hostile and are rendered only as text
 * (Preact escapes them).
 */
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '../i18n';
import type { Item, ItemStatus, Member } from '../../../shared/model';
import type { Presence } from '../../../shared/protocol';
import { itemTime } from '../../../shared/views';
import { excerpt, platformLabel } from '../format';
import { durationParts, initials, tagColor, waiting } from '../triage/waiting';
import { priorityLabel } from './PriorityPicker';

export const ROW_HEIGHT = 68;
export const OVERSCAN = 6;

/** Newest first (by the time the row shows); ties by key for a stable order. */
export function sortNewestFirst(items: readonly Item[]): Item[] {
  const t = (i: Item) => Date.parse(itemTime(i)) || 0;
  return [...items].sort((a, b) => t(b) - t(a) || a.key.localeCompare(b.key));
}

/** The rows to render, [start, end), for a scroll position and viewport height. */
export function visibleRange(
  scrollTop: number,
  height: number,
  count: number,
  rowHeight = ROW_HEIGHT,
  overscan = OVERSCAN,
): [number, number] {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(height, rowHeight)) / rowHeight);
  return [Math.max(0, first - overscan), Math.min(count, last + overscan)];
}

export function statusLabel(status: ItemStatus): string {
  switch (status) {
    case 'open':
      return i18n.t('itemStatusOpen');
    case 'pending':
      return i18n.t('itemStatusPending');
    case 'done':
      return i18n.t('itemStatusDone');
  }
}

export function formatDuration(ms: number): string {
  const [n, unit] = durationParts(ms);
  if (unit === 'm') return n === 0 ? i18n.t('sidepanelUnderMinute') : i18n.t('ageMinutes', [String(n)]);
  return unit === 'h' ? i18n.t('ageHours', [String(n)]) : i18n.t('ageDays', [String(n)]);
}

export function formatTarget(minutes: number): string {
  return minutes < 60 || minutes % 60 !== 0
    ? i18n.t('sidepanelTargetMinutes', [String(minutes)])
    : i18n.t('sidepanelTargetHours', [String(minutes / 60)]);
}

export interface TriageListProps {
  items: readonly Item[];
  cursor: string | null;
  selected: ReadonlySet<string>;
  now: number;
  targetMinutes: number;
  members: ReadonlyMap<string, Member>;
  onRowClick: (index: number, e: MouseEvent) => void;
  onToggle: (key: string) => void;
  /** The listbox, for the panel to give focus back to. */
  listRef?: RefObject<HTMLUListElement>;
  /** Teammates on each item now (presenceByItem). */
  presence?: ReadonlyMap<string, readonly Presence[]>;
  /** A tag's palette colour name from its stored colour, or null for the category colour. */
  tagColor?: (tag: string) => string | null;
}

/** "Tess is replying", "Bo is viewing"; with more, the first and how many more. */
export function presenceLabel(list: readonly Presence[]): string {
  const first = list[0];
  if (!first) return '';
  const one =
    first.state === 'typing' ? i18n.t('presenceReplying', [first.name]) : i18n.t('presenceViewing', [first.name]);
  return list.length > 1 ? `${one} ${i18n.t('presenceMore', [String(list.length - 1)])}` : one;
}

export function TriageList(props: TriageListProps) {
  const { items, cursor, selected, now, targetMinutes, members } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const own = useRef<HTMLUListElement>(null);
  const list = props.listRef ?? own;
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(() => (typeof window !== 'undefined' && window.innerHeight) || 600);
  const cursorIndex = cursor === null ? -1 : items.findIndex((i) => i.key === cursor);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || window.innerHeight || 600);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // keep the cursor row in view
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || cursorIndex < 0) return;
    const top = cursorIndex * ROW_HEIGHT;
    const bottom = top + ROW_HEIGHT;
    let next = el.scrollTop;
    if (top < next) next = top;
    else if (bottom > next + height) next = bottom - height;
    if (next !== el.scrollTop) el.scrollTop = next;
    if (next !== scrollTop) setScrollTop(next);
  }, [cursorIndex, height]);

  // a shorter list (a filter) must not leave the window past its end
  useEffect(() => {
    const max = Math.max(0, items.length * ROW_HEIGHT - height);
    if (scrollTop > max) {
      if (scroller.current) scroller.current.scrollTop = max;
      setScrollTop(max);
    }
  }, [items.length, height]);

  const [start, end] = visibleRange(scrollTop, height, items.length);
  const rows = [];
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    rows.push(
      <Row
        key={item.key}
        item={item}
        index={i}
        count={items.length}
        isCursor={i === cursorIndex}
        isSelected={selected.has(item.key)}
        now={now}
        targetMinutes={targetMinutes}
        members={members}
        presence={props.presence?.get(item.key)}
        tagColor={props.tagColor}
        onClick={props.onRowClick}
        onToggle={props.onToggle}
      />,
    );
  }

  return (
    <div class="tri-scroll" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <ul
        ref={list}
        class="tri-list"
        role="listbox"
        aria-multiselectable="true"
        aria-label={i18n.t('sidepanelTitle')}
        aria-activedescendant={cursorIndex >= 0 ? `tri-row-${cursorIndex}` : undefined}
        tabIndex={0}
        data-testid="triage-list"
        style={{ height: `${items.length * ROW_HEIGHT}px` }}
      >
        {rows}
      </ul>
    </div>
  );
}

function Row(props: {
  item: Item;
  index: number;
  count: number;
  isCursor: boolean;
  isSelected: boolean;
  now: number;
  targetMinutes: number;
  members: ReadonlyMap<string, Member>;
  presence?: readonly Presence[];
  tagColor?: (tag: string) => string | null;
  onClick: (index: number, e: MouseEvent) => void;
  onToggle: (key: string) => void;
}) {
  const { item, index, members } = props;
  const name = item.author.name ?? item.author.handle ?? i18n.t('sidepanelUnknownAuthor');
  const wait = waiting(item, props.now, props.targetMinutes);
  const waitText = formatDuration(wait.ms);
  const target = formatTarget(props.targetMinutes);
  const waitTitle =
    wait.stopped === 'replied'
      ? i18n.t('sidepanelReplied', [waitText, target])
      : wait.stopped === 'closed'
        ? i18n.t('sidepanelClosed', [waitText])
        : i18n.t('sidepanelWaiting', [waitText, target]);
  const assignee = item.assigneeId === null ? null : (members.get(item.assigneeId) ?? null);
  const assigneeName = assignee?.name ?? i18n.t('sidepanelSomeone');
  return (
    <li
      id={`tri-row-${index}`}
      class="tri-row"
      role="option"
      aria-selected={props.isSelected}
      aria-setsize={props.count}
      aria-posinset={index + 1}
      data-cursor={props.isCursor ? 'true' : undefined}
      data-testid="item-row"
      data-item-key={item.key}
      data-status={item.status}
      style={{ top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
      onClick={(e) => props.onClick(index, e)}
    >
      <span
        class="tri-check"
        aria-hidden="true"
        title={i18n.t('sidepanelSelectRow', [name])}
        data-checked={props.isSelected ? 'true' : undefined}
        onClick={(e) => {
          e.stopPropagation();
          props.onToggle(item.key);
        }}
      />
      <div class="tri-main">
        <div class="tri-head">
          <span class="item-platform">{platformLabel(item.platform)}</span>
          <span class="tri-author">{name}</span>
          {item.author.handle && item.author.handle !== name ? (
            <span class="tri-handle">@{item.author.handle}</span>
          ) : null}
          <span class="grow" />
          {item.priority === 'high' || item.priority === 'urgent' ? (
            <span
              class="tri-priority"
              data-priority={item.priority}
              title={i18n.t('sidepanelPriorityMark', [priorityLabel(item.priority)])}
            >
              {priorityLabel(item.priority)}
            </span>
          ) : null}
          <span class="tri-status" data-status={item.status}>
            {statusLabel(item.status)}
          </span>
          {item.assigneeId !== null ? (
            <span class="tri-assignee" title={i18n.t('sidepanelAssignedTo', [assigneeName])} data-testid="row-assignee">
              {assignee ? initials(assignee.name) : '?'}
            </span>
          ) : null}
          <time
            class="tri-wait"
            dateTime={itemTime(item)}
            data-level={wait.level}
            data-stopped={wait.stopped ?? undefined}
            title={waitTitle}
            data-testid="row-wait"
          >
            {waitText}
          </time>
        </div>
        <p class="tri-text" data-tags={item.tags.length > 0 ? 'true' : undefined}>
          {props.presence && props.presence.length > 0 ? (
            <span
              class="tri-presence"
              data-state={props.presence[0]!.state}
              data-testid="row-presence"
              title={props.presence
                .map((p) =>
                  p.state === 'typing' ? i18n.t('presenceReplying', [p.name]) : i18n.t('presenceViewing', [p.name]),
                )
                .join('\n')}
            >
              {presenceLabel(props.presence)}
            </span>
          ) : null}
          {excerpt(item.text)}
        </p>
        {item.tags.length > 0 ? (
          <div class="tri-tags">
            {item.tags.map((t) => (
              <span key={t} class="tag" data-color={props.tagColor?.(t) ?? tagColor(t)}>
                {t}
              </span>
            ))}
          </div>
        ) : null}
      </div>
    </li>
  );
}

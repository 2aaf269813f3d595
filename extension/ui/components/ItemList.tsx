/**
 * The side panel's list of items: newest first, dense rows, j/k (and the
 * arrow keys) move the selection, Enter or a click opens the item.
 * Captured text is hostile and is rendered only as text (Preact escapes it).
 * The list renders every row; a virtualised list can replace this component
 * behind the same props.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { i18n } from '../i18n';
import type { Item, ItemStatus } from '../../../shared/model';
import { excerpt, formatAge, platformLabel } from '../format';

export interface ItemListProps {
  items: readonly Item[];
  /** ms since epoch, for ages. */
  now: number;
  onOpen: (item: Item) => void;
}

/** When the item happened as far as we know: the site's timestamp, else when it was captured. */
export function itemTime(item: Item): string {
  return item.siteTimestamp ?? item.capturedAt;
}

/** Newest first (by the time the row shows); ties by key for a stable order. */
export function sortNewestFirst(items: readonly Item[]): Item[] {
  const t = (i: Item) => Date.parse(itemTime(i)) || 0;
  return [...items].sort((a, b) => t(b) - t(a) || a.key.localeCompare(b.key));
}

function statusLabel(status: ItemStatus): string {
  switch (status) {
    case 'open':
      return i18n.t('itemStatusOpen');
    case 'pending':
      return i18n.t('itemStatusPending');
    case 'done':
      return i18n.t('itemStatusDone');
  }
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
  );
}

export function ItemList({ items, now, onOpen }: ItemListProps) {
  const sorted = useMemo(() => sortNewestFirst(items), [items]);
  const [selected, setSelected] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const index = Math.max(
    0,
    sorted.findIndex((i) => i.key === selected),
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target) || sorted.length === 0) return;
      const move = (delta: number) => {
        const next = sorted[Math.min(sorted.length - 1, Math.max(0, index + delta))];
        if (!next) return;
        setSelected(next.key);
        const row = listRef.current?.querySelector<HTMLElement>(`[data-item-key="${CSS.escape(next.key)}"]`);
        row?.focus();
        row?.scrollIntoView?.({ block: 'nearest' });
      };
      if (e.key === 'j' || e.key === 'ArrowDown') {
        e.preventDefault();
        move(selected === null ? 0 : 1);
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        e.preventDefault();
        move(selected === null ? 0 : -1);
      } else if (e.key === 'Enter') {
        const item = sorted[index];
        if (item) {
          e.preventDefault();
          onOpen(item);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [sorted, index, selected, onOpen]);

  return (
    <ul class="item-list" role="listbox" aria-label={i18n.t('sidepanelTitle')} ref={listRef}>
      {sorted.map((item, i) => {
        const isSelected = selected !== null && i === index;
        const name = item.author.name ?? item.author.handle ?? i18n.t('sidepanelUnknownAuthor');
        return (
          <li
            key={item.key}
            class="item-row"
            role="option"
            tabIndex={isSelected || (selected === null && i === 0) ? 0 : -1}
            aria-selected={isSelected}
            data-testid="item-row"
            data-item-key={item.key}
            data-status={item.status}
            onClick={() => {
              setSelected(item.key);
              onOpen(item);
            }}
            onFocus={() => setSelected(item.key)}
          >
            <div class="item-head">
              <span class="item-platform">{platformLabel(item.platform)}</span>
              <span class="item-author">{name}</span>
              {item.author.handle && item.author.handle !== name ? (
                <span class="item-handle">@{item.author.handle}</span>
              ) : null}
              <span class="grow" />
              <span class="item-status" data-status={item.status}>
                {statusLabel(item.status)}
              </span>
              <time class="item-age" dateTime={itemTime(item)}>
                {formatAge(itemTime(item), now)}
              </time>
            </div>
            <p class="item-text">{excerpt(item.text)}</p>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * A small keyboard-first picker sheet (assign, tag, priority): a title, an
 * optional type-ahead box and a list. ↑/↓ (or Ctrl+j/k) move, Enter picks,
 * Escape closes; without a box, 1–9 pick by position. Labels render as text.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { i18n } from '../i18n';

export interface PickerOption {
  id: string;
  label: string;
  /** A quiet second label (a name, "Remove", a key). */
  hint?: string;
  /** Shown with a check: every target has it already. */
  checked?: boolean;
}

export interface PickerProps {
  title: string;
  /** "for 3 items" */
  subtitle?: string;
  /** With a placeholder the picker has a type-ahead box. */
  placeholder?: string;
  options: (query: string) => PickerOption[];
  onPick: (option: PickerOption) => void;
  onClose: () => void;
  testId: string;
}

export function Picker({ title, subtitle, placeholder, options, onPick, onClose, testId }: PickerProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const shown = useMemo(() => options(query), [options, query]);
  const current = Math.min(active, Math.max(shown.length - 1, 0));

  useLayoutEffect(() => {
    (placeholder ? input.current : list.current)?.focus();
  }, []);
  useLayoutEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${current}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  const onKeyDown = (e: KeyboardEvent) => {
    const down = e.key === 'ArrowDown' || (e.ctrlKey && e.key === 'j') || (e.ctrlKey && e.key === 'n');
    const up = e.key === 'ArrowUp' || (e.ctrlKey && e.key === 'k') || (e.ctrlKey && e.key === 'p');
    if (down || up) {
      e.preventDefault();
      if (shown.length) setActive((current + (down ? 1 : shown.length - 1)) % shown.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const option = shown[current];
      if (option) onPick(option);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (!placeholder && /^[1-9]$/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const option = shown[Number(e.key) - 1];
      if (option) {
        e.preventDefault();
        onPick(option);
      }
    }
    // the list's own keys never reach the panel's shortcuts
    e.stopPropagation();
  };

  return (
    <div class="sheet-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div class="sheet" role="dialog" aria-modal="true" aria-label={title} data-testid={testId} onKeyDown={onKeyDown}>
        <div class="sheet-head row">
          <h2>{title}</h2>
          {subtitle ? <span class="muted small">{subtitle}</span> : null}
        </div>
        {placeholder ? (
          <input
            ref={input}
            class="input sheet-input"
            type="text"
            aria-label={placeholder}
            placeholder={placeholder}
            maxLength={80}
            value={query}
            autoComplete="off"
            spellcheck={false}
            aria-controls={`${testId}-list`}
            aria-activedescendant={shown[current] ? `${testId}-opt-${current}` : undefined}
            onInput={(e) => {
              setQuery(e.currentTarget.value);
              setActive(0);
            }}
          />
        ) : null}
        <ul
          ref={list}
          id={`${testId}-list`}
          class="sheet-list"
          role="listbox"
          aria-label={title}
          tabIndex={placeholder ? -1 : 0}
          aria-activedescendant={!placeholder && shown[current] ? `${testId}-opt-${current}` : undefined}
        >
          {shown.map((o, i) => (
            <li
              key={o.id}
              id={`${testId}-opt-${i}`}
              data-index={i}
              data-option={o.id}
              role="option"
              aria-selected={i === current}
              aria-checked={o.checked ? true : undefined}
              class="sheet-option"
              onMouseMove={() => i !== current && setActive(i)}
              onClick={() => onPick(o)}
            >
              <span class="sheet-check" aria-hidden="true">
                {o.checked ? '✓' : ''}
              </span>
              <span class="sheet-label">{o.label}</span>
              {o.hint ? <span class="sheet-hint">{o.hint}</span> : null}
              {!placeholder && i < 9 ? <kbd class="kbd">{i + 1}</kbd> : null}
            </li>
          ))}
          {shown.length === 0 ? <li class="sheet-empty muted small">{i18n.t('sidepanelPickNone')}</li> : null}
        </ul>
      </div>
    </div>
  );
}

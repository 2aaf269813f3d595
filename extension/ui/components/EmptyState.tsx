/** A designed empty state: what this place is for and what fills it. */
import type { ComponentChildren } from 'preact';

export function EmptyState({ title, hint, children }: { title: string; hint: string; children?: ComponentChildren }) {
  return (
    <div class="empty" data-testid="empty-state">
      <svg class="empty-art" width="40" height="40" viewBox="0 0 40 40" aria-hidden="true">
        <rect x="6" y="9" width="28" height="22" rx="4" fill="none" stroke="currentColor" stroke-width="1.5" />
        <path d="M6 22h8l2 3h8l2-3h8" fill="none" stroke="currentColor" stroke-width="1.5" />
      </svg>
      <p class="empty-title">{title}</p>
      <p class="muted small">{hint}</p>
      {children}
    </div>
  );
}

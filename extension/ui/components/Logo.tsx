/** Inlay's mark: a small inlaid square. Decorative. */
export function Logo({ size = 16 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" class="logo">
      <rect x="1" y="1" width="14" height="14" rx="3.5" fill="var(--accent)" />
      <rect x="5" y="5" width="6" height="6" rx="1.5" fill="var(--accent-fg)" />
    </svg>
  );
}

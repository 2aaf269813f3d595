/**
 * capture-button: the small Inlay control in each item's overlay.
 *
 * Inbound items (a reply to one of our profiles) get an accented "Capture";
 * every other recognised item gets a quiet one that does the same on demand.
 * After a capture (or when the background reports the item as already
 * captured) it shows "Captured" as a status. Failures are said in plain
 * words, with a way to try again. Captured text is never rendered here.
 */
import { i18n } from './support/words';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { itemKey, type CapturedItem } from '../../shared/model';
import type { OverlayHost } from './overlay-host';
import type { FailureReason, Outcome } from './support/background';
import type { CapturedItems } from './support/captured-items';

export const FEATURE_ID = 'capture-button';

export interface CaptureButtonProps {
  item: CapturedItem;
  inbound: boolean;
  captured: CapturedItems;
  capture(item: CapturedItem): Promise<Outcome<unknown>>;
}

type Phase = { t: 'idle' } | { t: 'busy' } | { t: 'done' } | { t: 'error'; message: string };

export function failureWords(reason: FailureReason, detail: string): string {
  switch (reason) {
    case 'no-answer':
      return i18n.t('overlayErrorNoAnswer');
    case 'reloaded':
      return i18n.t('overlayErrorReloaded');
    case 'refused':
      return i18n.t('overlayErrorRefused', [detail.slice(0, 200)]);
    case 'invalid':
      return i18n.t('overlayErrorInvalid');
  }
}

export function CaptureButton({ item, inbound, captured, capture }: CaptureButtonProps) {
  const key = itemKey(item.platform, item.nativeId);
  const [phase, setPhase] = useState<Phase>(() => (captured.has(key) ? { t: 'done' } : { t: 'idle' }));

  useEffect(() => {
    const sync = (): void => {
      if (captured.has(key)) setPhase({ t: 'done' });
    };
    const unsubscribe = captured.subscribe(key, sync);
    sync(); // news that arrived between the first render and this effect
    return unsubscribe;
  }, [key, captured]);

  const onClick = async (): Promise<void> => {
    if (phase.t === 'busy' || phase.t === 'done') return;
    setPhase({ t: 'busy' });
    const outcome = await capture(item);
    if (outcome.ok) {
      captured.set(key);
      setPhase({ t: 'done' });
    } else {
      setPhase({ t: 'error', message: failureWords(outcome.reason, outcome.detail) });
    }
  };

  const variant = inbound ? 'capture-button--inbound' : 'capture-button--quiet';
  return (
    <div class={`capture-button ${variant}`} aria-live="polite">
      {phase.t === 'done' ? (
        <span class="capture-button__done" role="status" title={i18n.t('overlayCapturedHint')}>
          <Check />
          {i18n.t('overlayCaptured')}
        </span>
      ) : (
        <button
          type="button"
          class="capture-button__button"
          disabled={phase.t === 'busy'}
          aria-busy={phase.t === 'busy'}
          title={inbound ? i18n.t('overlayCaptureInboundHint') : i18n.t('overlayCaptureHint')}
          onClick={() => void onClick()}
        >
          <Mark />
          {phase.t === 'busy'
            ? i18n.t('overlayCapturing')
            : phase.t === 'error'
              ? i18n.t('overlayRetry')
              : i18n.t('overlayCapture')}
        </button>
      )}
      {phase.t === 'error' ? (
        <span class="capture-button__error" role="alert">
          {phase.message}
        </span>
      ) : null}
    </div>
  );
}

/** Inlay's mark: a small inlaid square. */
function Mark() {
  return (
    <svg class="capture-button__mark" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
      <rect x="1" y="1" width="10" height="10" rx="2.5" fill="none" stroke="currentColor" stroke-width="1.5" />
      <rect x="4" y="4" width="4" height="4" rx="1" fill="currentColor" />
    </svg>
  );
}

function Check() {
  return (
    <svg class="capture-button__mark" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
      <path
        d="M2.5 6.5l2.25 2.25L9.5 3.75"
        fill="none"
        stroke="currentColor"
        stroke-width="1.6"
        stroke-linecap="round"
      />
    </svg>
  );
}

export const CAPTURE_BUTTON_CSS = `
.capture-button { display: inline-flex; align-items: center; gap: var(--inlay-space-2); min-width: 0; }
.capture-button__button {
  display: inline-flex; align-items: center; gap: var(--inlay-space-1);
  height: 22px; padding: 0 var(--inlay-space-2); margin: 0;
  font: inherit; font-weight: 500; letter-spacing: 0.01em; cursor: pointer;
  border-radius: var(--inlay-radius); border: 1px solid transparent; background: transparent; color: var(--inlay-muted);
  transition: background-color 120ms ease, color 120ms ease, border-color 120ms ease;
}
.capture-button--inbound .capture-button__button {
  color: var(--inlay-accent); background: var(--inlay-accent-bg); border-color: var(--inlay-accent-line);
}
.capture-button--quiet .capture-button__button { opacity: 0.75; }
.capture-button--quiet .capture-button__button:hover,
.capture-button--quiet .capture-button__button:focus-visible { opacity: 1; color: var(--inlay-accent); background: var(--inlay-accent-bg); }
.capture-button--inbound .capture-button__button:hover { border-color: var(--inlay-accent); }
.capture-button__button:focus-visible { outline: 2px solid var(--inlay-accent); outline-offset: 1px; }
.capture-button__button:disabled { cursor: progress; opacity: 0.7; }
.capture-button__mark { flex: none; display: block; }
.capture-button__done {
  display: inline-flex; align-items: center; gap: var(--inlay-space-1); height: 22px; padding: 0 var(--inlay-space-1);
  color: var(--inlay-ok); font-weight: 500;
}
.capture-button__error { color: var(--inlay-danger); font-size: 12px; line-height: 16px; }
@media (prefers-reduced-motion: reduce) { .capture-button__button { transition: none; } }
`;

/** Render the control into an overlay host; it unmounts when the host is destroyed. */
export function mountCaptureButton(host: OverlayHost, props: CaptureButtonProps): void {
  const box = host.mount.ownerDocument.createElement('div');
  box.style.display = 'contents';
  host.mount.append(box);
  render(<CaptureButton {...props} />, box);
  host.onDestroy(() => render(null, box));
}

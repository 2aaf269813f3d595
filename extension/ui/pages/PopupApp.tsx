/** The toolbar popup: connection in plain words, outbox size, per-site switches, sweeps that need someone, and the two ways onward. */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { i18n } from '../i18n';
import type { Platform } from '../../../shared/model';
import type { SweepStatus } from '../../../shared/sweeps';
import { openSidePanel } from '../../browser/side-panel';
import type { ExtensionState, PageHealth } from '../../messaging/messages';
import { platformLabel } from '../format';
import { ask } from '../bg-client';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { Logo } from '../components/Logo';
import { PopupSweeps } from '../components/PopupSweeps';
import { SiteToggles } from '../components/SiteToggles';
import { resumeSweep } from '../sweeps';
import { useLive, useNow } from '../use-live';
import { statusKey, useSweepStatus } from '../use-sweeps';

export function PopupView({
  state,
  onToggleSite,
  onOpenSidePanel,
  onOpenOptions,
  error,
  health = null,
  sweepStatus = null,
  onResumeSweep = () => {},
  now = Date.now(),
}: {
  state: ExtensionState | null;
  onToggleSite: (platform: Platform, enabled: boolean) => void;
  onOpenSidePanel: () => void;
  onOpenOptions: () => void;
  error: string | null;
  /** What the content script of the tab in front said about its page. */
  health?: PageHealth | null;
  /** The companion's `sweeps.status`, when it answered. */
  sweepStatus?: SweepStatus | null;
  onResumeSweep?: (targetId: string) => void;
  now?: number;
}) {
  const unpaired = state?.status === 'unpaired';
  return (
    <main class="popup stack">
      <header class="row popup-header">
        <Logo />
        <h1 class="grow">{i18n.t('extName')}</h1>
      </header>
      <section class="stack popup-status">
        <ConnectionStatus state={state} />
        {state && (!unpaired || state.outbox > 0) ? (
          <p class="muted small" data-testid="outbox-count" data-count={state.outbox}>
            {i18n.t('popupOutbox', state.outbox)}
          </p>
        ) : null}
      </section>
      {state && !unpaired ? (
        <PopupSweeps
          sweeps={state.sweeps}
          status={sweepStatus}
          me={state.members.find((m) => m.id === state.member?.id) ?? state.member}
          now={now}
          onResume={onResumeSweep}
        />
      ) : null}
      {state && !unpaired ? (
        <section class="stack">
          <h2 class="section-label">{i18n.t('popupSites')}</h2>
          <SiteToggles sites={state.sites} onChange={onToggleSite} />
        </section>
      ) : null}
      {health?.status === 'unreadable' ? (
        <div class="notice notice-warning" role="status" data-testid="page-health">
          <p class="strong">{i18n.t('popupUnreadable')}</p>
          <p class="small">{i18n.t('popupUnreadableDetail', [platformLabel(health.platform), health.page])}</p>
        </div>
      ) : null}
      {error ? <p class="notice notice-error">{error}</p> : null}
      <footer class="row popup-actions">
        {unpaired ? (
          <button class="btn btn-primary grow" data-testid="open-options" onClick={onOpenOptions}>
            {i18n.t('popupOptions')}
          </button>
        ) : (
          <>
            <button class="btn btn-primary grow" data-testid="open-sidepanel" onClick={onOpenSidePanel}>
              {i18n.t('popupOpenSidePanel')}
            </button>
            <button class="btn" data-testid="open-options" onClick={onOpenOptions}>
              {i18n.t('popupOptions')}
            </button>
          </>
        )}
      </footer>
    </main>
  );
}

export function PopupApp() {
  const { state } = useLive();
  const [windowId, setWindowId] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [health, setHealth] = useState<PageHealth | null>(null);
  const now = useNow(30_000);
  const connected = state?.status === 'connected';
  const sweeps = useSweepStatus(state ? statusKey(state.sweeps) : '', connected);
  useEffect(() => {
    void browser.windows.getCurrent().then((w) => setWindowId(w.id));
    void ask<{ health: PageHealth | null }>({ type: 'health.get' }).then((r) => setHealth(r.ok ? r.health : null));
  }, []);
  return (
    <PopupView
      state={state}
      error={error}
      health={health}
      now={now}
      sweepStatus={connected ? sweeps.status : null}
      onResumeSweep={(targetId) => {
        void resumeSweep(ask, targetId).then((r) => {
          setError(r.ok ? null : i18n.t('sweepsUiResumeFailed', [r.error]));
          void sweeps.reload();
        });
      }}
      onToggleSite={(platform, enabled) => {
        void ask({ type: 'sites.set', platform, enabled }).then((r) => setError(r.ok ? null : r.error));
      }}
      onOpenSidePanel={() => {
        // Synchronous from the click: opening the panel needs the user gesture.
        openSidePanel(windowId).then(
          () => window.close(),
          (err: unknown) => setError(i18n.t('errorSidePanel', [err instanceof Error ? err.message : String(err)])),
        );
      }}
      onOpenOptions={() => {
        void browser.runtime.openOptionsPage().then(() => window.close());
      }}
    />
  );
}

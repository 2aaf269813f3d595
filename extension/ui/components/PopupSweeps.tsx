/**
 * Sweeps in the popup, compact: the job running in this browser now, a line
 * per paused target (the companion's words, with Resume) or stale one, and —
 * for leads and admins — the latest sweep notices. Nothing when all is well.
 */
import type { MemberWithAccess } from '../../../shared/permissions';
import { can } from '../../../shared/permissions';
import type { SweepStatus } from '../../../shared/sweeps';
import type { ExtensionState } from '../../messaging/messages';
import { formatAge, platformLabel } from '../format';
import { i18n } from '../i18n';
import { attentionTargets, kindWords, runningWords, staleText } from '../sweeps';

const MAX_NOTICES = 3;

export function PopupSweeps({
  sweeps,
  status,
  me,
  now,
  onResume,
}: {
  sweeps: ExtensionState['sweeps'];
  status: SweepStatus | null;
  me: MemberWithAccess | null;
  now: number;
  onResume: (targetId: string) => void;
}) {
  const running = sweeps.running ? runningWords(sweeps.running.targetId) : null;
  const attention = attentionTargets(status);
  // one line per pause: targets paused together by one cause share the companion's words
  const lines = attention.filter(
    (t, i) => !t.paused || attention.findIndex((o) => o.paused?.message === t.paused?.message) === i,
  );
  const notices = me && can(me, 'rules.edit') ? sweeps.notices.slice(0, MAX_NOTICES) : [];
  const mayResume = me !== null && can(me, 'items.edit');
  if (!running && lines.length === 0 && notices.length === 0) return null;
  return (
    <section class="stack popup-sweeps" data-testid="popup-sweeps" aria-labelledby="popup-sweeps-title">
      <h2 class="section-label" id="popup-sweeps-title">
        {i18n.t('sweepsUiTitle')}
      </h2>
      {running ? (
        <p class="row small" role="status" data-testid="sweeps-running">
          <span class="dot" data-status="connecting" aria-hidden="true" />
          <span class="grow">{running}</span>
        </p>
      ) : null}
      {lines.length > 0 ? (
        <ul class="stack popup-sweep-lines">
          {lines.map((t) =>
            t.paused ? (
              <li class="notice notice-warning row" key={t.target.id} data-testid="sweeps-paused-line">
                <span class="grow">{t.paused.message}</span>
                {mayResume ? (
                  <button
                    class="btn btn-small"
                    type="button"
                    data-testid="sweeps-popup-resume"
                    aria-label={i18n.t('sweepsUiResumeLabel', [
                      `${platformLabel(t.target.platform)} ${kindWords(t.target.kind)}`,
                      t.target.profile,
                    ])}
                    onClick={() => onResume(t.target.id)}
                  >
                    {i18n.t('sweepsUiResume')}
                  </button>
                ) : null}
              </li>
            ) : (
              <li class="row small" key={t.target.id} data-testid="sweeps-stale-line">
                <span class="dot" data-status="connecting" aria-hidden="true" />
                <span class="grow">{staleText(t, now)}</span>
              </li>
            ),
          )}
        </ul>
      ) : null}
      {notices.length > 0 ? (
        <div class="stack popup-notices" data-testid="sweeps-notices">
          <h3 class="muted small strong">{i18n.t('sweepsUiNotices')}</h3>
          <ul class="stack">
            {notices.map((n) => (
              <li class="row small" key={`${n.targetId}|${n.at}|${n.kind}`} data-testid="sweeps-notice">
                <span class="grow">{n.message}</span>
                <span class="muted">{formatAge(n.at, now)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

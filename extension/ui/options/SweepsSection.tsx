/**
 * Sweeps in the options page (docs/sweeps.md): what they do and never do,
 * this browser's own switch (everyone), each target's status with Resume for
 * a paused one, per profile the share of the last 7 days sweeps covered
 * (everyone), and per site the opt-in switch and schedule — editable by leads
 * and admins (`rules.edit`, as the companion checks again), read-only for
 * everyone else.
 */
import { useEffect, useState } from 'preact/hooks';
import { PLATFORMS, type Platform } from '../../../shared/model';
import { can, type MemberWithAccess } from '../../../shared/permissions';
import {
  SWEEP_COVERAGE_DEFAULT_DAYS,
  sweepSettingsFor,
  type SweepSettings,
  type SweepSettingsByPlatform,
  type SweepKind,
  type SweepTargetStatus,
} from '../../../shared/sweeps';
import type { ExtensionState } from '../../messaging/messages';
import { ask } from '../bg-client';
import { platformLabel } from '../format';
import { i18n } from '../i18n';
import {
  agoText,
  coverageTable,
  dayName,
  fetchSweepCoverage,
  fetchSweepSettings,
  fromDraft,
  kindLabel,
  kindWords,
  nextText,
  resumeSweep,
  sameDraft,
  saveSweepSettings,
  settingsSummary,
  sweepableKinds,
  timeZones,
  toDraft,
  visibleTargets,
  WEEK,
  type CoverageTable,
  type SweepDraft,
} from '../sweeps';
import { useNow } from '../use-live';
import { statusKey, useSweepStatus } from '../use-sweeps';

type Sweeps = ExtensionState['sweeps'];
type Note = { kind: 'error' | 'saved'; text: string };

function TargetRow({
  t,
  now,
  mayResume,
  repeat,
  onResume,
}: {
  t: SweepTargetStatus;
  now: number;
  mayResume: boolean;
  /** Paused with the row above, by the same cause: its words and Resume are there. */
  repeat: boolean;
  onResume: (t: SweepTargetStatus) => void;
}) {
  const site = platformLabel(t.target.platform);
  return (
    <li
      class="stack sweep-target"
      data-testid="sweep-target"
      data-target-id={t.target.id}
      data-paused={t.paused ? 'true' : 'false'}
    >
      <div class="row sweep-target-head">
        <span class="item-platform">{site}</span>
        <span class="grow">
          <span class="strong">@{t.target.profile}</span>
          <span class="muted"> · {kindWords(t.target.kind)}</span>
          {t.stale && !t.paused ? <span class="sweep-badge"> {i18n.t('sweepsUiStaleBadge')}</span> : null}
          {t.paused && repeat ? <span class="sweep-badge"> {i18n.t('sweepsUiPausedBadge')}</span> : null}
        </span>
        <span class="muted small sweep-times">
          {t.lastSuccessAt ? i18n.t('sweepsUiLast', [agoText(t.lastSuccessAt, now)]) : i18n.t('sweepsUiNever')}
          {' · '}
          {nextText(t, now)}
        </span>
      </div>
      {t.paused && !repeat ? (
        <div class="notice notice-warning row sweep-paused" role="status" data-testid="sweep-paused">
          <span class="grow">{t.paused.message}</span>
          {mayResume ? (
            <button
              class="btn"
              type="button"
              data-testid="sweep-resume"
              aria-label={i18n.t('sweepsUiResumeLabel', [`${site} ${kindWords(t.target.kind)}`, t.target.profile])}
              onClick={() => onResume(t)}
            >
              {i18n.t('sweepsUiResume')}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function NumberField({
  label,
  value,
  testid,
  onInput,
}: {
  label: string;
  value: string;
  testid: string;
  onInput: (v: string) => void;
}) {
  return (
    <label class="field">
      <span>{label}</span>
      <input
        class="input sweep-number"
        inputMode="numeric"
        data-testid={testid}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value.replace(/[^\d]/g, ''))}
      />
    </label>
  );
}

function SettingsForm({
  platform,
  kinds,
  draft,
  setDraft,
  busy,
  dirty,
  onSave,
}: {
  platform: Platform;
  kinds: readonly SweepKind[];
  draft: SweepDraft;
  setDraft: (d: SweepDraft) => void;
  busy: boolean;
  dirty: boolean;
  onSave: () => void;
}) {
  const site = platformLabel(platform);
  return (
    <form
      class="stack sweep-form"
      data-testid={`sweep-form-${platform}`}
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <fieldset class="sweep-fieldset">
        <legend class="field-legend">{i18n.t('sweepsUiKinds')}</legend>
        <div class="row sweep-checks">
          {kinds.map((k) => (
            <label class="chip-check" key={k}>
              <input
                type="checkbox"
                data-testid={`sweep-kind-${k}`}
                checked={draft.kinds.includes(k)}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    kinds: e.currentTarget.checked ? [...draft.kinds, k] : draft.kinds.filter((x) => x !== k),
                  })
                }
              />
              {kindLabel(k)}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="sweep-grid">
        <NumberField
          label={i18n.t('sweepsUiWorkingEvery')}
          testid="sweep-working-every"
          value={draft.workingEveryMinutes}
          onInput={(v) => setDraft({ ...draft, workingEveryMinutes: v })}
        />
        <NumberField
          label={i18n.t('sweepsUiOtherEvery')}
          testid="sweep-other-every"
          value={draft.otherEveryMinutes}
          onInput={(v) => setDraft({ ...draft, otherEveryMinutes: v })}
        />
        <NumberField
          label={i18n.t('sweepsUiCap')}
          testid="sweep-cap"
          value={draft.maxPageLoadsPerHour}
          onInput={(v) => setDraft({ ...draft, maxPageLoadsPerHour: v })}
        />
        {draft.kinds.includes('dms') ? (
          <NumberField
            label={i18n.t('sweepsUiUnreadThreads')}
            testid="sweep-unread-threads"
            value={draft.unreadThreads}
            onInput={(v) => setDraft({ ...draft, unreadThreads: v })}
          />
        ) : null}
        {draft.kinds.includes('recent-posts') ? (
          <NumberField
            label={i18n.t('sweepsUiRecentPosts')}
            testid="sweep-recent-posts"
            value={draft.recentPosts}
            onInput={(v) => setDraft({ ...draft, recentPosts: v })}
          />
        ) : null}
      </div>
      {draft.kinds.includes('dms') ? (
        <p class="muted small" data-testid="sweep-unread-threads-hint">
          {i18n.t('sweepsUiUnreadThreadsHint')}
        </p>
      ) : null}
      <fieldset class="sweep-fieldset">
        <legend class="field-legend">{i18n.t('sweepsUiHours')}</legend>
        <div class="row sweep-checks" role="group" aria-label={i18n.t('sweepsUiWorkDays')}>
          {WEEK.map((d) => (
            <label class="chip-check" key={d}>
              <input
                type="checkbox"
                data-testid={`sweep-day-${d}`}
                checked={draft.days.includes(d)}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    days: (e.currentTarget.checked ? [...draft.days, d] : draft.days.filter((x) => x !== d)).sort(
                      (a, b) => a - b,
                    ),
                  })
                }
              />
              {dayName(d)}
            </label>
          ))}
        </div>
        <div class="row sweep-hours">
          <label class="field">
            <span>{i18n.t('sweepsUiStart')}</span>
            <input
              class="input sweep-time"
              data-testid="sweep-start"
              placeholder="09:00"
              maxLength={5}
              value={draft.start}
              onInput={(e) => setDraft({ ...draft, start: e.currentTarget.value })}
            />
          </label>
          <label class="field">
            <span>{i18n.t('sweepsUiEnd')}</span>
            <input
              class="input sweep-time"
              data-testid="sweep-end"
              placeholder="17:00"
              maxLength={5}
              value={draft.end}
              onInput={(e) => setDraft({ ...draft, end: e.currentTarget.value })}
            />
          </label>
          <label class="field grow">
            <span>{i18n.t('sweepsUiTimeZone')}</span>
            <input
              class="input"
              data-testid="sweep-zone"
              list="sweeps-zones"
              spellcheck={false}
              maxLength={64}
              value={draft.timeZone}
              onInput={(e) => setDraft({ ...draft, timeZone: e.currentTarget.value })}
            />
          </label>
        </div>
      </fieldset>
      <div class="row">
        <button class="btn btn-primary" type="submit" disabled={busy || !dirty} data-testid="sweep-save">
          {busy ? i18n.t('sweepsUiSaving') : i18n.t('sweepsUiSave', [site])}
        </button>
      </div>
    </form>
  );
}

/** Per profile, the share of the last days sweeps covered, as a whole and per kind of page. */
function CoverageView({ table, error }: { table: CoverageTable | null; error: string | null }) {
  if (error) {
    return (
      <p class="notice notice-error" role="alert" data-testid="sweeps-coverage-error">
        {i18n.t('sweepsUiCoverageFailed', [error])}
      </p>
    );
  }
  if (table === null) return <p class="muted small">{i18n.t('popupLoading')}</p>;
  if (table.rows.length === 0) {
    return (
      <p class="muted small empty-inline" data-testid="sweeps-coverage-empty">
        {i18n.t('sweepsUiCoverageEmpty')}
      </p>
    );
  }
  return (
    <div class="stack">
      <table class="policy-table sweep-coverage" data-testid="sweeps-coverage">
        <thead>
          <tr>
            <th scope="col">{i18n.t('sweepsUiCoverageSite')}</th>
            <th scope="col">{i18n.t('sweepsUiCoverageProfile')}</th>
            <th scope="col">{i18n.t('sweepsUiCoverageAll')}</th>
            {table.columns.map((k) => (
              <th scope="col" key={k}>
                {kindLabel(k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.key} data-testid="sweep-coverage-row" data-profile={r.key}>
              <th scope="row">{r.site}</th>
              <td class="sweep-coverage-profile">@{r.profile}</td>
              <td class="strong" data-testid="sweep-coverage-share">
                {r.share}
              </td>
              {r.kinds.map((share, i) => (
                <td key={table.columns[i]} data-kind={table.columns[i]}>
                  {share ?? (
                    <span
                      class="muted"
                      title={i18n.t('sweepsUiCoverageNoPage')}
                      aria-label={i18n.t('sweepsUiCoverageNoPage')}
                    >
                      —
                    </span>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {table.leftOut > 0 ? (
        <p class="muted small">{i18n.t('sweepsUiCoverageLeftOut', [String(table.leftOut)])}</p>
      ) : null}
    </div>
  );
}

export function SweepsSection({
  me,
  sweeps,
  now: fixedNow,
  sweepable = sweepableKinds,
}: {
  me: MemberWithAccess | null;
  sweeps: Sweeps;
  now?: number;
  /** The kinds of page offered per site (default: those this extension reads; tests offer all). */
  sweepable?: (p: Platform) => SweepKind[];
}) {
  const tick = useNow(30_000);
  const now = fixedNow ?? tick;
  const mayEdit = me !== null && can(me, 'rules.edit');
  const mayResume = me !== null && can(me, 'items.edit');
  const { status, error: statusError, reload } = useSweepStatus(statusKey(sweeps));
  const [coverage, setCoverage] = useState<CoverageTable | null>(null);
  const [coverageError, setCoverageError] = useState<string | null>(null);

  const [settings, setSettings] = useState<SweepSettingsByPlatform | null>(null);
  const [settingsError, setSettingsError] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Partial<Record<Platform, SweepDraft>>>({});
  const [notes, setNotes] = useState<Partial<Record<Platform, Note>>>({});
  const [busy, setBusy] = useState<Platform | null>(null);
  const [browserError, setBrowserError] = useState<string | null>(null);
  const [resumeError, setResumeError] = useState<string | null>(null);
  const [zones] = useState(timeZones);

  useEffect(() => {
    void fetchSweepSettings(ask).then((r) => {
      if (!r.ok) return setSettingsError(r.error);
      setSettingsError(null);
      setSettings(r.value);
    });
  }, [me?.id]);

  // Again when a job ended or a notice came (as the status), and after a site was switched.
  useEffect(() => {
    void fetchSweepCoverage(ask).then((r) => {
      setCoverageError(r.ok ? null : r.error);
      if (r.ok) setCoverage(coverageTable(r.value));
    });
  }, [me?.id, statusKey(sweeps), settings]);

  const savedOf = (p: Platform): SweepSettings => sweepSettingsFor(settings ?? {}, p);
  const draftOf = (p: Platform): SweepDraft => drafts[p] ?? toDraft(savedOf(p));

  const save = async (p: Platform, next: SweepSettings): Promise<boolean> => {
    setBusy(p);
    setNotes((n) => ({ ...n, [p]: undefined }));
    const r = await saveSweepSettings(ask, p, next);
    setBusy(null);
    if (!r.ok) {
      setNotes((n) => ({
        ...n,
        [p]: { kind: 'error', text: i18n.t('sweepsUiSaveFailed', [platformLabel(p), r.error]) },
      }));
      return false;
    }
    setSettings(r.value);
    setNotes((n) => ({ ...n, [p]: { kind: 'saved', text: i18n.t('sweepsUiSaved') } }));
    void reload();
    return true;
  };

  const toggle = async (p: Platform, enabled: boolean): Promise<void> => {
    const saved = savedOf(p);
    // only pages this extension can read: a kind it cannot would pause as unreadable at once
    const readable = saved.kinds.filter((k) => sweepable(p).includes(k));
    const kinds = readable.length ? readable : sweepable(p);
    await save(p, { ...saved, enabled, ...(enabled && kinds.length < saved.kinds.length ? { kinds } : {}) });
  };

  const saveDraft = async (p: Platform): Promise<void> => {
    const built = fromDraft(p, savedOf(p), draftOf(p), sweepable(p));
    if (!built.ok) {
      setNotes((n) => ({ ...n, [p]: { kind: 'error', text: built.error } }));
      return;
    }
    if (await save(p, built.settings)) setDrafts((d) => ({ ...d, [p]: undefined }));
  };

  const resume = async (t: SweepTargetStatus): Promise<void> => {
    const r = await resumeSweep(ask, t.target.id);
    setResumeError(r.ok ? null : i18n.t('sweepsUiResumeFailed', [r.error]));
    await reload();
  };

  const setBrowser = async (enabled: boolean): Promise<void> => {
    const r = await ask({ type: 'sweeps.enable', enabled });
    setBrowserError(r.ok ? null : i18n.t('sweepsUiBrowserFailed', [r.error]));
  };

  const targets = visibleTargets(status);
  const loads = (status?.platforms ?? []).filter((p) => p.enabled);

  return (
    <div class="stack sweeps-section" data-testid="sweeps-section">
      <p class="muted">{i18n.t('sweepsUiHelp')}</p>

      <div class="stack sweep-browser">
        <label class="switch" data-testid="sweeps-browser">
          <span class="strong">{i18n.t('sweepsUiBrowser')}</span>
          <input
            type="checkbox"
            role="switch"
            checked={sweeps.enabled}
            aria-describedby="sweeps-browser-help"
            onChange={(e) => void setBrowser(e.currentTarget.checked)}
          />
        </label>
        <p class="muted small" id="sweeps-browser-help">
          {i18n.t('sweepsUiBrowserHelp')}
        </p>
        {browserError ? (
          <p class="notice notice-error" role="alert">
            {browserError}
          </p>
        ) : null}
      </div>

      <h3 class="section-label">{i18n.t('sweepsUiStatusTitle')}</h3>
      {status === null && !statusError ? <p class="muted small">{i18n.t('popupLoading')}</p> : null}
      {statusError ? (
        <p class="notice notice-error" role="alert" data-testid="sweeps-status-error">
          {i18n.t('sweepsUiStatusFailed', [statusError])}
        </p>
      ) : null}
      {status && targets.length === 0 ? (
        <p class="muted small empty-inline" data-testid="sweeps-empty">
          {i18n.t('sweepsUiStatusEmpty')}
        </p>
      ) : null}
      {targets.length > 0 ? (
        <ul class="sweep-targets" data-testid="sweep-targets">
          {targets.map((t, i) => (
            <TargetRow
              key={t.target.id}
              t={t}
              now={now}
              mayResume={mayResume}
              repeat={t.paused !== null && targets[i - 1]?.paused?.message === t.paused.message}
              onResume={(x) => void resume(x)}
            />
          ))}
        </ul>
      ) : null}
      {loads.length > 0 ? (
        <p class="muted small" data-testid="sweeps-loads">
          {loads
            .map((p) =>
              i18n.t('sweepsUiLoads', [
                platformLabel(p.platform),
                String(p.pageLoadsLastHour),
                String(p.maxPageLoadsPerHour),
              ]),
            )
            .join(' · ')}
        </p>
      ) : null}
      {resumeError ? (
        <p class="notice notice-error" role="alert" data-testid="sweeps-resume-error">
          {resumeError}
        </p>
      ) : null}

      <h3 class="section-label">{i18n.t('sweepsUiCoverageTitle', [String(SWEEP_COVERAGE_DEFAULT_DAYS)])}</h3>
      <p class="muted small">{i18n.t('sweepsUiCoverageHelp')}</p>
      <CoverageView table={coverage} error={coverageError} />

      <h3 class="section-label">{i18n.t('sweepsUiSitesTitle')}</h3>
      <p class="muted small">{mayEdit ? i18n.t('sweepsUiSitesHelp') : i18n.t('sweepsUiReadOnly')}</p>
      {settingsError ? (
        <p class="notice notice-error" role="alert" data-testid="sweeps-settings-error">
          {i18n.t('sweepsUiSettingsFailed', [settingsError])}
        </p>
      ) : null}
      {settings === null && !settingsError ? <p class="muted small">{i18n.t('popupLoading')}</p> : null}
      {settings ? (
        <ul class="sweep-sites">
          {PLATFORMS.map((p) => {
            const saved = savedOf(p);
            const draft = draftOf(p);
            const note = notes[p];
            return (
              <li class="stack sweep-site" key={p} data-testid={`sweep-site-${p}`} data-enabled={String(saved.enabled)}>
                <label class="switch">
                  <span class="strong">{platformLabel(p)}</span>
                  <input
                    type="checkbox"
                    role="switch"
                    data-testid={`sweep-switch-${p}`}
                    aria-label={i18n.t('sweepsUiSiteSwitch', [platformLabel(p)])}
                    checked={saved.enabled}
                    disabled={!mayEdit || busy === p || (!saved.enabled && sweepable(p).length === 0)}
                    onChange={(e) => void toggle(p, e.currentTarget.checked)}
                  />
                </label>
                {sweepable(p).length === 0 ? (
                  <p class="muted small" data-testid="sweep-not-yet">
                    {i18n.t('sweepsUiNotYet', [platformLabel(p)])}
                  </p>
                ) : null}
                {saved.enabled && mayEdit ? (
                  <SettingsForm
                    platform={p}
                    kinds={sweepable(p)}
                    draft={draft}
                    busy={busy === p}
                    dirty={!sameDraft(draft, toDraft(saved))}
                    setDraft={(d) => {
                      setDrafts((all) => ({ ...all, [p]: d }));
                      if (notes[p]?.kind === 'saved') setNotes((n) => ({ ...n, [p]: undefined }));
                    }}
                    onSave={() => void saveDraft(p)}
                  />
                ) : null}
                {saved.enabled && !mayEdit ? (
                  <ul class="sweep-summary muted small" data-testid="sweep-summary">
                    {settingsSummary(p, saved).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                ) : null}
                {note ? (
                  <p
                    class={note.kind === 'error' ? 'notice notice-error' : 'muted small'}
                    role={note.kind === 'error' ? 'alert' : 'status'}
                    data-testid="sweep-note"
                  >
                    {note.text}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {zones.length > 0 && mayEdit ? (
        <datalist id="sweeps-zones">
          {zones.map((z) => (
            <option value={z} key={z} />
          ))}
        </datalist>
      ) : null}
    </div>
  );
}

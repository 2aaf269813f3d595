// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MemberWithAccess } from '../../../shared/permissions';
import {
  SWEEP_KINDS_BY_PLATFORM,
  SweepSettings,
  type SweepStatus,
  type SweepTargetStatus,
} from '../../../shared/sweeps';
import type { ExtensionState } from '../../messaging/messages';
import { SweepsSection } from './SweepsSection';

const ask = vi.hoisted(() => vi.fn());
vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../bg-client', () => ({ ask }));
vi.mock('../i18n', () => ({
  i18n: { t: (key: string, a?: unknown) => (Array.isArray(a) ? `${key}:${a.join(',')}` : key) },
}));

const NOW = Date.parse('2026-03-02T10:20:00.000Z');
const AT = '2026-01-01T00:00:00.000Z';
const member = (role: MemberWithAccess['role']): MemberWithAccess => ({ id: 'm1', name: 'Ada', role, createdAt: AT });

const linkedin = SweepSettings.parse({
  enabled: true,
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/Stockholm' },
});
const off = SweepSettings.parse({ workingHours: { timeZone: 'Europe/Stockholm' } });

const target = (kind: 'notifications' | 'dms', patch: Partial<SweepTargetStatus> = {}): SweepTargetStatus => ({
  target: { id: `linkedin:acme:${kind}`, platform: 'linkedin', profile: 'acme', kind },
  enabled: true,
  lastSuccessAt: '2026-03-02T10:08:00.000Z',
  lastAttemptAt: '2026-03-02T10:08:00.000Z',
  nextRunAt: '2026-03-02T10:24:00.000Z',
  running: null,
  consecutiveFailures: 0,
  paused: null,
  stale: false,
  ...patch,
});

const STATUS: SweepStatus = {
  at: '2026-03-02T10:20:00.000Z',
  targets: [
    target('notifications'),
    target('dms', {
      lastSuccessAt: null,
      nextRunAt: null,
      paused: {
        reason: 'unreadable',
        message: "Inlay could not read LinkedIn's message inbox (acme) — sweeps paused; it may have changed",
        since: '2026-03-02T10:06:00.000Z',
      },
    }),
    {
      ...target('notifications'),
      target: { id: 'x:acme:notifications', platform: 'x', profile: 'acme', kind: 'notifications' },
      enabled: false,
    },
  ],
  platforms: [{ platform: 'linkedin', enabled: true, pageLoadsLastHour: 3, maxPageLoadsPerHour: 30 }],
};

const sweeps: ExtensionState['sweeps'] = { enabled: true, running: null, notices: [] };

const WEEK_MS = 7 * 86_400_000;
const COVERAGE = {
  from: '2026-02-23T10:20:00.000Z',
  to: '2026-03-02T10:20:00.000Z',
  leftOut: 0,
  profiles: [
    {
      platform: 'linkedin',
      profile: 'acme',
      periodMs: WEEK_MS,
      coveredMs: WEEK_MS * 0.42,
      share: 0.42,
      targets: [
        {
          targetId: 'linkedin:acme:notifications',
          kind: 'notifications',
          sweptMs: WEEK_MS * 0.96,
          coveredMs: WEEK_MS * 0.96,
          share: 0.96,
        },
        { targetId: 'linkedin:acme:dms', kind: 'dms', sweptMs: WEEK_MS * 0.42, coveredMs: WEEK_MS * 0.42, share: 0.42 },
      ],
    },
  ],
};

type Answer = { ok: true; result: unknown } | { ok: false; error: string };
let answers: Record<string, Answer>;
let root: HTMLElement;

beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
  answers = {
    'sweeps.status': { ok: true, result: STATUS },
    'sweeps.settings.get': { ok: true, result: { settings: { linkedin, x: off } } },
    'sweep.resume': { ok: true, result: { resumed: true } },
    'sweeps.coverage': { ok: true, result: COVERAGE },
  };
  ask.mockReset();
  ask.mockImplementation(async (req: { type: string; request?: string; payload?: { settings?: object } }) => {
    if (req.type === 'sweeps.enable') return { ok: true };
    if (req.request === 'sweeps.settings.set') {
      return (
        answers['sweeps.settings.set'] ?? {
          ok: true,
          result: { settings: { linkedin, x: off, ...req.payload?.settings }, seq: 2, duplicate: false },
        }
      );
    }
    return answers[req.request ?? ''] ?? { ok: false, error: 'unexpected' };
  });
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const flush = () =>
  act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
const q = <T extends HTMLElement = HTMLElement>(sel: string) => root.querySelector<T>(sel);
const qa = <T extends HTMLElement = HTMLElement>(sel: string) => Array.from(root.querySelectorAll<T>(sel));

async function mount(role: MemberWithAccess['role'], s = sweeps) {
  // every site's pages offered, as the companion has them (what this extension reads today is tested below)
  act(() =>
    render(
      <SweepsSection me={member(role)} sweeps={s} now={NOW} sweepable={(p) => [...SWEEP_KINDS_BY_PLATFORM[p]]} />,
      root,
    ),
  );
  await flush();
}

async function type(el: HTMLInputElement, value: string) {
  el.value = value;
  await act(async () => void el.dispatchEvent(new Event('input', { bubbles: true })));
}

const sets = () =>
  ask.mock.calls
    .map((c) => c[0] as { request?: string; payload: Record<string, unknown> })
    .filter((r) => r.request === 'sweeps.settings.set');

describe('sweeps in the options page: status', () => {
  it('shows each swept target with its last and next run, and no targets of switched-off sites', async () => {
    await mount('agent');
    const rows = qa('[data-testid="sweep-target"]');
    expect(rows.map((r) => r.dataset.targetId)).toEqual(['linkedin:acme:notifications', 'linkedin:acme:dms']);
    expect(rows[0]!.textContent).toContain('sweepsUiLast:sweepsUiAgo:sweepsUiDurMinutes:12');
    expect(rows[0]!.textContent).toContain('sweepsUiNext:sweepsUiIn:sweepsUiDurMinutes:4');
    expect(rows[0]!.textContent).toContain('@acme');
    expect(rows[1]!.textContent).toContain('sweepsUiNever');
    expect(q('[data-testid="sweeps-loads"]')!.textContent).toBe('sweepsUiLoads:platformLinkedin,3,30');
  });

  it("shows a paused target's reason in the companion's words, and Resume sends sweep.resume", async () => {
    await mount('agent');
    const paused = q('[data-target-id="linkedin:acme:dms"]')!;
    expect(paused.dataset.paused).toBe('true');
    expect(paused.textContent).toContain("Inlay could not read LinkedIn's message inbox (acme)");
    const resume = paused.querySelector<HTMLButtonElement>('[data-testid="sweep-resume"]')!;
    expect(resume.getAttribute('aria-label')).toBe('sweepsUiResumeLabel:platformLinkedin sweepsUiKindDms,acme');
    ask.mockClear();
    await act(async () => resume.click());
    await flush();
    expect(ask).toHaveBeenCalledWith({
      type: 'companion',
      request: 'sweep.resume',
      payload: { targetId: 'linkedin:acme:dms' },
    });
    // and the status is read again
    expect(ask).toHaveBeenCalledWith({ type: 'companion', request: 'sweeps.status', payload: {} });
  });

  it('says in plain words when Resume is refused', async () => {
    answers['sweep.resume'] = { ok: false, error: 'You do not work on LinkedIn — ask an admin.' };
    await mount('agent');
    await act(async () => q<HTMLButtonElement>('[data-testid="sweep-resume"]')!.click());
    await flush();
    expect(q('[data-testid="sweeps-resume-error"]')!.textContent).toBe(
      'sweepsUiResumeFailed:You do not work on LinkedIn — ask an admin.',
    );
  });

  it('says a cause once for the targets it paused together', async () => {
    const signedOut = {
      reason: 'signed_out' as const,
      message: "You're signed out of LinkedIn (acme) — sweeps paused until someone signs in again",
      since: '2026-03-02T10:06:00.000Z',
    };
    answers['sweeps.status'] = {
      ok: true,
      result: {
        ...STATUS,
        targets: [target('notifications', { paused: signedOut }), target('dms', { paused: signedOut })],
      },
    };
    await mount('agent');
    expect(qa('[data-testid="sweep-paused"]')).toHaveLength(1);
    expect(qa('[data-testid="sweep-resume"]')).toHaveLength(1);
    expect(q('[data-target-id="linkedin:acme:dms"]')!.textContent).toContain('sweepsUiPausedBadge');
  });

  it('offers no Resume to a viewer', async () => {
    await mount('viewer');
    expect(q('[data-testid="sweep-paused"]')).not.toBeNull();
    expect(q('[data-testid="sweep-resume"]')).toBeNull();
  });
});

describe('sweeps in the options page: coverage', () => {
  it('shows, per profile, the share of the last 7 days for all its pages and for each', async () => {
    await mount('viewer'); // anyone may read it
    expect(ask).toHaveBeenCalledWith({ type: 'companion', request: 'sweeps.coverage', payload: { days: 7 } });
    expect(root.textContent).toContain('sweepsUiCoverageTitle:7');
    const table = q('[data-testid="sweeps-coverage"]')!;
    expect(qa('thead th').map((th) => th.textContent)).toEqual([
      'sweepsUiCoverageSite',
      'sweepsUiCoverageProfile',
      'sweepsUiCoverageAll',
      'sweepsUiKindLabelNotifications',
      'sweepsUiKindLabelDms',
    ]);
    const rows = Array.from(table.querySelectorAll<HTMLElement>('[data-testid="sweep-coverage-row"]'));
    expect(rows.map((r) => Array.from(r.children).map((c) => c.textContent))).toEqual([
      [
        'platformLinkedin',
        '@acme',
        'sweepsUiCoveragePercent:42',
        'sweepsUiCoveragePercent:96',
        'sweepsUiCoveragePercent:42',
      ],
    ]);
  });

  it('says when there is nothing to measure, and when the companion does not answer', async () => {
    answers['sweeps.coverage'] = { ok: true, result: { ...COVERAGE, profiles: [] } };
    await mount('agent');
    expect(q('[data-testid="sweeps-coverage-empty"]')!.textContent).toBe('sweepsUiCoverageEmpty');
    expect(q('[data-testid="sweeps-coverage"]')).toBeNull();

    render(null, root);
    answers['sweeps.coverage'] = { ok: false, error: 'The companion is not running.' };
    await mount('agent');
    expect(q('[data-testid="sweeps-coverage-error"]')!.textContent).toBe(
      'sweepsUiCoverageFailed:The companion is not running.',
    );
  });
});

describe("sweeps in the options page: this browser's switch", () => {
  it('sends sweeps.enable for everyone, agents too', async () => {
    await mount('agent');
    const box = q<HTMLInputElement>('[data-testid="sweeps-browser"] input')!;
    expect(box.checked).toBe(true);
    expect(box.getAttribute('role')).toBe('switch');
    await act(async () => box.click());
    expect(ask).toHaveBeenCalledWith({ type: 'sweeps.enable', enabled: false });
  });

  it('shows it off when this browser is switched off', async () => {
    await mount('lead', { ...sweeps, enabled: false });
    expect(q<HTMLInputElement>('[data-testid="sweeps-browser"] input')!.checked).toBe(false);
  });
});

describe('sweeps in the options page: settings', () => {
  it('lets a lead change the schedule and saves the whole platform with sweeps.settings.set', async () => {
    await mount('lead');
    const form = q('[data-testid="sweep-form-linkedin"]')!;
    expect(q('[data-testid="sweep-form-x"]')).toBeNull(); // X is off: just its switch
    const save = form.querySelector<HTMLButtonElement>('[data-testid="sweep-save"]')!;
    expect(save.disabled).toBe(true); // nothing changed yet
    await type(form.querySelector('[data-testid="sweep-working-every"]')!, '15');
    await type(form.querySelector('[data-testid="sweep-cap"]')!, '20');
    await type(form.querySelector('[data-testid="sweep-end"]')!, '18:30');
    await act(async () => form.querySelector<HTMLInputElement>('[data-testid="sweep-kind-dms"]')!.click());
    await act(async () => form.querySelector<HTMLInputElement>('[data-testid="sweep-day-6"]')!.click());
    expect(save.disabled).toBe(false);
    await act(async () => save.click());
    await flush();
    const [sent] = sets();
    expect(sent!.payload.opId).toMatch(/^op_[a-f0-9]{32}$/);
    expect(sent!.payload.settings).toEqual({
      linkedin: {
        ...linkedin,
        kinds: ['notifications', 'recent-posts'],
        workingEveryMinutes: 15,
        maxPageLoadsPerHour: 20,
        workingHours: { days: [1, 2, 3, 4, 5, 6], start: '09:00', end: '18:30', timeZone: 'Europe/Stockholm' },
      },
    });
    expect(q('[data-testid="sweep-site-linkedin"] [data-testid="sweep-note"]')!.textContent).toBe('sweepsUiSaved');
  });

  it('offers only the pages this extension can read: TikTok without its message inbox, YouTube its posts only', async () => {
    act(() => render(<SweepsSection me={member('lead')} sweeps={sweeps} now={NOW} />, root));
    await flush();
    expect(q('[data-testid="sweep-not-yet"]')).toBeNull(); // every site has some page it can sweep
    await act(async () => q<HTMLInputElement>('[data-testid="sweep-switch-tiktok"]')!.click());
    await flush();
    expect(sets()[0]!.payload.settings).toEqual({
      tiktok: expect.objectContaining({ enabled: true, kinds: ['notifications', 'recent-posts'] }),
    });
    const form = q('[data-testid="sweep-form-tiktok"]')!;
    expect(form.querySelector('[data-testid="sweep-kind-dms"]')).toBeNull();
    expect(form.querySelector('[data-testid="sweep-kind-notifications"]')).not.toBeNull();
    await act(async () => q<HTMLInputElement>('[data-testid="sweep-switch-youtube"]')!.click());
    await flush();
    expect(sets()[1]!.payload.settings).toEqual({
      youtube: expect.objectContaining({ enabled: true, kinds: ['recent-posts'] }),
    });
  });

  it('a message inbox asks how many conversations to open, and says that opening shows them read', async () => {
    act(() => render(<SweepsSection me={member('lead')} sweeps={sweeps} now={NOW} />, root));
    await flush();
    await act(async () => q<HTMLInputElement>('[data-testid="sweep-switch-x"]')!.click());
    await flush();
    const field = q<HTMLInputElement>('[data-testid="sweep-form-x"] [data-testid="sweep-unread-threads"]')!;
    expect(field.value).toBe('3');
    expect(q('[data-testid="sweep-form-x"] [data-testid="sweep-unread-threads-hint"]')!.textContent).toBe(
      'sweepsUiUnreadThreadsHint',
    );
  });

  it('switches a site on for a lead at once', async () => {
    await mount('lead');
    await act(async () => q<HTMLInputElement>('[data-testid="sweep-switch-x"]')!.click());
    await flush();
    expect(sets()[0]!.payload.settings).toEqual({ x: { ...off, enabled: true } });
    // the site's schedule opens once it is on
    expect(q('[data-testid="sweep-form-x"]')).not.toBeNull();
  });

  it('says what is wrong in plain words and sends nothing', async () => {
    await mount('lead');
    const form = q('[data-testid="sweep-form-linkedin"]')!;
    await type(form.querySelector('[data-testid="sweep-other-every"]')!, '1');
    await act(async () => form.querySelector<HTMLButtonElement>('[data-testid="sweep-save"]')!.click());
    expect(q('[data-testid="sweep-note"]')!.textContent).toBe('sweepsUiErrorMinutes:sweepsUiOtherEvery');
    await type(form.querySelector('[data-testid="sweep-other-every"]')!, '60');
    await type(form.querySelector('[data-testid="sweep-zone"]')!, 'Mars/Olympus');
    await act(async () => form.querySelector<HTMLButtonElement>('[data-testid="sweep-save"]')!.click());
    expect(q('[data-testid="sweep-note"]')!.textContent).toBe('sweepsUiErrorZone:Mars/Olympus');
    expect(q('[data-testid="sweep-note"]')!.getAttribute('role')).toBe('alert');
    expect(sets()).toHaveLength(0);
  });

  it("shows the companion's refusal", async () => {
    answers['sweeps.settings.set'] = {
      ok: false,
      error: 'Only leads and admins can change sweep settings — ask one.',
    };
    await mount('lead');
    await act(async () => q<HTMLInputElement>('[data-testid="sweep-switch-linkedin"]')!.click());
    await flush();
    expect(q('[data-testid="sweep-site-linkedin"] [data-testid="sweep-note"]')!.textContent).toBe(
      'sweepsUiSaveFailed:platformLinkedin,Only leads and admins can change sweep settings — ask one.',
    );
    expect(q<HTMLInputElement>('[data-testid="sweep-switch-linkedin"]')!.checked).toBe(true);
  });

  it('shows an agent the settings read-only', async () => {
    await mount('agent');
    expect(root.textContent).toContain('sweepsUiReadOnly');
    expect(qa('form')).toHaveLength(0);
    expect(qa<HTMLInputElement>('[data-testid^="sweep-switch-"]').every((s) => s.disabled)).toBe(true);
    const summary = q('[data-testid="sweep-site-linkedin"] [data-testid="sweep-summary"]')!;
    expect(summary.textContent).toContain('sweepsUiSummaryCadence:10,60');
    expect(summary.textContent).toContain(
      'sweepsUiSummaryHours:sweepsUiDay1–sweepsUiDay5,09:00,17:00,Europe/Stockholm',
    );
    expect(summary.textContent).toContain('sweepsUiSummaryCap:30');
    expect(q('[data-testid="sweep-site-x"] [data-testid="sweep-summary"]')).toBeNull();
  });
});

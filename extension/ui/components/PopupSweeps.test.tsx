// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MemberWithAccess } from '../../../shared/permissions';
import type { SweepStatus, SweepTargetStatus } from '../../../shared/sweeps';
import { initialState } from '../../background/state';
import type { ExtensionState } from '../../messaging/messages';
import { PopupView } from '../pages/PopupApp';

vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../i18n', () => ({
  i18n: {
    t: (key: string, a?: unknown) =>
      typeof a === 'number' ? `${key}#${a}` : Array.isArray(a) ? `${key}:${a.join(',')}` : key,
  },
}));

const NOW = Date.parse('2026-03-02T13:20:00.000Z');
const AT = '2026-01-01T00:00:00.000Z';
const lead: MemberWithAccess = { id: 'm1', name: 'Ada', role: 'lead', createdAt: AT };
const agent: MemberWithAccess = { id: 'm2', name: 'Bo', role: 'agent', createdAt: AT };

const SIGNED_OUT = "You're signed out of LinkedIn (acme) — sweeps paused until someone signs in again";
const target = (id: string, patch: Partial<SweepTargetStatus> = {}): SweepTargetStatus => {
  const [platform, profile, kind] = id.split(':') as ['linkedin', string, 'notifications'];
  return {
    target: { id, platform, profile, kind },
    enabled: true,
    lastSuccessAt: '2026-03-02T13:10:00.000Z',
    lastAttemptAt: '2026-03-02T13:10:00.000Z',
    nextRunAt: '2026-03-02T13:30:00.000Z',
    running: null,
    consecutiveFailures: 0,
    paused: null,
    stale: false,
    ...patch,
  };
};
const paused = { reason: 'signed_out' as const, message: SIGNED_OUT, since: '2026-03-02T12:00:00.000Z' };
const STATUS: SweepStatus = {
  at: '2026-03-02T13:20:00.000Z',
  targets: [
    target('linkedin:acme:notifications', { paused, nextRunAt: null }),
    target('linkedin:acme:dms', { paused, nextRunAt: null }), // paused with it: one line
    target('x:acme:recent-posts', { stale: true, lastSuccessAt: '2026-03-02T10:10:00.000Z' }),
    target('reddit:acme:notifications'), // all well: no line
  ],
  platforms: [],
};

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});
const q = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const qa = (id: string) => Array.from(root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
const noop = () => {};

function mount(patch: Partial<ExtensionState>, status: SweepStatus | null, onResumeSweep = noop) {
  const state: ExtensionState = { ...initialState(), status: 'connected', detail: 'Connected', ...patch };
  act(() =>
    render(
      <PopupView
        state={state}
        error={null}
        onToggleSite={noop}
        onOpenSidePanel={noop}
        onOpenOptions={noop}
        sweepStatus={status}
        onResumeSweep={onResumeSweep}
        now={NOW}
      />,
      root,
    ),
  );
}

describe('sweeps in the popup', () => {
  it("shows one line per pause in the companion's words, with Resume", () => {
    const onResume = vi.fn();
    mount({ member: agent, members: [agent] }, STATUS, onResume);
    const lines = qa('sweeps-paused-line');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.textContent).toContain(SIGNED_OUT);
    const button = lines[0]!.querySelector<HTMLButtonElement>('[data-testid="sweeps-popup-resume"]')!;
    expect(button.getAttribute('aria-label')).toBe(
      'sweepsUiResumeLabel:platformLinkedin sweepsUiKindNotifications,acme',
    );
    act(() => button.click());
    expect(onResume).toHaveBeenCalledWith('linkedin:acme:notifications');
  });

  it('shows a stale target for how long it has not been swept', () => {
    mount({ member: agent, members: [agent] }, STATUS);
    expect(qa('sweeps-stale-line').map((l) => l.textContent)).toEqual([
      'sweepsUiStaleLine:platformX,sweepsUiKindRecentPosts,acme,sweepsUiDurHoursMinutes:3,10',
    ]);
  });

  it('says which page this browser is sweeping now', () => {
    mount(
      {
        member: agent,
        sweeps: {
          enabled: true,
          running: { jobId: 'swj_1', targetId: 'linkedin:acme:notifications', startedAt: '2026-03-02T13:19:00.000Z' },
          notices: [],
        },
      },
      null,
    );
    expect(q('sweeps-running')!.textContent).toBe('sweepsUiRunning:platformLinkedin,sweepsUiKindNotifications');
  });

  it('shows the latest notices to leads and admins only', () => {
    const notices = [
      {
        kind: 'sweep.paused',
        message: SIGNED_OUT,
        targetId: 'linkedin:acme:notifications',
        at: '2026-03-02T13:05:00.000Z',
      },
    ];
    mount({ member: lead, members: [lead], sweeps: { enabled: true, running: null, notices } }, null);
    expect(qa('sweeps-notice').map((n) => n.textContent)).toEqual([`${SIGNED_OUT}ageMinutes:15`]);
    mount({ member: agent, members: [agent], sweeps: { enabled: true, running: null, notices } }, null);
    expect(q('sweeps-notices')).toBeNull();
  });

  it('stays out of the way when every sweep is well, and offers a viewer no Resume', () => {
    mount({ member: agent }, { ...STATUS, targets: [target('reddit:acme:notifications')] });
    expect(q('popup-sweeps')).toBeNull();
    mount({ member: { ...agent, role: 'viewer' } }, STATUS);
    expect(q('sweeps-paused-line')).not.toBeNull();
    expect(q('sweeps-popup-resume')).toBeNull();
  });
});

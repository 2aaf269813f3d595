import { describe, expect, it, vi } from 'vitest';
import { EMPTY_LIVE, reduceLive } from './use-live';

vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('./i18n', () => ({ i18n: { t: (k: string) => k } }));

describe('reduceLive: presence and refusals', () => {
  it('takes the whole presence list each time, and counts refusals so the same words show again', () => {
    const tess = {
      memberId: 'm-tess',
      name: 'Tess',
      itemKey: 'x:1',
      state: 'typing' as const,
      at: '2026-03-02T15:00:00.000Z',
    };
    let live = reduceLive(EMPTY_LIVE, { type: 'presence', entries: [tess] });
    expect(live.presence).toEqual([tess]);
    live = reduceLive(live, { type: 'presence', entries: [] });
    expect(live.presence).toEqual([]);
    live = reduceLive(live, { type: 'refused', key: 'x:1', error: 'No.' });
    live = reduceLive(live, { type: 'refused', key: 'x:1', error: 'No.' });
    expect(live.refusal).toEqual({ key: 'x:1', error: 'No.', n: 2 });
  });
});

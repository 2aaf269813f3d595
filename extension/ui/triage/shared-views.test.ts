import { describe, expect, it, vi } from 'vitest';
import { emptyFilter } from '../../../shared/views';
import type { BgReply, BgRequest } from '../../messaging/messages';
import { deleteSharedView, listSharedViews, parseSharedViews, saveSharedView } from './shared-views';

const team = (id: string, scope = 'shared') => ({ id, name: id, scope, filter: emptyFilter() });

describe('shared views from the companion', () => {
  it('keeps valid shared views once each and drops personal, system and unreadable ones', () => {
    const views = parseSharedViews({
      views: [team('shared:a'), team('shared:a'), team('personal:b', 'personal'), team('system:all'), { id: 3 }],
    });
    expect(views.map((v) => v.id)).toEqual(['shared:a']);
    expect(views[0]).toMatchObject({ ownerId: null, updatedAt: null });
    expect(parseSharedViews(undefined)).toEqual([]);
    expect(parseSharedViews({ views: 'no' })).toEqual([]);
  });

  it('asks through the background and says why when it fails', async () => {
    const ask = vi.fn<(r: BgRequest) => Promise<BgReply>>(async (r) =>
      r.type === 'companion' && r.request === 'views.list'
        ? ({ ok: true, result: { views: [team('shared:a')] } } as BgReply)
        : { ok: false, error: 'Only leads and admins can share views with the team' },
    );
    expect(await listSharedViews(ask)).toMatchObject({ ok: true, value: [{ id: 'shared:a' }] });
    const saved = await saveSharedView(ask, { ...team('shared:b'), scope: 'personal', ownerId: null, updatedAt: null });
    expect(saved).toEqual({ ok: false, error: 'Only leads and admins can share views with the team' });
    expect(ask).toHaveBeenLastCalledWith({
      type: 'companion',
      request: 'view.save',
      payload: { opId: expect.stringMatching(/^op_[a-f0-9]{32}$/), view: expect.objectContaining({ scope: 'shared' }) },
    });
    ask.mockRejectedValueOnce(new Error('gone'));
    expect(await deleteSharedView(ask, 'shared:b')).toEqual({ ok: false, error: 'gone' });
  });
});

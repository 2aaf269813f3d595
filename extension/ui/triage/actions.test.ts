import { describe, expect, it, vi } from 'vitest';
import type { Item } from '../../../shared/model';
import { allHaveTag, planAssign, planDone, planPriority, planSnooze, planTag, runUpdates, tagsInUse } from './actions';

const item = (id: string, patch: Partial<Item> = {}): Item =>
  ({
    key: `x:${id}`,
    status: 'open',
    priority: 'normal',
    tags: [],
    assigneeId: null,
    ...patch,
  }) as Item;

describe('plans', () => {
  it('done marks the rest done, or reopens when all are done', () => {
    expect(planDone([item('1'), item('2', { status: 'done' }), item('3', { status: 'pending' })])).toEqual([
      { type: 'item.update', key: 'x:1', status: 'done' },
      { type: 'item.update', key: 'x:3', status: 'done' },
    ]);
    expect(planDone([item('1', { status: 'done' }), item('2', { status: 'done' })])).toEqual([
      { type: 'item.update', key: 'x:1', status: 'open' },
      { type: 'item.update', key: 'x:2', status: 'open' },
    ]);
    expect(planDone([])).toEqual([]);
  });

  it('snooze sets pending, or reopens when all are pending', () => {
    expect(planSnooze([item('1')])).toEqual([{ type: 'item.update', key: 'x:1', status: 'pending' }]);
    expect(planSnooze([item('1', { status: 'pending' })])).toEqual([
      { type: 'item.update', key: 'x:1', status: 'open' },
    ]);
  });

  it('priority and assign touch only the items that differ', () => {
    expect(planPriority([item('1'), item('2', { priority: 'urgent' })], 'urgent')).toEqual([
      { type: 'item.update', key: 'x:1', priority: 'urgent' },
    ]);
    expect(planAssign([item('1', { assigneeId: 'm1' }), item('2')], 'm1')).toEqual([
      { type: 'item.update', key: 'x:2', assigneeId: 'm1' },
    ]);
    expect(planAssign([item('1', { assigneeId: 'm1' }), item('2')], null)).toEqual([
      { type: 'item.update', key: 'x:1', assigneeId: null },
    ]);
  });

  it('tag adds to the items that lack it; when all have it (any case), removes it', () => {
    const a = item('1', { tags: ['Refund'] });
    const b = item('2');
    expect(planTag([a, b], 'refund')).toEqual([{ type: 'item.update', key: 'x:2', addTags: ['refund'] }]);
    expect(allHaveTag([a], 'REFUND')).toBe(true);
    expect(planTag([a, item('3', { tags: ['refund', 'x'] })], 'Refund')).toEqual([
      { type: 'item.update', key: 'x:1', removeTags: ['Refund'] },
      { type: 'item.update', key: 'x:3', removeTags: ['refund'] },
    ]);
  });

  it('tagsInUse: most used first, one spelling per tag', () => {
    expect(
      tagsInUse([item('1', { tags: ['b', 'a'] }), item('2', { tags: ['B'] }), item('3', { tags: ['c'] })]),
    ).toEqual(['b', 'a', 'c']);
  });
});

describe('runUpdates', () => {
  it('sends every update and reports failures with the first reason', async () => {
    const ask = vi
      .fn()
      .mockResolvedValueOnce({ ok: true })
      .mockResolvedValueOnce({ ok: false, error: 'Not allowed' })
      .mockRejectedValueOnce(new Error('gone'));
    const r = await runUpdates(ask, planDone([item('1'), item('2'), item('3')]));
    expect(ask).toHaveBeenCalledTimes(3);
    expect(r).toEqual({ sent: 3, failed: 2, error: 'Not allowed' });
  });
});

import { describe, expect, it } from 'vitest';
import { initialListState, listReducer, targets, type ListAction, type ListState } from './list-state';

const KEYS = ['a', 'b', 'c', 'd', 'e'];
const run = (actions: ListAction[], state: ListState = initialListState) => actions.reduce(listReducer, state);
const sel = (s: ListState) => [...s.selected].sort();

describe('listReducer', () => {
  it('puts the cursor on the first row when the list arrives', () => {
    const s = run([{ type: 'sync', keys: KEYS }]);
    expect(s.cursor).toBe('a');
    expect(run([{ type: 'sync', keys: [] }]).cursor).toBeNull();
  });

  it('moves with j/k and stops at both ends', () => {
    let s = run([{ type: 'sync', keys: KEYS }]);
    s = run(
      [
        { type: 'move', delta: 1, keys: KEYS },
        { type: 'move', delta: 1, keys: KEYS },
      ],
      s,
    );
    expect(s.cursor).toBe('c');
    s = run(
      Array.from({ length: 9 }, () => ({ type: 'move', delta: 1, keys: KEYS }) as const),
      s,
    );
    expect(s.cursor).toBe('e');
    s = run(
      Array.from({ length: 9 }, () => ({ type: 'move', delta: -1, keys: KEYS }) as const),
      s,
    );
    expect(s.cursor).toBe('a');
    expect(run([{ type: 'moveTo', index: 99, keys: KEYS }], s).cursor).toBe('e');
  });

  it('the first j on a list without a cursor lands on the first row', () => {
    expect(run([{ type: 'move', delta: 1, keys: KEYS }]).cursor).toBe('a');
  });

  it('lands on the row that took its place when the cursor row leaves the list (done in a queue)', () => {
    let s = run([
      { type: 'sync', keys: KEYS },
      { type: 'moveTo', index: 2, keys: KEYS },
    ]);
    s = run([{ type: 'sync', keys: ['a', 'b', 'd', 'e'] }], s);
    expect(s.cursor).toBe('d');
    s = run([{ type: 'sync', keys: ['a', 'b'] }], s);
    expect(s.cursor).toBe('b');
    s = run([{ type: 'sync', keys: [] }], s);
    expect(s.cursor).toBeNull();
  });

  it('keeps its place when a new row arrives above', () => {
    let s = run([
      { type: 'sync', keys: KEYS },
      { type: 'moveTo', index: 1, keys: KEYS },
    ]);
    s = run([{ type: 'sync', keys: ['new', ...KEYS] }], s);
    expect(s.cursor).toBe('b');
    expect(s.cursorIndex).toBe(2);
  });

  it('returns the same state when a sync changes nothing (no re-render)', () => {
    const s = run([{ type: 'sync', keys: KEYS }]);
    expect(listReducer(s, { type: 'sync', keys: [...KEYS] })).toBe(s);
  });

  it('x toggles the cursor row; a click toggles a given row', () => {
    let s = run([
      { type: 'sync', keys: KEYS },
      { type: 'toggle', keys: KEYS },
      { type: 'move', delta: 1, keys: KEYS },
      { type: 'toggle', keys: KEYS },
      { type: 'toggle', key: 'e', keys: KEYS },
    ]);
    expect(sel(s)).toEqual(['a', 'b', 'e']);
    s = run([{ type: 'toggle', keys: KEYS }], s);
    expect(sel(s)).toEqual(['a', 'e']);
    expect(run([{ type: 'toggle', key: 'zz', keys: KEYS }], s)).toBe(s);
  });

  it('Shift+j/k extends a range from the anchor and shrinks it going back', () => {
    let s = run([
      { type: 'sync', keys: KEYS },
      { type: 'moveTo', index: 1, keys: KEYS },
      { type: 'extend', delta: 1, keys: KEYS },
      { type: 'extend', delta: 1, keys: KEYS },
    ]);
    expect(s.cursor).toBe('d');
    expect(sel(s)).toEqual(['b', 'c', 'd']);
    s = run([{ type: 'extend', delta: -1, keys: KEYS }], s);
    expect(sel(s)).toEqual(['b', 'c']);
    s = run(
      [
        { type: 'extend', delta: -1, keys: KEYS },
        { type: 'extend', delta: -1, keys: KEYS },
      ],
      s,
    );
    expect(s.cursor).toBe('a');
    expect(sel(s)).toEqual(['a', 'b']);
  });

  it('a new range keeps what was selected before it', () => {
    const s = run([
      { type: 'sync', keys: KEYS },
      { type: 'toggle', keys: KEYS }, // a
      { type: 'moveTo', index: 3, keys: KEYS },
      { type: 'extend', delta: 1, keys: KEYS }, // d..e
    ]);
    expect(sel(s)).toEqual(['a', 'd', 'e']);
  });

  it('drops selected rows that leave the list', () => {
    let s = run([
      { type: 'sync', keys: KEYS },
      { type: 'toggle', key: 'b', keys: KEYS },
      { type: 'toggle', key: 'c', keys: KEYS },
    ]);
    s = run([{ type: 'sync', keys: ['a', 'c', 'd'] }], s);
    expect(sel(s)).toEqual(['c']);
  });

  it('Escape closes an open picker first, then clears the selection', () => {
    let s = run([
      { type: 'sync', keys: KEYS },
      { type: 'toggle', key: 'b', keys: KEYS },
      { type: 'open', picker: 'tag', keys: KEYS },
    ]);
    expect(s.overlay).toEqual({ kind: 'tag', keys: ['b'] });
    s = run([{ type: 'escape' }], s);
    expect(s.overlay).toBeNull();
    expect(sel(s)).toEqual(['b']);
    s = run([{ type: 'escape' }], s);
    expect(sel(s)).toEqual([]);
    expect(run([{ type: 'escape' }], s)).toBe(s);
  });

  it('opens a picker for the selection in list order, else for the cursor row, never for nothing', () => {
    let s = run([
      { type: 'sync', keys: KEYS },
      { type: 'moveTo', index: 2, keys: KEYS },
      { type: 'open', picker: 'assign', keys: KEYS },
    ]);
    expect(s.overlay).toEqual({ kind: 'assign', keys: ['c'] });
    s = run(
      [
        { type: 'close' },
        { type: 'toggle', key: 'e', keys: KEYS },
        { type: 'toggle', key: 'a', keys: KEYS },
        { type: 'open', picker: 'priority', keys: KEYS },
      ],
      s,
    );
    expect(s.overlay).toEqual({ kind: 'priority', keys: ['a', 'e'] });
    expect(run([{ type: 'open', picker: 'tag', keys: [] }]).overlay).toBeNull();
  });

  it('? toggles the key list', () => {
    const s = run([{ type: 'help' }]);
    expect(s.overlay).toEqual({ kind: 'help' });
    expect(run([{ type: 'help' }], s).overlay).toBeNull();
  });

  it('targets: selection (in list order) over the cursor', () => {
    let s = run([
      { type: 'sync', keys: KEYS },
      { type: 'moveTo', index: 1, keys: KEYS },
    ]);
    expect(targets(s, KEYS)).toEqual(['b']);
    s = run(
      [
        { type: 'toggle', key: 'd', keys: KEYS },
        { type: 'toggle', key: 'a', keys: KEYS },
      ],
      s,
    );
    expect(targets(s, KEYS)).toEqual(['a', 'd']);
    expect(targets(initialListState, KEYS)).toEqual([]);
  });
});

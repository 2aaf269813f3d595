/**
 * The triage list's state: the cursor (the row the keys act on), the
 * selection (x, Shift+j/k) and which picker or sheet is open. A pure
 * reducer over the keys of the rows as shown, so it is tested without a DOM.
 *
 * When the list changes under the cursor (the item was marked done and left
 * the view), the cursor lands on the row that took its place, so `e e e`
 * works down a queue. The selection only ever holds rows that are shown.
 */

export type Picker = 'tag' | 'assign' | 'priority';

export type Overlay = null | { kind: Picker; keys: readonly string[] } | { kind: 'help' };

export interface ListState {
  cursor: string | null;
  /** Where the cursor was, to land on its neighbour when its row goes away. */
  cursorIndex: number;
  selected: ReadonlySet<string>;
  /** Where a Shift+j/k range started, and the selection before it. */
  anchor: { key: string; base: ReadonlySet<string> } | null;
  overlay: Overlay;
}

export type ListAction =
  | { type: 'sync'; keys: readonly string[] }
  | { type: 'move'; delta: number; keys: readonly string[] }
  | { type: 'moveTo'; index: number; keys: readonly string[] }
  | { type: 'extend'; delta: number; keys: readonly string[] }
  | { type: 'toggle'; key?: string; keys: readonly string[] }
  | { type: 'escape' }
  | { type: 'clearSelection' }
  | { type: 'open'; picker: Picker; keys: readonly string[] }
  | { type: 'help' }
  | { type: 'close' };

export const initialListState: ListState = {
  cursor: null,
  cursorIndex: 0,
  selected: new Set(),
  anchor: null,
  overlay: null,
};

const clamp = (n: number, len: number) => Math.min(Math.max(n, 0), Math.max(len - 1, 0));

function indexOfCursor(state: ListState, keys: readonly string[]): number {
  if (keys.length === 0) return -1;
  const at = state.cursor === null ? -1 : keys.indexOf(state.cursor);
  return at >= 0 ? at : clamp(state.cursorIndex, keys.length);
}

function at(state: ListState, index: number, keys: readonly string[]): ListState {
  if (keys.length === 0) return { ...state, cursor: null, cursorIndex: 0 };
  const i = clamp(index, keys.length);
  return { ...state, cursor: keys[i]!, cursorIndex: i };
}

/** The rows an action applies to: the selection in list order, else the cursor's row. */
export function targets(state: ListState, keys: readonly string[]): string[] {
  if (state.selected.size > 0) return keys.filter((k) => state.selected.has(k));
  return state.cursor !== null && keys.includes(state.cursor) ? [state.cursor] : [];
}

export function listReducer(state: ListState, action: ListAction): ListState {
  switch (action.type) {
    case 'sync': {
      const { keys } = action;
      const shown = new Set(keys);
      let selected = state.selected;
      if ([...selected].some((k) => !shown.has(k))) selected = new Set([...selected].filter((k) => shown.has(k)));
      const anchor = state.anchor && shown.has(state.anchor.key) ? state.anchor : null;
      const next = at({ ...state, selected, anchor }, indexOfCursor(state, keys), keys);
      return next.cursor === state.cursor &&
        next.cursorIndex === state.cursorIndex &&
        selected === state.selected &&
        anchor === state.anchor
        ? state
        : next;
    }
    case 'move': {
      const i = indexOfCursor(state, action.keys);
      const to = state.cursor === null || !action.keys.includes(state.cursor) ? i : i + action.delta;
      return at({ ...state, anchor: null }, to, action.keys);
    }
    case 'moveTo':
      return at({ ...state, anchor: null }, action.index, action.keys);
    case 'extend': {
      const { keys } = action;
      if (keys.length === 0) return state;
      const from = indexOfCursor(state, keys);
      const anchor = state.anchor ?? { key: keys[from]!, base: state.selected };
      const moved = at(state, from + action.delta, keys);
      const a = keys.indexOf(anchor.key);
      const [lo, hi] = a <= moved.cursorIndex ? [a, moved.cursorIndex] : [moved.cursorIndex, a];
      const selected = new Set(anchor.base);
      for (let i = lo; i <= hi; i++) selected.add(keys[i]!);
      return { ...moved, anchor, selected };
    }
    case 'toggle': {
      const key = action.key ?? state.cursor;
      if (key === null || !action.keys.includes(key)) return state;
      const selected = new Set(state.selected);
      if (selected.has(key)) selected.delete(key);
      else selected.add(key);
      return { ...state, selected, anchor: null };
    }
    case 'escape':
      if (state.overlay) return { ...state, overlay: null };
      if (state.selected.size > 0) return { ...state, selected: new Set(), anchor: null };
      return state;
    case 'clearSelection':
      return state.selected.size > 0 ? { ...state, selected: new Set(), anchor: null } : state;
    case 'open': {
      const keys = targets(state, action.keys);
      return keys.length ? { ...state, overlay: { kind: action.picker, keys } } : state;
    }
    case 'help':
      return { ...state, overlay: state.overlay?.kind === 'help' ? null : { kind: 'help' } };
    case 'close':
      return state.overlay ? { ...state, overlay: null } : state;
  }
}

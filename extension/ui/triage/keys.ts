/**
 * The side panel's keyboard map (DESIGN.md §8: every action has a key).
 * Pure: a key press in, a command out; the panel decides what it does.
 * Keys never fire while the person is typing in a field (see `isTypingTarget`).
 */

export type Command =
  | { type: 'move'; delta: 1 | -1 }
  | { type: 'extend'; delta: 1 | -1 }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'open' }
  | { type: 'reply' }
  | { type: 'done' }
  | { type: 'snooze' }
  | { type: 'priority' }
  | { type: 'assign' }
  | { type: 'tag' }
  | { type: 'select' }
  | { type: 'escape' }
  | { type: 'help' }
  | { type: 'search' }
  | { type: 'view'; index: number };

export interface KeyLike {
  key: string;
  shiftKey?: boolean;
  metaKey?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
}

/** The command a key press means in the list, or null (then the browser keeps the key). */
export function commandFor(e: KeyLike): Command | null {
  if (e.metaKey || e.ctrlKey || e.altKey) return null;
  const shift = !!e.shiftKey;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return shift ? { type: 'extend', delta: 1 } : { type: 'move', delta: 1 };
    case 'k':
    case 'ArrowUp':
      return shift ? { type: 'extend', delta: -1 } : { type: 'move', delta: -1 };
    case 'J':
      return { type: 'extend', delta: 1 };
    case 'K':
      return { type: 'extend', delta: -1 };
    case 'Home':
      return { type: 'first' };
    case 'End':
      return { type: 'last' };
    case 'Enter':
    case 'o':
      return { type: 'open' };
    case 'r':
      return { type: 'reply' };
    case 'e':
      return { type: 'done' };
    case 's':
      return { type: 'snooze' };
    case 'p':
      return { type: 'priority' };
    case 'a':
      return { type: 'assign' };
    case 't':
      return { type: 'tag' };
    case 'x':
      return { type: 'select' };
    case 'Escape':
      return { type: 'escape' };
    case '?':
      return { type: 'help' };
    case '/':
      return { type: 'search' };
    default:
      if (/^[1-9]$/.test(e.key)) return { type: 'view', index: Number(e.key) - 1 };
      return null;
  }
}

/** True when the key belongs to a field (typing) — or, for Enter and Space, to a button or link. */
export function isTypingTarget(target: EventTarget | null, key: string): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  return (key === 'Enter' || key === ' ') && (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY');
}

/** The key list `?` shows, in order: [keys, what they do (an i18n key)]. */
export const KEY_HELP = [
  ['j / k', 'sidepanelKeyMove'],
  ['⇧J / ⇧K', 'sidepanelKeyExtend'],
  ['x', 'sidepanelKeySelect'],
  ['Enter / o', 'sidepanelKeyOpen'],
  ['r', 'sidepanelKeyReply'],
  ['e', 'sidepanelKeyDone'],
  ['s', 'sidepanelKeySnooze'],
  ['p', 'sidepanelKeyPriority'],
  ['a', 'sidepanelKeyAssign'],
  ['t', 'sidepanelKeyTag'],
  ['/', 'sidepanelKeySearch'],
  ['1–9', 'sidepanelKeyView'],
  ['Esc', 'sidepanelKeyEscape'],
  ['?', 'sidepanelKeyHelp'],
] as const;

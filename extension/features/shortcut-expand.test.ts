// @vitest-environment happy-dom
/**
 * shortcut-expand in happy-dom with a fake `insert` (the real page-world
 * techniques and editor libraries are in test/e2e/shortcut-expand.test.ts):
 * when a token triggers, what is inserted, what is refused and said, what is
 * ignored, and what is put back when a replacement goes wrong.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Platform } from '../../shared/model';
import { DEFAULT_REPLY_SETTINGS, type SavedReply } from '../../shared/replies/saved-reply';
import type { TemplateContext } from '../../shared/replies/template';
import type { ReplyLibrary } from '../messaging/messages';
import type { EditorKind } from '../sites/types';
import { HOST_ITEM_ATTR } from './overlay-host';
import {
  missingMessage,
  SHORTCUT_WORDS,
  shortcutIndex,
  startShortcutExpansion,
  tokenAtEnd,
  triggers,
  type ShortcutExpanderOptions,
} from './shortcut-expand';

vi.mock('./support/words', async () => ({ i18n: (await import('../../test/support/en-words')).englishI18n }));

/* ------------------------------------------------------------------ fixtures */

function reply(shortcut: string, body: string, extra: Partial<SavedReply> = {}): SavedReply {
  return {
    id: `r-${shortcut}-${extra.scope ?? 'shared'}`,
    scope: 'shared',
    folder: '',
    title: `Reply ${shortcut}`,
    body,
    variants: {},
    tags: [],
    keywords: [],
    shortcut,
    ownerId: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: null,
    ...extra,
  };
}

function libraryOf(replies: SavedReply[]): ReplyLibrary {
  return { replies, usage: {}, recent: [], settings: DEFAULT_REPLY_SETTINGS, fetchedAt: null };
}

const SHIP = reply('ship', 'We ship in 2 days, {{author.first_name | friend}}.');
const SHIPPING = reply('shipping', 'Shipping is free over €50.');
const HELLO = reply('hello', 'Hi {{author.first_name}}, thanks for writing!');

const ANA: TemplateContext = { author: { name: 'Ana Lima', handle: 'ana' }, platform: 'Reddit' };

/* --------------------------------------------------------------------- setup */

const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  document.body.replaceChildren();
  vi.restoreAllMocks();
  delete (document as { execCommand?: unknown }).execCommand;
});

/** The fake insert: replaces the selection with the text, as the techniques do, and fires the editor's input. */
async function fakeInsert(editor: Element, _kind: EditorKind, text: string): Promise<boolean> {
  if (editor instanceof HTMLTextAreaElement || editor instanceof HTMLInputElement) {
    const at = editor.selectionStart ?? 0;
    editor.value = editor.value.slice(0, at) + text + editor.value.slice(editor.selectionEnd ?? at);
    editor.setSelectionRange(at + text.length, at + text.length);
  } else {
    const sel = document.getSelection()!;
    const range = sel.getRangeAt(0);
    range.deleteContents();
    const node = document.createTextNode(text);
    range.insertNode(node);
    sel.collapse(node, text.length);
  }
  editor.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: text, bubbles: true, composed: true }));
  return true;
}

interface Setup {
  notes: { editor: Element; message: string }[];
  expanded: { replyId: string; itemKey: string | null; platform: Platform }[];
  insert: ReturnType<typeof vi.fn<NonNullable<ShortcutExpanderOptions['insert']>>>;
  stop: () => void;
}

function start(
  replies: SavedReply[] | null,
  o: {
    platform?: Platform;
    ctx?: TemplateContext;
    kind?: (el: Element) => EditorKind | null;
    insert?: ShortcutExpanderOptions['insert'];
  } = {},
): Setup {
  const notes: Setup['notes'] = [];
  const expanded: Setup['expanded'] = [];
  const insert = vi.fn(o.insert ?? fakeInsert);
  const library = replies ? libraryOf(replies) : null;
  const stop = startShortcutExpansion({
    doc: document,
    library: () => library,
    editorKind: o.kind ?? ((el) => (el.localName === 'textarea' ? 'textarea' : 'lexical')),
    context: () => ({ ctx: o.ctx ?? ANA, platform: o.platform ?? 'reddit', itemKey: 'reddit:t1_abc' }),
    notify: (editor, message) => notes.push({ editor, message }),
    onExpanded: (info) => expanded.push(info),
    insert,
  });
  stops.push(stop);
  return { notes, expanded, insert, stop };
}

function textarea(value = ''): HTMLTextAreaElement {
  const el = document.createElement('textarea');
  document.body.append(el);
  el.value = value;
  el.focus();
  el.setSelectionRange(value.length, value.length);
  return el;
}

/** A contenteditable box with one paragraph per line; the caret at the end of the last. */
function editable(lines: string[] = [''], parent: ParentNode = document.body): HTMLDivElement {
  const el = document.createElement('div');
  el.setAttribute('contenteditable', 'true');
  for (const line of lines) {
    const p = document.createElement('p');
    p.append(document.createTextNode(line));
    el.append(p);
  }
  parent.append(el);
  el.focus();
  const last = el.lastElementChild!.firstChild as Text;
  document.getSelection()!.collapse(last, last.data.length);
  return el;
}

function inputEvent(type = 'insertText', data: string | null = null, init: InputEventInit = {}): InputEvent {
  return new InputEvent('input', { inputType: type, data, bubbles: true, composed: true, ...init });
}

/** Type characters the way a browser does: the text changes, the caret moves, then `input`. */
function type(el: HTMLElement, chars: string, init: InputEventInit = {}): void {
  for (const ch of chars) {
    if (el instanceof HTMLTextAreaElement) {
      // (happy-dom's setRangeText moves the caret to the end of the value)
      const at = el.selectionStart;
      el.value = el.value.slice(0, at) + ch + el.value.slice(el.selectionEnd);
      el.setSelectionRange(at + ch.length, at + ch.length);
    } else {
      const sel = document.getSelection()!;
      const node = sel.focusNode as Text;
      const at = sel.focusOffset;
      node.insertData(at, ch);
      sel.collapse(node, at + ch.length);
    }
    el.dispatchEvent(inputEvent('insertText', ch, init));
  }
}

const text = (el: HTMLElement) => (el instanceof HTMLTextAreaElement ? el.value : (el.textContent ?? ''));
const wait = (ms = 40) => new Promise((r) => setTimeout(r, ms));

/* --------------------------------------------------------------------- tokens */

describe('tokens', () => {
  it('reads `;name` right before the caret, after whitespace or at the start', () => {
    expect(tokenAtEnd(';ship')).toEqual({ name: 'ship', start: 0, end: 5, delimiter: null });
    expect(tokenAtEnd('Hi ;Ship')).toMatchObject({ name: 'ship', start: 3, end: 8 });
    expect(tokenAtEnd('Hi ;ship ')).toMatchObject({ name: 'ship', delimiter: ' ' });
    expect(tokenAtEnd('Hi ;ship,')).toMatchObject({ name: 'ship', delimiter: ',' });
    expect(tokenAtEnd('x\u00a0;eu-ship_2')).toMatchObject({ name: 'eu-ship_2' });
    expect(tokenAtEnd(';ship', () => ' ')).toMatchObject({ name: 'ship' });
  });

  it('never after a letter, a second `;`, or with nothing after the `;`', () => {
    expect(tokenAtEnd('a;ship')).toBeNull();
    expect(tokenAtEnd(';;ship')).toBeNull();
    expect(tokenAtEnd('http://x.test/;ship')).toBeNull();
    expect(tokenAtEnd(';ship', () => 'a')).toBeNull();
    expect(tokenAtEnd('; ')).toBeNull();
    expect(tokenAtEnd(';ship  ')).toBeNull();
    expect(tokenAtEnd(`;${'a'.repeat(33)}`)).toBeNull();
  });

  it('an unambiguous shortcut triggers at once; one another shortcut extends waits for a delimiter', () => {
    const index = shortcutIndex([SHIP, SHIPPING, HELLO]);
    expect(triggers(tokenAtEnd(';hello')!, index)).toBe(true);
    expect(triggers(tokenAtEnd(';hello ')!, index)).toBe(false);
    expect(triggers(tokenAtEnd(';ship')!, index)).toBe(false);
    expect(triggers(tokenAtEnd(';ship ')!, index)).toBe(true);
    expect(triggers(tokenAtEnd(';ship-')!, index)).toBe(false);
    expect(triggers(tokenAtEnd(';shipping')!, index)).toBe(true);
    expect(triggers(tokenAtEnd(';nope')!, index)).toBe(false);
  });
});

describe('messages', () => {
  it('says what is missing and where it would come from', () => {
    expect(missingMessage(';ship', ['author.first_name'])).toBe(
      "“;ship” needs the author's first name, which this page doesn't show — use Reply with… to edit it.",
    );
    expect(missingMessage(';x', ['author.first_name', 'post.excerpt', 'agent.first_name', 'brand'])).toBe(
      "“;x” needs the author's first name and the post's text, which this page doesn't show, and your name, " +
        "which Inlay doesn't know yet (pair this browser in Inlay's options), and the brand name, which isn't " +
        'set yet (Options → Saved replies → Team settings) — use Reply with… to edit it.',
    );
  });
});

/* ------------------------------------------------------------------ expansion */

describe('expansion in a textarea', () => {
  it('expands a shortcut at once, in place, filled from the page', async () => {
    const s = start([SHIP, HELLO]);
    const el = textarea('Thanks! ');
    type(el, ';hello');
    await vi.waitFor(() => expect(el.value).toBe('Thanks! Hi Ana, thanks for writing!'));
    expect(el.selectionStart).toBe(el.value.length);
    expect(s.insert).toHaveBeenCalledTimes(1);
    expect(s.insert.mock.calls[0]!.slice(1)).toEqual(['textarea', 'Hi Ana, thanks for writing!']);
    expect(s.expanded).toEqual([{ replyId: 'r-hello-shared', itemKey: 'reddit:t1_abc', platform: 'reddit' }]);
    expect(s.notes).toEqual([]);
  });

  it('replaces exactly the token, in the middle of the text, case-insensitively', async () => {
    start([HELLO]);
    const el = textarea('Dear  — bye');
    el.setSelectionRange(5, 5);
    type(el, ';HeLLo');
    await vi.waitFor(() => expect(el.value).toBe('Dear Hi Ana, thanks for writing! — bye'));
  });

  it('selects the token before inserting (the insert replaces the selection)', async () => {
    const seen: [number | null, number | null, string][] = [];
    start([HELLO], {
      insert: async (editor, kind, t) => {
        const ta = editor as HTMLTextAreaElement;
        seen.push([ta.selectionStart, ta.selectionEnd, ta.value.slice(ta.selectionStart, ta.selectionEnd)]);
        return fakeInsert(editor, kind, t);
      },
    });
    const el = textarea('Hi ');
    type(el, ';hello');
    await vi.waitFor(() => expect(seen).toEqual([[3, 9, ';hello']]));
  });

  it('waits while another shortcut extends the token, then expands on the space and keeps it', async () => {
    const s = start([SHIP, SHIPPING]);
    const el = textarea('Hi! ');
    type(el, ';ship');
    await wait();
    expect(el.value).toBe('Hi! ;ship');
    expect(s.insert).not.toHaveBeenCalled();
    type(el, ' ');
    await vi.waitFor(() => expect(el.value).toBe('Hi! We ship in 2 days, Ana. '));
    expect(el.selectionStart).toBe(el.value.length); // after the space the user typed
    expect(s.expanded).toHaveLength(1);
  });

  it('keeps punctuation typed after an ambiguous shortcut', async () => {
    start([SHIP, SHIPPING]);
    const el = textarea();
    type(el, ';ship.');
    await vi.waitFor(() => expect(el.value).toBe('We ship in 2 days, Ana..'));
  });

  it('expands the longer shortcut at once', async () => {
    const s = start([SHIP, SHIPPING]);
    const el = textarea();
    type(el, ';shipping');
    await vi.waitFor(() => expect(el.value).toBe('Shipping is free over €50.'));
    expect(s.expanded.map((e) => e.replyId)).toEqual(['r-shipping-shared']);
  });

  it('a shortcut after a letter, an unknown one or a `-` after an ambiguous one does nothing', async () => {
    const s = start([SHIP, SHIPPING, HELLO]);
    const el = textarea();
    type(el, 'a;hello b;ship ;nope ;ship-');
    await wait();
    expect(el.value).toBe('a;hello b;ship ;nope ;ship-');
    expect(s.insert).not.toHaveBeenCalled();
    expect(s.notes).toEqual([]);
  });

  it('an unambiguous shortcut does not expand again on the space after it', async () => {
    const s = start([HELLO], { ctx: { author: { name: null } } });
    const el = textarea();
    type(el, ';hello');
    await vi.waitFor(() => expect(s.notes).toHaveLength(1));
    type(el, ' ');
    await wait();
    expect(s.notes).toHaveLength(1);
  });

  it('uses the platform variant', async () => {
    start([reply('ship', 'Long version for everyone.', { variants: { x: 'Short X one.' } })], { platform: 'x' });
    const el = textarea();
    type(el, ';ship');
    await vi.waitFor(() => expect(el.value).toBe('Short X one.'));
  });

  it("prefers the member's personal reply over a shared one with the same shortcut", async () => {
    const shared = reply('ship', 'Team text.');
    const mine = reply('ship', 'My own text.', { scope: 'personal', ownerId: 'm1' });
    const s = start([shared, mine]);
    const el = textarea();
    type(el, ';ship');
    await vi.waitFor(() => expect(el.value).toBe('My own text.'));
    expect(s.expanded[0]!.replyId).toBe('r-ship-personal');
  });

  it('multi-line replies go to insert as they are (the techniques handle lines)', async () => {
    const s = start([reply('sig', 'Thanks,\nthe team')]);
    const el = textarea();
    type(el, ';sig');
    await vi.waitFor(() => expect(el.value).toBe('Thanks,\nthe team'));
    expect(s.insert.mock.calls[0]![2]).toBe('Thanks,\nthe team');
  });
});

describe('refusals', () => {
  it('a variable the page does not show: nothing is inserted, and the user is told in plain words', async () => {
    const s = start([HELLO], { ctx: { author: { name: null, handle: 'ana' } } });
    const el = textarea('Hey ');
    type(el, ';hello');
    await vi.waitFor(() => expect(s.notes).toHaveLength(1));
    expect(s.notes[0]).toEqual({
      editor: el,
      message: "“;hello” needs the author's first name, which this page doesn't show — use Reply with… to edit it.",
    });
    expect(el.value).toBe('Hey ;hello');
    expect(el.selectionStart).toBe(el.value.length);
    expect(s.insert).not.toHaveBeenCalled();
    expect(s.expanded).toEqual([]);
  });

  it('a fallback fills the gap instead', async () => {
    start([SHIP], { ctx: { author: {} } });
    const el = textarea();
    type(el, ';ship');
    await vi.waitFor(() => expect(el.value).toBe('We ship in 2 days, friend.'));
  });

  it('too long for the platform: not inserted, and the count is given', async () => {
    const s = start([reply('long', 'x'.repeat(300))], { platform: 'x' });
    const el = textarea();
    type(el, ';long');
    await vi.waitFor(() => expect(s.notes).toHaveLength(1));
    expect(s.notes[0]!.message).toBe(SHORTCUT_WORDS.tooLong(';long', 300, 280, 'X'));
    expect(s.notes[0]!.message).toMatch(/300 characters — X allows 280/);
    expect(el.value).toBe(';long');
    expect(s.insert).not.toHaveBeenCalled();
  });

  it('too long with what the box already holds: not inserted, with the total', async () => {
    const s = start([reply('tt', 'y'.repeat(100))], { platform: 'tiktok' });
    const el = textarea(`${'z'.repeat(60)} `);
    type(el, ';tt');
    await vi.waitFor(() => expect(s.notes).toHaveLength(1));
    expect(s.notes[0]!.message).toBe(SHORTCUT_WORDS.tooLongHere(';tt', 161, 150, 'TikTok'));
    expect(el.value).toBe(`${'z'.repeat(60)} ;tt`);
  });

  it('a broken template is not inserted', async () => {
    const s = start([reply('bad', 'Hi {{author.nickname}}!')]);
    const el = textarea();
    type(el, ';bad');
    await vi.waitFor(() => expect(s.notes).toHaveLength(1));
    expect(s.notes[0]!.message).toMatch(/^“;bad” can't be filled in: Unknown variable \{\{author.nickname\}\}/);
    expect(el.value).toBe(';bad');
  });
});

describe('what is ignored', () => {
  it("Inlay's own UI (inside an overlay host's shadow root)", async () => {
    const s = start([HELLO], { kind: () => 'textarea' });
    const host = document.createElement('div');
    host.setAttribute(HOST_ITEM_ATTR, 'reddit:t1_abc');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const el = document.createElement('textarea');
    root.append(el);
    el.focus();
    type(el, ';hello');
    await wait();
    expect(el.value).toBe(';hello');
    expect(s.insert).not.toHaveBeenCalled();
  });

  it('boxes the adapter does not recognise', async () => {
    const s = start([HELLO], { kind: () => null });
    const el = textarea();
    type(el, ';hello');
    await wait();
    expect(el.value).toBe(';hello');
    expect(s.insert).not.toHaveBeenCalled();
  });

  it('IME composition, and the input right after compositionend', async () => {
    const s = start([HELLO]);
    const el = textarea();
    type(el, ';hello', { isComposing: true });
    await wait();
    expect(s.insert).not.toHaveBeenCalled();

    el.value = '';
    el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, composed: true }));
    type(el, ';hello'); // an editor that fires plain input events during composition
    el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, composed: true, data: ';hello' }));
    el.dispatchEvent(inputEvent('insertText', ';hello'));
    await wait();
    expect(s.insert).not.toHaveBeenCalled();
    expect(el.value).toBe(';hello');
  });

  it('Enter, deletions, pastes and undo never trigger', async () => {
    const s = start([HELLO]);
    const el = textarea(';hello');
    for (const t of ['insertParagraph', 'insertLineBreak', 'deleteContentBackward', 'insertFromPaste', 'historyUndo']) {
      el.dispatchEvent(inputEvent(t));
    }
    await wait();
    expect(s.insert).not.toHaveBeenCalled();
  });

  it('a selection (not a caret) never triggers', async () => {
    const s = start([HELLO]);
    const el = textarea(';hello');
    el.setSelectionRange(0, 6);
    el.dispatchEvent(inputEvent('insertText', 'o'));
    await wait();
    expect(s.insert).not.toHaveBeenCalled();
  });

  it('nothing happens while the library is not loaded', async () => {
    const s = start(null);
    const el = textarea();
    type(el, ';hello');
    await wait();
    expect(s.insert).not.toHaveBeenCalled();
  });

  it('stop() removes the listeners and cancels a pending expansion', async () => {
    const a = start([HELLO]);
    const el = textarea();
    type(el, ';hello');
    a.stop(); // before the deferred check runs
    await wait();
    expect(el.value).toBe(';hello');
    el.value = '';
    type(el, ';hello');
    await wait();
    expect(el.value).toBe(';hello');
    expect(a.insert).not.toHaveBeenCalled();
  });

  it("the expansion's own input events and more typing during it expand nothing more; onExpanded once", async () => {
    const s = start([HELLO, reply('x2', 'never')], {
      insert: async (editor, kind, t) => {
        // The technique fires input (like LinkedIn's message box), and the text itself ends like a shortcut.
        editor.dispatchEvent(inputEvent('', null));
        const ok = await fakeInsert(editor, kind, `${t} ;x2`);
        editor.dispatchEvent(inputEvent('insertText', ';x2'));
        return ok;
      },
    });
    const el = textarea();
    type(el, ';hello');
    await vi.waitFor(() => expect(el.value).toBe('Hi Ana, thanks for writing! ;x2'));
    await wait(100);
    expect(s.insert).toHaveBeenCalledTimes(1);
    expect(s.expanded).toHaveLength(1);
    expect(el.value).toBe('Hi Ana, thanks for writing! ;x2');
  });
});

describe('failed replacements are put back', () => {
  it('insert did nothing: the text stays as typed, the caret where it was, and the user is told', async () => {
    const s = start([HELLO], { insert: async () => false });
    const el = textarea('Hi ');
    type(el, ';hello');
    await vi.waitFor(() => expect(s.notes).toHaveLength(1));
    expect(s.notes[0]!.message).toBe(SHORTCUT_WORDS.notInserted(';hello'));
    expect(el.value).toBe('Hi ;hello');
    expect([el.selectionStart, el.selectionEnd]).toEqual([9, 9]);
    expect(s.expanded).toEqual([]);
  });

  it('half a replacement (the text added, the token kept) in a textarea is undone', async () => {
    const s = start([HELLO], {
      insert: async (editor) => {
        const ta = editor as HTMLTextAreaElement;
        ta.value += ' stray';
        return true;
      },
    });
    const el = textarea('Hi ');
    type(el, ';hello');
    await vi.waitFor(() => expect(s.notes).toHaveLength(1));
    expect(el.value).toBe('Hi ;hello');
    expect(el.selectionStart).toBe(9);
    expect(s.notes[0]!.message).toBe(SHORTCUT_WORDS.notInserted(';hello'));
    expect(s.expanded).toEqual([]);
  });

  it('half a replacement in a contenteditable is undone with the browser edit', async () => {
    // happy-dom has no execCommand: this stand-in edits the selection as the browser would.
    const calls: string[] = [];
    (document as { execCommand?: unknown }).execCommand = (command: string, _ui: boolean, value?: string) => {
      calls.push(command);
      const sel = document.getSelection()!;
      const range = sel.getRangeAt(0);
      range.deleteContents();
      if (command === 'insertText' && value) range.insertNode(document.createTextNode(value));
      return true;
    };
    const s = start([HELLO], {
      insert: async (editor) => {
        // The token stays; the text lands in a new paragraph (half a replacement).
        const p = document.createElement('p');
        p.textContent = 'Hi Ana, thanks for writing!';
        editor.append(p);
        return true;
      },
    });
    const el = editable(['Hello ']);
    type(el, ';hello');
    await vi.waitFor(() => expect(s.notes).toHaveLength(1));
    expect(calls).toEqual(['delete']);
    expect(el.textContent).toBe('Hello ;hello');
    expect(s.notes[0]!.message).toBe(SHORTCUT_WORDS.notInserted(';hello'));
  });

  it('when it cannot be put back, the user is told to check the box', async () => {
    const s = start([HELLO], {
      insert: async (editor) => {
        editor.append(document.createTextNode(' stray'));
        return true;
      },
    });
    const el = editable(['']);
    type(el, ';hello');
    await vi.waitFor(() => expect(s.notes).toHaveLength(1));
    expect(s.notes[0]!.message).toBe(SHORTCUT_WORDS.notRestored(';hello'));
  });
});

describe('expansion in a contenteditable', () => {
  it('replaces the token in its text node, filled from the page', async () => {
    const s = start([HELLO]);
    const el = editable(['Dear team, ']);
    type(el, ';hello');
    await vi.waitFor(() => expect(text(el)).toBe('Dear team, Hi Ana, thanks for writing!'));
    expect(s.insert.mock.calls[0]![1]).toBe('lexical');
    expect(s.expanded).toHaveLength(1);
  });

  it('selects exactly the token as a DOM range before inserting', async () => {
    const seen: string[] = [];
    start([HELLO], {
      insert: async (editor, kind, t) => {
        seen.push(document.getSelection()!.toString());
        return fakeInsert(editor, kind, t);
      },
    });
    const el = editable(['Dear team, ']);
    type(el, ';hello');
    await vi.waitFor(() => expect(seen).toEqual([';hello']));
  });

  it('at the start of a new paragraph, but not right after a word in another inline node', async () => {
    const s = start([HELLO]);
    const el = editable(['First line', '']);
    type(el, ';hello');
    await vi.waitFor(() => expect(text(el)).toBe('First lineHi Ana, thanks for writing!'));
    expect(el.lastElementChild!.textContent).toBe('Hi Ana, thanks for writing!');

    const box = document.createElement('div');
    box.setAttribute('contenteditable', 'true');
    const word = document.createElement('span');
    word.textContent = 'bold';
    const rest = document.createElement('span');
    rest.append(document.createTextNode(''));
    box.append(word, rest);
    document.body.append(box);
    box.focus();
    document.getSelection()!.collapse(rest.firstChild!, 0);
    type(box, ';hello');
    await wait();
    expect(box.textContent).toBe('bold;hello');
    expect(s.insert).toHaveBeenCalledTimes(1);
  });

  it('waits on an ambiguous shortcut and keeps the space, with the caret after it', async () => {
    start([SHIP, SHIPPING]);
    const el = editable(['Hi ']);
    type(el, ';ship');
    await wait();
    expect(text(el)).toBe('Hi ;ship');
    type(el, ' ');
    await vi.waitFor(() => expect(text(el)).toBe('Hi We ship in 2 days, Ana. '));
    const sel = document.getSelection()!;
    const range = document.createRange();
    range.selectNodeContents(el);
    range.setEnd(sel.focusNode!, sel.focusOffset);
    expect(range.toString()).toBe('Hi We ship in 2 days, Ana. ');
  });

  it('an editor inside a page shadow root (YouTube-like) expands; only Inlay hosts are skipped', async () => {
    start([HELLO]);
    const host = document.createElement('ytd-commentbox');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const el = editable([''], root);
    type(el, ';hello');
    await vi.waitFor(() => expect(text(el)).toBe('Hi Ana, thanks for writing!'));
  });

  it('nested contenteditable: the outermost host is the editor', async () => {
    const kinds: Element[] = [];
    start([HELLO], {
      kind: (el) => {
        kinds.push(el);
        return 'prosemirror';
      },
    });
    const outer = editable(['']);
    const inner = document.createElement('span');
    inner.setAttribute('contenteditable', 'true');
    inner.append(document.createTextNode(''));
    outer.firstElementChild!.append(inner);
    document.getSelection()!.collapse(inner.firstChild!, 0);
    type(outer, ';hello');
    await vi.waitFor(() => expect(text(outer)).toBe('Hi Ana, thanks for writing!'));
    expect(kinds[0]).toBe(outer);
  });
});

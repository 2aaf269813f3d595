/**
 * shortcut-expand: typing a saved reply's shortcut (`;ship`) in one of the
 * site's own reply boxes replaces it, in place, with the reply's text, filled
 * from the page. The site's editor takes the text as its own (the same page-
 * world techniques as reply-insert); nothing is ever sent.
 *
 * What triggers (the rules of TextExpander / Gorgias / Front, made explicit):
 *   - A token is `;` + 1–32 letters, digits, `_` or `-`, right before the
 *     caret, at the start of the text or after whitespace (`a;ship`,
 *     `;;ship`, `http://x;ship` never trigger). Case does not matter
 *     (`;Ship` is `;ship`, as the library stores shortcuts lower case, NFC).
 *   - Immediately, when the token is exactly a known shortcut and no other
 *     known shortcut starts with it.
 *   - When another shortcut extends it (`;ship` and `;shipping`), on the next
 *     space or punctuation typed right after it (`;ship ` `;ship,`); the
 *     delimiter stays after the inserted text and the caret goes after it, as
 *     the user typed it. `_` and `-` are shortcut letters, not delimiters.
 *   - Only typing triggers: `input` events whose inputType is an insertion of
 *     text (`insertText`, `insertReplacementText`) or that carry none (a
 *     site's synthetic `input`). Deleting back to a shortcut, pasting,
 *     dropping, undo/redo, Enter (`insertParagraph`/`insertLineBreak`: Enter
 *     sends on many DM boxes) and IME composition (`isComposing`, and the
 *     event right after `compositionend`) never do. No keydown is observed
 *     or intercepted.
 *   - Only in the site's reply boxes (`editorKind` says which), never in
 *     Inlay's own UI (inside an overlay host, `[data-inlay-item]`).
 *   - The caret must be collapsed (no selection) and the token within one
 *     text node (editors keep a typed word in one).
 *
 * When it triggers, after the editor has applied the keystroke (two task
 * turns: Draft, Lexical and React update in a microtask or the next task),
 * the token is read again and the reply chosen (`replyForShortcut`: the
 * member's personal reply wins over a shared one), its body for the platform
 * (`bodyFor`) filled with `renderTemplate`. It does NOT expand, and says why
 * with `notify`, when
 *   - a variable has no value and no fallback (never inserted raw or blank):
 *     "“;ship” needs the author's first name, which this page doesn't show —
 *     use Reply with… to edit it.";
 *   - the template is broken (an unknown variable, an unclosed brace);
 *   - the reply, or the box's text with the token replaced by it, is longer
 *     than the platform allows (`checkLimit`), with the count.
 * Nothing is typed over in those cases: the token stays as typed.
 *
 * Expansion:
 *   1. Select exactly the token (textarea: `setSelectionRange`;
 *      contenteditable: a DOM Range over the token in its text node, as the
 *      selection of the editor's root, shadow roots included).
 *   2. `insert` the text there with `where: 'cursor'`. Default: text controls
 *      first get the browser's own `execCommand('insertText')` from this
 *      world (a trusted edit React reads as typing, and the only way a
 *      textarea keeps Ctrl+Z: the technique's `setRangeText` is not undoable);
 *      everything else, and a text control that refused, goes through the
 *      page bridge to the page-world techniques exactly as reply-insert does,
 *      with the same local fallback when no page-world script takes the
 *      request. `prepareCaret(el, 'cursor')` keeps a selection that is inside
 *      the editor, so every technique REPLACES the selected token: the
 *      browser's insertText, Draft's and ProseMirror's paste handlers,
 *      Lexical's controlled insertion, Quill's `deleteText` + `insertText`
 *      (the technique reads Quill's range, length included) and `setRangeText`
 *      over selectionStart…selectionEnd. Those keep each editor's own undo
 *      (the browser's stack, Draft's, or the Lexical/ProseMirror/Quill
 *      history module where the site loads one): Ctrl+Z gives `;ship` back.
 *   3. Verify from this world, for up to `VERIFY_MS`: one more copy of the
 *      text than before and one fewer token (compared with `compact`, so
 *      NBSPs and block breaks do not matter). On success the caret moves past
 *      a kept delimiter and `onExpanded` is called once.
 *   4. Otherwise put back what the user typed: nothing changed → the caret
 *      goes back where it was; something changed (half a replacement) → the
 *      smallest changed stretch is selected and the typed text put back: a
 *      cancelable `beforeinput` first (Lexical edits its model on it; the
 *      browser's own edit fires none, and Lexical restores blocks removed
 *      behind its back), else the browser's own edit (Draft, Quill,
 *      ProseMirror, Polymer, LinkedIn read it from the DOM; a text control
 *      that refuses gets its value back through the prototype setter, which
 *      React reads as input). This runs in this world: the bridge carries
 *      insertions only. Then `notify`: "Couldn't expand … your text is as
 *      you typed it", or, if even that did not restore it, to check the box.
 *
 * Rate: one expansion in flight per editor; every `input` event in that
 * editor while it runs (and for `GRACE_MS` after, for the techniques' own
 * late events) is ignored. Text is plain text only; multi-line replies use
 * the techniques' own line handling.
 *
 * Limits, on purpose: a key pressed while an expansion is in flight (tens of
 * milliseconds) lands where the browser puts it — over the selected token,
 * or Enter sending the box as it is — because keydown is never intercepted;
 * a keystroke the editor inserts itself with the native insertion prevented
 * fires no `input`, so a shortcut whose last letter is typed that way waits
 * for the next keystroke (ambiguous ones) or does not expand.
 *
 * Strings: extension/locales/en.yml (`overlayShortcut*`), through `SHORTCUT_WORDS`.
 */
import { listInWords, PLATFORM_NAMES } from '../../shared/permissions';
import type { Platform } from '../../shared/model';
import { bodyFor, SHORTCUT_PREFIX, type SavedReply } from '../../shared/replies/saved-reply';
import { replyForShortcut } from '../../shared/replies/suggest';
import { checkLimit, renderTemplate, type TemplateContext, type VariableName } from '../../shared/replies/template';
import type { ReplyLibrary } from '../messaging/messages';
import {
  compact,
  dispatchBeforeInput,
  editorAnchors,
  editorText,
  insertWithTechnique,
  isTextControl,
  landedCount,
  liveEditor,
  type Where,
} from '../page-world/insert-techniques';
import type { EditorKind } from '../sites/types';
import { HOST_ITEM_ATTR } from './overlay-host';
import { needsMember, pageVariableWords } from './support/missing-words';
import { createPageBridge } from './support/page-bridge';
import { i18n } from './support/words';

export const FEATURE_ID = 'shortcut-expand';

export interface ShortcutExpanderOptions {
  doc: Document;
  /** Current library, or null while not loaded. */
  library: () => ReplyLibrary | null;
  /** Is this editable element one of the site's reply boxes? Its editor kind, or null to ignore it. */
  editorKind: (el: Element) => EditorKind | null;
  /** Variables for a reply typed in this editor: the item it answers, platform, member, brand. */
  context: (editor: Element) => { ctx: TemplateContext; platform: Platform; itemKey: string | null };
  /** Tell the user something near the editor (missing variable, too long, not inserted). */
  notify: (editor: Element, message: string) => void;
  /** A shortcut was expanded with this reply in this editor. */
  onExpanded: (info: { replyId: string; itemKey: string | null; platform: Platform }) => void;
  /** Insert technique (tests replace it); default goes through the page bridge like reply-insert. */
  insert?: (editor: Element, kind: EditorKind, text: string) => Promise<boolean>;
}

/** How long the site gets to show the text after `insert` resolves. */
const VERIFY_MS = 800;
/** Input events this long after an expansion ends are still the expansion's own. */
const GRACE_MS = 50;
const MAX_SHORTCUT = 32;
/** How far back from the caret a token is looked for: the longest shortcut, a delimiter, and room for marks. */
const LOOK_BACK = MAX_SHORTCUT * 2 + 4;

/* --------------------------------------------------------------------- words */

/** What the user is told, in plain words (extension/locales/en.yml, `overlayShortcut*`). */
export const SHORTCUT_WORDS = {
  missing: (shortcut: string, needs: string) => i18n.t('overlayShortcutNeeds', [shortcut, needs]),
  fromPage: (what: string) => i18n.t('overlayShortcutFromPage', [what]),
  fromMember: () => i18n.t('overlayShortcutFromMember'),
  fromSettings: () => i18n.t('overlayShortcutFromSettings'),
  broken: (shortcut: string, problem: string) => i18n.t('overlayShortcutBroken', [shortcut, problem]),
  empty: (shortcut: string) => i18n.t('overlayShortcutEmpty', [shortcut]),
  tooLong: (shortcut: string, length: number, limit: number, site: string) =>
    i18n.t('overlayShortcutTooLong', [shortcut, String(length), site, String(limit)]),
  tooLongHere: (shortcut: string, length: number, limit: number, site: string) =>
    i18n.t('overlayShortcutTooLongHere', [shortcut, String(length), site, String(limit)]),
  notInserted: (shortcut: string) => i18n.t('overlayShortcutNotInserted', [shortcut]),
  notRestored: (shortcut: string) => i18n.t('overlayShortcutNotRestored', [shortcut]),
};

/** Why a reply cannot be filled, in the user's words: what is missing and where it would come from. */
export function missingMessage(shortcut: string, missing: readonly VariableName[]): string {
  const parts: string[] = [];
  const page = pageVariableWords(missing);
  if (page.length) parts.push(SHORTCUT_WORDS.fromPage(listInWords(page)));
  if (needsMember(missing)) parts.push(SHORTCUT_WORDS.fromMember());
  if (missing.includes('brand')) parts.push(SHORTCUT_WORDS.fromSettings());
  return SHORTCUT_WORDS.missing(shortcut, parts.join(', and '));
}

/* -------------------------------------------------------------------- tokens */

/** `;name` at the end, optionally followed by one delimiter (whitespace, or punctuation other than `_` and `-`). */
const TOKEN_AT_END = /;([\p{L}\p{N}\p{M}_-]+)([\s\u00a0\u3000]|[^\P{P}_-])?$/u;
/** What may stand right before the `;`: whitespace, or the zero-width characters editors keep as placeholders. */
const BOUNDARY = /[\s\u00a0\u200b-\u200d\u2060\ufeff]/u;

export interface TokenMatch {
  /** The shortcut as the library stores it (no `;`, lower case, NFC). */
  name: string;
  /** Where `;` is, and where the token ends (before any delimiter), in the searched text. */
  start: number;
  end: number;
  /** The space or punctuation typed after the token, or null. */
  delimiter: string | null;
}

export function normaliseShortcut(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * The token ending `before` (the text right before the caret). When the `;`
 * is the first character of `before`, `charBefore` says what stands before
 * it: a character, or null at the start of the text (or of a line).
 */
export function tokenAtEnd(before: string, charBefore: () => string | null = () => null): TokenMatch | null {
  const m = TOKEN_AT_END.exec(before);
  if (!m) return null;
  const raw = m[1]!;
  if ([...raw].length > MAX_SHORTCUT) return null;
  const start = m.index;
  const prev = start > 0 ? before[start - 1]! : charBefore();
  if (prev !== null && !BOUNDARY.test(prev)) return null;
  return { name: normaliseShortcut(raw), start, end: start + 1 + raw.length, delimiter: m[2] ?? null };
}

export interface ShortcutIndex {
  has(name: string): boolean;
  /** Does another known shortcut start with `name` (so `name` waits for a delimiter)? */
  extended(name: string): boolean;
}

const indexCache = new WeakMap<readonly SavedReply[], ShortcutIndex>();

export function shortcutIndex(replies: readonly SavedReply[]): ShortcutIndex {
  const cached = indexCache.get(replies);
  if (cached) return cached;
  const names = new Set<string>();
  for (const r of replies) if (r.shortcut) names.add(normaliseShortcut(r.shortcut));
  const extendedSet = new Set<string>();
  for (const a of names) for (const b of names) if (a !== b && b.startsWith(a)) extendedSet.add(a);
  const index: ShortcutIndex = { has: (n) => names.has(n), extended: (n) => extendedSet.has(n) };
  indexCache.set(replies, index);
  return index;
}

/** Does this token, as typed, expand now? */
export function triggers(token: TokenMatch, index: ShortcutIndex): boolean {
  if (!index.has(token.name)) return false;
  // Unambiguous: at once, never again on the delimiter (a declined one must not re-notify on the next space).
  return token.delimiter === null ? !index.extended(token.name) : index.extended(token.name);
}

/* ----------------------------------------------------------------- DOM helpers */

const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'email', 'url', 'tel']);
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'td', 'th', 'tr', 'ul',
]); // prettier-ignore
const OPAQUE_TAGS = new Set(['img', 'input', 'textarea', 'select', 'video', 'audio', 'canvas', 'svg', 'iframe', 'object']); // prettier-ignore

const isElement = (n: Node | null | undefined): n is Element => !!n && n.nodeType === 1;
const isText = (n: Node | null | undefined): n is Text => !!n && n.nodeType === 3;

function editableAttr(el: Element): boolean {
  const v = el.getAttribute('contenteditable');
  return v === '' || v === 'true' || v === 'plaintext-only';
}

function textLike(el: HTMLTextAreaElement | HTMLInputElement): boolean {
  if (el.localName === 'textarea') return true;
  return TEXT_INPUT_TYPES.has((el.getAttribute('type') ?? '').toLowerCase());
}

/** The editable element an event target belongs to: a text control, or the outermost contenteditable host. */
export function editableRoot(target: EventTarget | null): Element | null {
  const node = target as Node | null;
  const el = isElement(node) ? node : (node?.parentElement ?? null);
  if (!el) return null;
  if (isTextControl(el)) return textLike(el) && !el.disabled && !el.readOnly ? el : null;
  let host: Element | null = null;
  for (let cur = el.closest('[contenteditable]'); cur && editableAttr(cur);) {
    host = cur;
    cur = cur.parentElement?.closest('[contenteditable]') ?? null;
  }
  return host;
}

/** Is `el` (or the event's path) inside Inlay's own UI: an overlay host, crossing shadow roots? */
function insideInlay(el: Element, path: readonly EventTarget[]): boolean {
  if (path.some((n) => isElement(n as Node) && (n as Element).hasAttribute(HOST_ITEM_ATTR))) return true;
  for (let cur: Element | null = el; cur;) {
    if (cur.hasAttribute(HOST_ITEM_ATTR)) return true;
    const up: Element | null = cur.parentElement;
    if (up) cur = up;
    else {
      const root = cur.getRootNode() as ShadowRoot | Document;
      cur = 'host' in root && isElement(root.host) ? root.host : null;
    }
  }
  return false;
}

type SelectionRoot = (Document | ShadowRoot) & { getSelection?: () => Selection | null };

/** The selection that covers `el`: its shadow root's own (Chromium), else the document's. */
function selectionOf(el: Element): Selection | null {
  const root = el.getRootNode() as SelectionRoot;
  if (root !== el.ownerDocument && typeof root.getSelection === 'function') return root.getSelection();
  return el.ownerDocument.getSelection();
}

/** The deepest last text node of `node` (itself when it is text). */
function lastText(node: Node | null): Text | null {
  for (let n = node; n; n = n.lastChild) if (isText(n)) return n;
  return null;
}

/** The collapsed caret inside `editor`, as a text node and an offset in it. */
function caretIn(editor: Element): { node: Text; offset: number } | null {
  const sel = selectionOf(editor);
  if (!sel || sel.rangeCount === 0 || !sel.isCollapsed) return null;
  const focus = sel.focusNode;
  if (!focus || !editor.contains(focus)) return null;
  if (isText(focus)) return { node: focus, offset: sel.focusOffset };
  // Caret between children (after a re-render): the end of the text just before it.
  const child = focus.childNodes[sel.focusOffset - 1] ?? null;
  const text = lastText(child);
  return text && editor.contains(text) ? { node: text, offset: text.data.length } : null;
}

/**
 * The character before the start of `node` in the editor as the user sees
 * it: null at the start of the text or of a block (a line break counts as
 * whitespace), '' for an image or other opaque element.
 */
function charBeforeNode(editor: Element, node: Text): string | null {
  const doc = editor.ownerDocument;
  const walker = doc.createTreeWalker(editor, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */);
  walker.currentNode = node;
  for (let n = walker.previousNode(); n && n !== editor; n = walker.previousNode()) {
    if (isText(n)) {
      if (n.data === '') continue;
      return n.data[n.data.length - 1]!;
    }
    const el = n as Element;
    const tag = el.localName;
    if (tag === 'br' || BLOCK_TAGS.has(tag)) return null; // start of a line or block (an ancestor, or a previous block)
    if (OPAQUE_TAGS.has(tag)) return '';
  }
  return null;
}

interface Found {
  token: TokenMatch;
  /** Select exactly the token. */
  select(): boolean;
  /** Put the caret back where the user had it. */
  restoreCaret(): void;
}

/** The trigger right before the caret in `editor`, if the text there is a shortcut token. */
function findToken(editor: Element): Found | null {
  if (isTextControl(editor)) {
    const caret = editor.selectionStart;
    if (caret === null || caret !== editor.selectionEnd) return null;
    const from = Math.max(0, caret - LOOK_BACK);
    const value = editor.value;
    const token = tokenAtEnd(value.slice(from, caret), () => (from > 0 ? value[from - 1]! : null));
    if (!token) return null;
    const start = from + token.start;
    const end = from + token.end;
    return {
      token,
      select: () => {
        editor.setSelectionRange(start, end);
        return editor.selectionStart === start && editor.selectionEnd === end;
      },
      restoreCaret: () => editor.setSelectionRange(caret, caret),
    };
  }
  const caret = caretIn(editor);
  if (!caret) return null;
  const { node, offset } = caret;
  const from = Math.max(0, offset - LOOK_BACK);
  const found = tokenAtEnd(node.data.slice(from, offset), () =>
    from > 0 ? node.data[from - 1]! : charBeforeNode(editor, node),
  );
  if (!found) return null;
  const token = { ...found, start: from + found.start, end: from + found.end };
  return {
    token,
    select: () => {
      const sel = selectionOf(editor);
      const typed = node.data.slice(token.start + 1, token.end);
      if (!sel || !node.isConnected || normaliseShortcut(typed) !== token.name) return false;
      sel.setBaseAndExtent(node, token.start, node, token.end);
      return sel.anchorNode === node && sel.focusNode === node && !sel.isCollapsed;
    },
    restoreCaret: () => {
      if (!node.isConnected) return;
      selectionOf(editor)?.collapse(node, Math.min(offset, node.data.length));
    },
  };
}

/** Every text node's data, in order: the DOM's own text, so offsets map back to nodes. */
function flatText(el: Element): string {
  return el.textContent ?? '';
}

/** The text node and offset at flat offset `at` in `el`. */
function positionAt(el: Element, at: number): { node: Node; offset: number } {
  const walker = el.ownerDocument.createTreeWalker(el, 0x4 /* SHOW_TEXT */);
  let seen = 0;
  let last: Text | null = null;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    if (at <= seen + n.data.length) return { node: n, offset: at - seen };
    seen += n.data.length;
    last = n;
  }
  return last ? { node: last, offset: last.data.length } : { node: el, offset: el.childNodes.length };
}

function occurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Token gone and text there: exactly one replacement happened. */
function replaced(before: string, after: string, token: string, text: string): boolean {
  const t = compact(token).toLowerCase();
  const tokensBefore = occurrences(compact(before).toLowerCase(), t);
  const tokensAfter = occurrences(compact(after).toLowerCase(), t);
  const inText = occurrences(compact(text).toLowerCase(), t);
  return landedCount(before, after, text) >= 1 && tokensAfter === tokensBefore - 1 + inText;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Two task turns: editors apply a keystroke or a selection change in a microtask, a render or the next task. */
async function settle(): Promise<void> {
  await delay(0);
  await delay(0);
}

async function waitUntil(check: () => boolean, ms: number, every = 30): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (check()) return true;
    if (Date.now() >= deadline) return false;
    await delay(every);
  }
}

function exec(doc: Document, command: 'insertText' | 'delete', value?: string): boolean {
  try {
    // Deprecated, and still the one way to make the browser itself edit (trusted input, on the undo stack).
    return typeof doc.execCommand === 'function' && doc.execCommand(command, false, value);
  } catch {
    return false;
  }
}

/** The prototype's value setter and an input event: React's tracker reads it as the user's edit. */
function setControlValue(el: HTMLTextAreaElement | HTMLInputElement, value: string): void {
  const view = el.ownerDocument.defaultView;
  const proto = el.localName === 'textarea' ? view?.HTMLTextAreaElement.prototype : view?.HTMLInputElement.prototype;
  const setter = proto ? Object.getOwnPropertyDescriptor(proto, 'value')?.set : undefined;
  if (setter) setter.call(el, value);
  else el.value = value;
  el.dispatchEvent(new InputEvent('input', { inputType: 'insertReplacementText', bubbles: true, composed: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The changed stretch between two strings: common prefix length and the end of the change in each. */
function changedStretch(before: string, after: string): { start: number; beforeEnd: number; afterEnd: number } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let b = before.length;
  let a = after.length;
  while (b > start && a > start && before[b - 1] === after[a - 1]) {
    b--;
    a--;
  }
  return { start, beforeEnd: b, afterEnd: a };
}

interface Snapshot {
  /** Text control: its value; contenteditable: its DOM text. */
  raw: string;
  /** Where the caret was, in `raw`. */
  caret: number;
}

function snapshot(editor: Element): Snapshot {
  const raw = isTextControl(editor) ? editor.value : flatText(editor);
  let caret = raw.length;
  if (isTextControl(editor)) caret = editor.selectionEnd ?? caret;
  else {
    const at = caretIn(editor);
    if (at) {
      const range = editor.ownerDocument.createRange();
      range.selectNodeContents(editor);
      range.setEnd(at.node, at.offset);
      caret = range.toString().length;
    }
  }
  return { raw, caret };
}

/**
 * Put back what the user typed after a failed replacement: the smallest
 * changed stretch is selected and replaced by what stood there (a cancelable
 * `beforeinput` for editors that keep their own model, else the browser's own
 * edit); a text control that refuses gets its whole value back through the
 * prototype setter. True when the box holds exactly its old text again; then
 * the caret goes back where it was.
 */
async function restore(editor: Element, anchors: readonly Element[], snap: Snapshot): Promise<boolean> {
  const live = liveEditor(editor, anchors);
  if (!live) return false;
  const doc = live.ownerDocument;
  const current = () => (isTextControl(live) ? live.value : flatText(live));
  const caretBack = () => {
    if (isTextControl(live)) live.setSelectionRange(snap.caret, snap.caret);
    else {
      const { node, offset } = positionAt(live, snap.caret);
      selectionOf(live)?.collapse(node, offset);
    }
  };
  if (current() !== snap.raw) {
    const { start, beforeEnd, afterEnd } = changedStretch(snap.raw, current());
    const original = snap.raw.slice(start, beforeEnd);
    (live as HTMLElement).focus();
    if (isTextControl(live)) live.setSelectionRange(start, afterEnd);
    else {
      const from = positionAt(live, start);
      const to = positionAt(live, afterEnd);
      selectionOf(live)?.setBaseAndExtent(from.node, from.offset, to.node, to.offset);
    }
    await settle(); // the editor reads the new selection on selectionchange
    // A model-driven editor (Lexical) takes a cancelable beforeinput and edits its own model (the browser's own
    // edit fires no beforeinput, and Lexical puts back blocks removed behind its back); the others ignore it
    // and take the browser's own edit, which they read from the DOM.
    const taken =
      !isTextControl(live) &&
      dispatchBeforeInput(
        live,
        original ? { inputType: 'insertText', data: original } : { inputType: 'deleteContentBackward' },
      );
    if (!taken) exec(doc, original ? 'insertText' : 'delete', original || undefined);
    await settle();
    if (isTextControl(live) && live.value !== snap.raw) setControlValue(live, snap.raw);
  }
  const ok = current() === snap.raw;
  if (ok) caretBack();
  return ok;
}

/** After the text, move the caret past the delimiter the user typed (it stayed after the token). */
function caretPastDelimiter(editor: Element, delimiter: string): void {
  const same = (c: string | undefined) => c === delimiter || (BOUNDARY.test(delimiter) && !!c && BOUNDARY.test(c));
  if (isTextControl(editor)) {
    const at = editor.selectionEnd ?? 0;
    if (editor.selectionStart === at && same(editor.value.slice(at, at + delimiter.length)))
      editor.setSelectionRange(at + delimiter.length, at + delimiter.length);
    return;
  }
  const sel = selectionOf(editor);
  if (!sel || !sel.isCollapsed || !sel.focusNode || !editor.contains(sel.focusNode)) return;
  const range = editor.ownerDocument.createRange();
  range.selectNodeContents(editor);
  range.setEnd(sel.focusNode, sel.focusOffset);
  const caret = range.toString().length;
  const text = flatText(editor);
  if (!same(text.slice(caret, caret + delimiter.length))) return;
  const { node, offset } = positionAt(editor, caret + delimiter.length);
  sel.collapse(node, offset);
}

/* -------------------------------------------------------------- default insert */

/**
 * The default insert: a text control first takes the browser's own
 * `insertText` (undoable, trusted, identical in both worlds); everything
 * else goes to the page world through the page bridge, as reply-insert does,
 * and to the same techniques in this world when no page-world script takes
 * the request. Resolves whether the technique says the text landed.
 */
export async function insertAtSelection(editor: Element, kind: EditorKind, text: string): Promise<boolean> {
  const where: Where = 'cursor';
  if (isTextControl(editor)) {
    const before = editor.value;
    editor.focus();
    exec(editor.ownerDocument, 'insertText', text);
    if (editor.value !== before) return landedCount(before, editor.value, text) > 0;
  }
  const answer = await createPageBridge().insert({ editor, kind, text, where });
  if (answer.status === 'answered') return answer.ok;
  if (answer.claimed || !editor.isConnected) return false;
  const local = await insertWithTechnique(kind, editor, text, { where, world: 'content' });
  return local.landed;
}

/* --------------------------------------------------------------------- start */

const TRIGGER_INPUT_TYPES = new Set(['insertText', 'insertReplacementText', '']);

export function startShortcutExpansion(opts: ShortcutExpanderOptions): () => void {
  const { doc } = opts;
  const insert = opts.insert ?? insertAtSelection;
  const busy = new WeakSet<Element>();
  const scheduled = new WeakMap<Element, ReturnType<typeof setTimeout>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const composing = new WeakSet<Element>();
  let stopped = false;

  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };

  const rootOf = (e: Event): { editor: Element; path: EventTarget[] } | null => {
    const path = typeof e.composedPath === 'function' ? e.composedPath() : [];
    const editor = editableRoot(path[0] ?? e.target);
    return editor ? { editor, path } : null;
  };

  const onCompositionStart = (e: Event) => {
    const r = rootOf(e);
    if (r) composing.add(r.editor);
  };
  const onCompositionEnd = (e: Event) => {
    const r = rootOf(e);
    // Safari fires the committing `input` after compositionend: still the IME's.
    if (r) later(() => composing.delete(r.editor), 0);
  };

  const onInput = (e: Event) => {
    if (stopped) return;
    const ie = e as InputEvent;
    if (ie.isComposing) return;
    const inputType = typeof ie.inputType === 'string' ? ie.inputType : '';
    if (!TRIGGER_INPUT_TYPES.has(inputType)) return;
    const r = rootOf(e);
    if (!r) return;
    const { editor, path } = r;
    if (busy.has(editor) || composing.has(editor) || scheduled.has(editor)) return;
    const library = opts.library();
    if (!library) return;
    const index = shortcutIndex(library.replies);
    // Cheap first look (the keystroke is in the DOM already); the real one runs once the editor settled.
    const first = findToken(editor);
    if (!first || !triggers(first.token, index)) return;
    if (insideInlay(editor, path)) return;
    const kind = opts.editorKind(editor);
    if (!kind) return;
    const t = later(() => {
      later(() => {
        scheduled.delete(editor);
        if (stopped || busy.has(editor) || composing.has(editor)) return;
        run(editor, kind).catch((error: unknown) => console.warn('[inlay] shortcut-expand failed', error));
      }, 0);
    }, 0);
    scheduled.set(editor, t);
  };

  async function run(editor: Element, kind: EditorKind): Promise<void> {
    const library = opts.library();
    if (!library || !editor.isConnected) return;
    const found = findToken(editor);
    if (!found || !triggers(found.token, shortcutIndex(library.replies))) return;
    const reply = replyForShortcut(library.replies, found.token.name);
    if (!reply) return;
    const shortcut = `${SHORTCUT_PREFIX}${found.token.name}`;
    busy.add(editor);
    try {
      const { ctx, platform, itemKey } = opts.context(editor);
      const rendered = renderTemplate(bodyFor(reply, platform), ctx);
      if (rendered.missing.length > 0) return opts.notify(editor, missingMessage(shortcut, rendered.missing));
      if (rendered.problems.length > 0)
        return opts.notify(editor, SHORTCUT_WORDS.broken(shortcut, rendered.problems[0]!));
      const text = rendered.text;
      if (compact(text) === '') return opts.notify(editor, SHORTCUT_WORDS.empty(shortcut));
      const site = PLATFORM_NAMES[platform];
      const alone = checkLimit(text, platform);
      if (!alone.ok) return opts.notify(editor, SHORTCUT_WORDS.tooLong(shortcut, alone.length, alone.limit, site));
      const rest = editorText(editor);
      const at = rest.toLowerCase().lastIndexOf(shortcut);
      // What the box will hold (the site trims it when it posts).
      const after = at >= 0 ? rest.slice(0, at) + text + rest.slice(at + shortcut.length) : `${rest}${text}`;
      const whole = checkLimit(after.trim(), platform);
      if (!whole.ok) return opts.notify(editor, SHORTCUT_WORDS.tooLongHere(shortcut, whole.length, whole.limit, site));

      const before = editorText(editor);
      const snap = snapshot(editor);
      const anchors = editorAnchors(editor);
      if (!found.select()) {
        found.restoreCaret();
        return opts.notify(editor, SHORTCUT_WORDS.notInserted(shortcut));
      }
      let said = false;
      try {
        said = await insert(editor, kind, text);
      } catch {
        said = false;
      }
      const ok = await waitUntil(
        () => {
          const live = liveEditor(editor, anchors);
          return !!live && replaced(before, editorText(live), shortcut, text);
        },
        said ? VERIFY_MS : VERIFY_MS / 4,
      );
      if (ok) {
        const live = liveEditor(editor, anchors) ?? editor;
        if (found.token.delimiter) caretPastDelimiter(live, found.token.delimiter);
        opts.onExpanded({ replyId: reply.id, itemKey, platform });
        return;
      }
      const restored = await restore(editor, anchors, snap);
      const target = liveEditor(editor, anchors) ?? editor;
      opts.notify(target, restored ? SHORTCUT_WORDS.notInserted(shortcut) : SHORTCUT_WORDS.notRestored(shortcut));
    } finally {
      later(() => busy.delete(editor), GRACE_MS);
    }
  }

  const capture = { capture: true, passive: true } as const;
  doc.addEventListener('input', onInput, capture);
  doc.addEventListener('compositionstart', onCompositionStart, capture);
  doc.addEventListener('compositionend', onCompositionEnd, capture);
  return () => {
    if (stopped) return;
    stopped = true;
    doc.removeEventListener('input', onInput, capture);
    doc.removeEventListener('compositionstart', onCompositionStart, capture);
    doc.removeEventListener('compositionend', onCompositionEnd, capture);
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
}

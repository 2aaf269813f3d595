/**
 * Page-world text insertion: put text into a site's own reply box so that the
 * site's editor library (not just the DOM) takes it in (SITES.md, "Putting
 * text into a native reply box so the site notices").
 *
 * This module runs in the page's own JavaScript world (an MV3 `world: 'MAIN'`
 * content script, see entrypoints/page-world.content) and, as a fallback, in
 * the isolated content script. It uses plain DOM only: no extension APIs, no
 * `eval`, no HTML. Text only ever travels as text (`text/plain` in a
 * DataTransfer, `execCommand('insertText')`, a textarea's value, an editor's
 * `insertText`), so hostile text such as `<img src=x onerror=…>` lands as
 * literal characters and never becomes markup.
 *
 * One function per EditorKind. Each tries its techniques in order and stops
 * at the first that lands; it never tries a second technique once the box
 * changed (a half-applied first try plus a second try would double the text).
 * A technique "lands" when the box's text holds one more copy of the text than
 * before, compared without whitespace (editors turn newlines into blocks and
 * spaces into NBSPs).
 *
 * The bridge protocol both worlds speak (window messages, parsed with zod)
 * lives here too, so the two sides cannot drift apart; the isolated side is
 * features/support/page-bridge.ts, which explains the nonce.
 */
// zod/mini: the same parsing with a small bundle (this script loads on every page of seven sites).
import * as z from 'zod/mini';
import type { EditorKind } from '../sites/types';

/* ------------------------------------------------------------------ protocol */

/** Marks `source` on every bridge message, so unrelated page messages are dropped before parsing. */
export const BRIDGE_SOURCE = 'inlay-page-bridge';
export const BRIDGE_VERSION = 1;
/** The one-time attribute on the target editor; its value is the request's nonce. */
export const TARGET_ATTR = 'data-inlay-insert-target';
/** Longest text the bridge carries (a saved reply is far shorter). */
export const MAX_TEXT = 20_000;

export const EDITOR_KINDS = [
  'draftjs',
  'lexical',
  'quill',
  'prosemirror',
  'textarea',
  'polymer',
  'linkedin-message',
] as const satisfies readonly EditorKind[];

/** Insert at the editor's own cursor (it had focus or a selection inside), or at its end. */
export type Where = 'cursor' | 'end';

export const TECHNIQUES = [
  'paste',
  'beforeinput-replacement',
  'beforeinput-text',
  'exec-insert-text',
  'exec-insert-lines',
  'quill-api',
  'set-range-text',
  'value-setter',
] as const;
export type Technique = (typeof TECHNIQUES)[number];

export const BRIDGE_ERRORS = ['no-target', 'not-editable', 'not-landed', 'failed'] as const;
export type BridgeError = (typeof BRIDGE_ERRORS)[number];

/** 128 random bits, hex. */
const Nonce = z.string().check(z.regex(/^[0-9a-f]{32}$/));

function buildSchemas() {
  const request = z.object({
    source: z.literal(BRIDGE_SOURCE),
    v: z.literal(BRIDGE_VERSION),
    type: z.literal('insert'),
    nonce: Nonce,
    kind: z.enum(EDITOR_KINDS),
    where: z.enum(['cursor', 'end']),
    text: z.string().check(z.minLength(1), z.maxLength(MAX_TEXT)),
  });
  const result = z.object({
    source: z.literal(BRIDGE_SOURCE),
    v: z.literal(BRIDGE_VERSION),
    type: z.literal('result'),
    nonce: Nonce,
    ok: z.boolean(),
    technique: z.nullable(z.enum(TECHNIQUES)),
    error: z.nullable(z.enum(BRIDGE_ERRORS)),
  });
  return { request, result };
}

type Schemas = ReturnType<typeof buildSchemas>;
export type BridgeRequest = z.infer<Schemas['request']>;
export type BridgeResult = z.infer<Schemas['result']>;

let schemas: Schemas | undefined;
/**
 * The bridge schemas, built on first use: zod decides at construction whether
 * to compile a fast path with `new Function`, and in the page world that must
 * not happen (the site's CSP would report it), so the page world sets
 * `jitless` before anything here is built.
 */
export function bridgeSchemas(): Schemas {
  return (schemas ??= buildSchemas());
}

/* -------------------------------------------------------------- text helpers */

/** Text without whitespace, NBSPs or zero-width characters: how "did it land" is compared. */
export function compact(text: string): string {
  return text.replace(/[\s\u00a0\u200b-\u200d\u2060\ufeff]+/g, '');
}

function occurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** How many more copies of `text` the box holds now than in `before` (both compared compacted). */
export function landedCount(before: string, after: string, text: string): number {
  const t = compact(text);
  return occurrences(compact(after), t) - occurrences(compact(before), t);
}

export function isTextControl(el: Element): el is HTMLTextAreaElement | HTMLInputElement {
  return el.localName === 'textarea' || el.localName === 'input';
}

/** The editor's visible text: a text control's value, else its rendered text. */
export function editorText(el: Element): string {
  if (isTextControl(el)) return el.value;
  const html = el as HTMLElement;
  // innerText keeps line breaks between blocks; textContent is the fallback where there is no layout.
  return typeof html.innerText === 'string' && html.innerText !== '' ? html.innerText : (el.textContent ?? '');
}

export function isEditable(el: Element): boolean {
  if (isTextControl(el)) return !el.disabled && !el.readOnly;
  const html = el as HTMLElement;
  if (html.isContentEditable) return true;
  // Environments without layout may not compute isContentEditable.
  const ce = el.closest('[contenteditable]')?.getAttribute('contenteditable');
  return ce === '' || ce === 'true' || ce === 'plaintext-only';
}

const EDITABLE = 'textarea, [contenteditable="true"], [contenteditable=""], [contenteditable="plaintext-only"]';

/** Where to look for the editor again if a re-render replaces its element: its nearest three ancestors. */
export function editorAnchors(el: Element): Element[] {
  const out: Element[] = [];
  for (let p = el.parentElement; p && out.length < 3; p = p.parentElement) out.push(p);
  return out;
}

/**
 * The editor element now: `el` while it is on the page, else the editable
 * element in its nearest ancestor still on the page (Draft.js rebuilds its
 * contenteditable when the DOM and its model disagree).
 */
export function liveEditor(el: Element, anchors: readonly Element[]): Element | null {
  if (el.isConnected) return el;
  const anchor = anchors.find((a) => a.isConnected);
  return anchor?.querySelector(EDITABLE) ?? null;
}

/* ---------------------------------------------------------- selection helpers */

/** The selection that covers `el`: a shadow root's own (Chromium) or the document's. */
function selectionFor(el: Element): Selection | null {
  const root = el.getRootNode() as Document | (ShadowRoot & { getSelection?: () => Selection | null });
  if (root !== el.ownerDocument && typeof root.getSelection === 'function') return root.getSelection();
  return el.ownerDocument.getSelection();
}

/** Is the caret (or a selection) inside `el`? */
export function selectionInside(el: Element): boolean {
  if (isTextControl(el)) return el.ownerDocument.activeElement === el;
  const sel = selectionFor(el);
  if (!sel || sel.rangeCount === 0 || !sel.anchorNode || !sel.focusNode) return false;
  return el.contains(sel.anchorNode) && el.contains(sel.focusNode);
}

/** Where the text goes when nothing else decides: the cursor if the editor has one, else the end. */
export function whereFor(el: Element): Where {
  if (isTextControl(el)) {
    const focused = el.ownerDocument.activeElement === el;
    const mid = (el.selectionEnd ?? 0) > 0 && (el.selectionEnd ?? 0) < el.value.length;
    return focused || mid ? 'cursor' : 'end';
  }
  return selectionInside(el) ? 'cursor' : 'end';
}

/**
 * The deepest last position in `el`: the end of its last text node; before a
 * trailing `<br>` (an empty line's placeholder); after any other trailing leaf
 * (an emoji `<img>`).
 */
function endPosition(el: Element): { node: Node; offset: number } {
  let node: Node = el;
  for (;;) {
    const last: ChildNode | null = node.lastChild;
    if (!last) return { node, offset: 0 };
    if (last.nodeType === 3) return { node: last, offset: (last as Text).data.length };
    if (last.nodeType !== 1 || !last.lastChild) {
      const index = node.childNodes.length - 1;
      return { node, offset: (last as Element).localName === 'br' ? index : index + 1 };
    }
    node = last;
  }
}

/** Focus the editor and put the caret where the text goes (focusing a focused editor keeps its caret). */
export function prepareCaret(el: Element, where: Where): void {
  const keep = where === 'cursor' && selectionInside(el);
  (el as HTMLElement).focus();
  if (isTextControl(el) || (keep && selectionInside(el))) return;
  const { node, offset } = endPosition(el);
  selectionFor(el)?.collapse(node, offset);
}

/* -------------------------------------------------------------- event helpers */

function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Editors apply changes in a microtask, a render, or a selectionchange: give them a moment. */
async function settle(): Promise<void> {
  await tick();
  await tick();
}

function dataTransfer(text: string): DataTransfer {
  const dt = new DataTransfer();
  dt.setData('text/plain', text);
  return dt;
}

/** A synthetic paste carrying `text/plain` only (never HTML). */
export function dispatchPaste(el: Element, text: string): boolean {
  const dt = dataTransfer(text);
  const event = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true, composed: true });
  if (event.clipboardData === null) {
    // Engines that ignore `clipboardData` in the init dictionary.
    Object.defineProperty(event, 'clipboardData', { value: dt });
  }
  el.dispatchEvent(event);
  return event.defaultPrevented;
}

export function dispatchBeforeInput(
  el: Element,
  init: { inputType: string; data?: string; dataTransfer?: DataTransfer },
) {
  const event = new InputEvent('beforeinput', {
    inputType: init.inputType,
    data: init.data ?? null,
    dataTransfer: init.dataTransfer ?? null,
    bubbles: true,
    cancelable: true,
    composed: true,
  });
  if (init.dataTransfer && event.dataTransfer === null) {
    Object.defineProperty(event, 'dataTransfer', { value: init.dataTransfer });
  }
  el.dispatchEvent(event);
  return event.defaultPrevented;
}

function execCommand(doc: Document, command: 'insertText' | 'insertParagraph' | 'insertLineBreak', value?: string) {
  // execCommand is deprecated but still the one way to make the browser itself edit (trusted beforeinput/input).
  return doc.execCommand(command, false, value);
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** `execCommand('insertText')` line by line, with a paragraph (or line break) between lines. */
function execInsertLines(el: Element, text: string, separator: 'insertParagraph' | 'insertLineBreak'): void {
  const doc = el.ownerDocument;
  splitLines(text).forEach((line, i) => {
    if (i > 0) execCommand(doc, separator);
    if (line) execCommand(doc, 'insertText', line);
  });
}

/* ---------------------------------------------------------------- techniques */

/**
 * Which world a technique runs in: the page's own, or the isolated content
 * script (the fallback when no page-world script answers). The steps are the
 * same in both. The page's JavaScript objects (the Quill instance) are out of
 * reach in a Chromium isolated world, where Quill gets the browser's own
 * `insertText` instead, and reached through `wrappedJSObject` in a Firefox
 * content script. A Chromium isolated world shares the DOM and its events, so
 * synthetic pastes work from there too (the e2e tests show every kind). In
 * Firefox a DataTransfer filled by a content script records the script's
 * principal, so the page may read it as empty (not tested here: no Firefox):
 * such a step changes nothing, and the next step, the browser's own
 * `insertText`, runs; an empty Draft.js box has no next step (see
 * insertDraftjs) and ends on the clipboard.
 */
export type World = 'page' | 'content';

export interface TechniqueOptions {
  where: Where;
  world: World;
}

export type TechniqueOutcome = { landed: true; technique: Technique } | { landed: false; technique: Technique | null };

type Step = readonly [Technique, () => unknown];

/**
 * Run `steps` in order until one lands. After a step that changed the box
 * without landing, stop: trying another would stack a second copy on a
 * half-applied first.
 */
async function tryInOrder(el: Element, text: string, steps: readonly Step[]): Promise<TechniqueOutcome> {
  const before = editorText(el);
  const anchors = editorAnchors(el);
  let last: Technique | null = null;
  for (const [name, run] of steps) {
    last = name;
    try {
      run();
    } catch {
      // A technique that throws (a missing API, a page that patched one) just did not land.
    }
    await settle();
    const live = liveEditor(el, anchors);
    if (!live) return { landed: false, technique: name };
    const now = editorText(live);
    if (landedCount(before, now, text) > 0) return { landed: true, technique: name };
    if (compact(now) !== compact(before)) return { landed: false, technique: name };
  }
  return { landed: false, technique: last };
}

/**
 * Draft.js (X, TikTok): a synthetic paste carrying text/plain is what Draft's
 * own paste handler turns into blocks. When the box already has text and the
 * text is one line, `execCommand('insertText')` first (Draft reconciles the
 * browser's own edit inside a block), then the paste. Into an EMPTY box only
 * the paste: there the browser's own edit replaces Draft's placeholder `<br>`
 * behind React's back, and React (18) then fails to remove it and unmounts
 * the whole composer (test/e2e/editors.test.ts shows it). Copying to the
 * clipboard is the better failure.
 */
export async function insertDraftjs(el: Element, text: string, opts: TechniqueOptions): Promise<TechniqueOutcome> {
  prepareCaret(el, opts.where);
  await settle();
  const paste: Step = ['paste', () => dispatchPaste(el, text)];
  const exec: Step = ['exec-insert-text', () => execCommand(el.ownerDocument, 'insertText', text)];
  if (compact(editorText(el)) === '') return tryInOrder(el, text, [paste]);
  return tryInOrder(el, text, splitLines(text).length === 1 ? [exec, paste] : [paste]);
}

/**
 * Lexical (Reddit, Facebook): a `beforeinput` of type `insertReplacementText`
 * with a DataTransfer goes through Lexical's controlled text insertion (which
 * turns newlines into paragraphs); then `insertText` with `data`; then the
 * browser's own `insertText`.
 */
export async function insertLexical(el: Element, text: string, opts: TechniqueOptions): Promise<TechniqueOutcome> {
  prepareCaret(el, opts.where);
  await settle();
  return tryInOrder(el, text, [
    [
      'beforeinput-replacement',
      () => dispatchBeforeInput(el, { inputType: 'insertReplacementText', dataTransfer: dataTransfer(text) }),
    ],
    ['beforeinput-text', () => dispatchBeforeInput(el, { inputType: 'insertText', data: text })],
    ['exec-insert-lines', () => execInsertLines(el, text, 'insertParagraph')],
  ]);
}

/** The slice of Quill 1's API used here (checked at run time: the page's object is not ours). */
interface QuillLike {
  getSelection(focus?: boolean): { index: number; length: number } | null;
  getLength(): number;
  insertText(index: number, text: string, source: 'user'): unknown;
  deleteText(index: number, length: number, source: 'user'): unknown;
  setSelection(index: number, length: number, source: 'user'): unknown;
}

function isQuillLike(value: unknown): value is QuillLike {
  if (typeof value !== 'object' || value === null) return false;
  const q = value as Record<string, unknown>;
  return ['getSelection', 'getLength', 'insertText', 'deleteText', 'setSelection'].every(
    (name) => typeof q[name] === 'function',
  );
}

/** A page object as this world sees it: itself, or (Firefox content script) through its Xray waiver. */
function pageSide<T extends object>(value: T, world: World): T & Record<string, unknown> {
  const waived = world === 'content' ? (value as { wrappedJSObject?: T }).wrappedJSObject : undefined;
  return (waived ?? value) as T & Record<string, unknown>;
}

/**
 * The page's Quill instance for an editor: `.ql-container.__quill`, or
 * `Quill.find(container)` when the page exposes `window.Quill`. Both are page
 * JavaScript objects: the page world sees them; a Chromium isolated world
 * never does; a Firefox content script does through `wrappedJSObject`.
 */
export function findQuill(el: Element, world: World = 'page'): QuillLike | null {
  const container = el.closest('.ql-container') ?? el.parentElement;
  if (!container) return null;
  const own = pageSide(container, world).__quill;
  if (isQuillLike(own)) return own;
  const view = el.ownerDocument.defaultView;
  const Quill = view ? (pageSide(view, world).Quill as { find?: (node: Node) => unknown } | undefined) : undefined;
  if (Quill && typeof Quill.find === 'function') {
    try {
      const found = Quill.find(container);
      if (isQuillLike(found)) return found;
    } catch {
      // Quill.find on a foreign node throws in some builds.
    }
  }
  return null;
}

/**
 * Quill 1 (LinkedIn's old comment box): the page's own Quill instance,
 * `insertText` at its selection (or the end) as a `user` change, plain text
 * only (LinkedIn enforces Trusted Types). Without the instance, the browser's
 * own `insertText`, which Quill's mutation observer reads into its model.
 * Quill 1 cannot take a synthetic paste: its paste handler waits for the
 * browser's default paste into a hidden container, which a synthetic event
 * never performs.
 */
export async function insertQuill(el: Element, text: string, opts: TechniqueOptions): Promise<TechniqueOutcome> {
  const quill = findQuill(el, opts.world);
  const steps: Step[] = [];
  if (quill) {
    const atCursor = opts.where === 'cursor' && selectionInside(el);
    steps.push([
      'quill-api',
      () => {
        const range = atCursor ? quill.getSelection(false) : null;
        const index = range ? range.index : Math.max(0, quill.getLength() - 1);
        if (range && range.length > 0) quill.deleteText(index, range.length, 'user');
        quill.insertText(index, text, 'user');
        quill.setSelection(index + text.length, 0, 'user');
      },
    ]);
    return tryInOrder(el, text, steps);
  }
  prepareCaret(el, opts.where);
  await settle();
  return tryInOrder(el, text, [['exec-insert-lines', () => execInsertLines(el, text, 'insertParagraph')]]);
}

/**
 * ProseMirror / TipTap (LinkedIn's new comment box): a paste event, which
 * ProseMirror's own paste handler parses as plain text at its selection;
 * then the browser's own `insertText`, line by line.
 */
export async function insertProsemirror(el: Element, text: string, opts: TechniqueOptions): Promise<TechniqueOutcome> {
  prepareCaret(el, opts.where);
  await settle();
  return tryInOrder(el, text, [
    ['paste', () => dispatchPaste(el, text)],
    ['exec-insert-lines', () => execInsertLines(el, text, 'insertParagraph')],
  ]);
}

/** Replace `start…end` of a text control's value without going through the element's own `value` property. */
function nativeReplace(el: HTMLTextAreaElement | HTMLInputElement, text: string, start: number, end: number): void {
  if (typeof el.setRangeText === 'function') {
    el.setRangeText(text, start, end, 'end');
    return;
  }
  nativeValueSet(el, el.value.slice(0, start) + text + el.value.slice(end));
  el.setSelectionRange(start + text.length, start + text.length);
}

/**
 * The prototype's value setter: React replaces `value` on the element itself
 * to track what it rendered, so writing through the prototype leaves React's
 * tracker behind and React reads the change as user input.
 */
function nativeValueSet(el: HTMLTextAreaElement | HTMLInputElement, value: string): void {
  const proto = el.localName === 'textarea' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(el, value);
  else el.value = value;
}

function fireInputAndChange(el: Element, text: string): void {
  el.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: text, bubbles: true, composed: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

/**
 * React-controlled textarea (Instagram): `setRangeText` at the cursor (or the
 * end), then `input` and `change` bubbling; then the prototype's value setter;
 * then the browser's own `insertText`.
 */
export async function insertTextarea(el: Element, text: string, opts: TechniqueOptions): Promise<TechniqueOutcome> {
  if (!isTextControl(el)) return { landed: false, technique: null };
  const atCursor = opts.where === 'cursor';
  const start = atCursor ? (el.selectionStart ?? el.value.length) : el.value.length;
  const end = atCursor ? (el.selectionEnd ?? start) : start;
  el.focus();
  return tryInOrder(el, text, [
    [
      'set-range-text',
      () => {
        nativeReplace(el, text, start, end);
        fireInputAndChange(el, text);
      },
    ],
    [
      'value-setter',
      () => {
        nativeValueSet(el, el.value.slice(0, start) + text + el.value.slice(end));
        el.setSelectionRange(start + text.length, start + text.length);
        fireInputAndChange(el, text);
      },
    ],
    [
      'exec-insert-text',
      () => {
        el.setSelectionRange(start, end);
        execCommand(el.ownerDocument, 'insertText', text);
      },
    ],
  ]);
}

/**
 * Polymer contenteditable (YouTube): `focus()` then the browser's own
 * `insertText`; a `textContent` write leaves Send disabled because the
 * component only listens to real input events.
 */
export async function insertPolymer(el: Element, text: string, opts: TechniqueOptions): Promise<TechniqueOutcome> {
  prepareCaret(el, opts.where);
  await settle();
  return tryInOrder(el, text, [
    ['exec-insert-text', () => execCommand(el.ownerDocument, 'insertText', text)],
    ['exec-insert-lines', () => execInsertLines(el, text, 'insertLineBreak')],
  ]);
}

/**
 * LinkedIn's message box (Ember): focus, an `input` event (the form wakes up
 * and drops its placeholder), then the browser's own `insertText` line by
 * line with `insertParagraph` between lines (one call with newlines is
 * mangled in Firefox).
 */
export async function insertLinkedinMessage(
  el: Element,
  text: string,
  opts: TechniqueOptions,
): Promise<TechniqueOutcome> {
  prepareCaret(el, opts.where);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
  return tryInOrder(el, text, [['exec-insert-lines', () => execInsertLines(el, text, 'insertParagraph')]]);
}

/** Put `text` into `el` the way its editor library takes it in. */
export function insertWithTechnique(
  kind: EditorKind,
  el: Element,
  text: string,
  opts: TechniqueOptions,
): Promise<TechniqueOutcome> {
  switch (kind) {
    case 'draftjs':
      return insertDraftjs(el, text, opts);
    case 'lexical':
      return insertLexical(el, text, opts);
    case 'quill':
      return insertQuill(el, text, opts);
    case 'prosemirror':
      return insertProsemirror(el, text, opts);
    case 'textarea':
      return insertTextarea(el, text, opts);
    case 'polymer':
      return insertPolymer(el, text, opts);
    case 'linkedin-message':
      return insertLinkedinMessage(el, text, opts);
    default: {
      const never: never = kind;
      throw new Error(`unknown editor kind ${String(never)}`);
    }
  }
}

/* ---------------------------------------------------------- page-world side */

/** Every element carrying the target attribute, in the document and in open shadow roots. */
export function findTargets(doc: Document): Element[] {
  const selector = `[${TARGET_ATTR}]`;
  const light = Array.from(doc.querySelectorAll(selector));
  // Only walk shadow roots when the light DOM has nothing (a big page has thousands of elements).
  if (light.length > 0) return light;
  const found: Element[] = [];
  const walk = (root: Document | ShadowRoot) => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (!el.shadowRoot) continue;
      found.push(...Array.from(el.shadowRoot.querySelectorAll(selector)));
      walk(el.shadowRoot);
    }
  };
  walk(doc);
  return found;
}

export interface PageWorldOptions {
  win?: Window;
  /** Which technique runner to use (tests pass a fake). */
  insert?: typeof insertWithTechnique;
}

/**
 * Listen for bridge requests in the page world. A request is acted on only
 * when exactly one element carries the target attribute with the request's
 * nonce; the attribute is removed before anything else (one use), and a nonce
 * is never served twice. Returns a function that stops listening.
 */
export function installPageWorld(options: PageWorldOptions = {}): () => void {
  const win = options.win ?? window;
  const insert = options.insert ?? insertWithTechnique;
  // Before any schema is built: no `new Function` in the page's world (CSP reports, Trusted Types).
  z.config({ jitless: true });
  const { request } = bridgeSchemas();
  const served = new Set<string>();

  function reply(nonce: string, ok: boolean, technique: Technique | null, error: BridgeError | null): void {
    const message: BridgeResult = {
      source: BRIDGE_SOURCE,
      v: BRIDGE_VERSION,
      type: 'result',
      nonce,
      ok,
      technique,
      error,
    };
    const origin = win.location.origin;
    win.postMessage(message, origin && origin !== 'null' ? origin : '*');
  }

  function onMessage(event: MessageEvent): void {
    if (event.source !== win) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || (data as { source?: unknown }).source !== BRIDGE_SOURCE) return;
    const parsed = request.safeParse(data);
    if (!parsed.success) return;
    const { nonce, kind, where, text } = parsed.data;
    if (served.has(nonce)) return;
    served.add(nonce);
    if (served.size > 256) served.delete(served.values().next().value as string);

    const targets = findTargets(win.document).filter((el) => el.getAttribute(TARGET_ATTR) === nonce);
    for (const el of targets) el.removeAttribute(TARGET_ATTR);
    const target = targets.length === 1 ? targets[0] : undefined;
    if (!target) return reply(nonce, false, null, 'no-target');
    if (!isEditable(target)) return reply(nonce, false, null, 'not-editable');
    insert(kind, target, text, { where, world: 'page' }).then(
      (out) => reply(nonce, out.landed, out.technique, out.landed ? null : 'not-landed'),
      () => reply(nonce, false, null, 'failed'),
    );
  }

  win.addEventListener('message', onMessage);
  return () => win.removeEventListener('message', onMessage);
}

/**
 * reply-insert: put a reply's text into the site's own reply box so that the
 * site notices (its editor model takes the text, its Send button enables),
 * then check that it did. Site-agnostic: the adapter's `composer` says which
 * editor technology the box is (`EditorKind`) and where its Send button is.
 *
 *   1. Decide where the text goes: the editor's cursor when it has focus or a
 *      selection inside, else its end. Focus the editor.
 *   2. Ask the page world (page-bridge → page-world.content) to insert with
 *      the technique for the editor kind (page-world/insert-techniques.ts).
 *      If no page-world script takes the request at all (the mark is still
 *      there), run the same techniques from this world instead; they work here
 *      too in Chromium, less well in Firefox (see `World`). A request the page
 *      world took but did not answer is never repeated here (no double text).
 *   3. Verify from this world: the editor's text holds one more copy of the
 *      text than before (compared without whitespace, NBSPs and zero-width
 *      characters), and the Send button, if the adapter has one for this
 *      editor, is not disabled / aria-disabled. The site gets `verifyMs` to
 *      render.
 *   4. When that fails, put the text on the clipboard and say so, so the
 *      caller can tell the user to paste it with Ctrl+V.
 *
 * It never presses Send and never submits a form.
 */
import {
  editorAnchors,
  editorText,
  insertWithTechnique,
  isEditable,
  landedCount,
  liveEditor,
  whereFor,
  type Technique,
} from '../page-world/insert-techniques';
import type { EditorKind } from '../sites/types';
import { createPageBridge, type PageBridge } from './support/page-bridge';

export const FEATURE_ID = 'reply-insert';

export type InsertFailure =
  /** The text did not show up in the box, or the site's Send button stayed disabled. */
  | 'not-verified'
  /** There is no usable editor (gone from the page, or not editable). */
  | 'no-editor'
  /** The page-world script took the request but never answered, and the text is not in the box. */
  | 'timeout';

export type InsertOutcome =
  { ok: true; technique: Technique | null } | { ok: false; reason: InsertFailure; copied: boolean };

export interface InsertReplyOptions {
  /** The site's Send button for this editor (the adapter's `composer.sendButton`); it must end up enabled. */
  sendButton?: () => Element | null;
  /** How to reach the page world (default: a fresh page bridge). */
  bridge?: PageBridge;
  /** Put text on the clipboard; resolves whether it worked (default: `copyToClipboard`). */
  clipboard?: (text: string) => Promise<boolean>;
  /** How long the site gets to take the text and enable Send. */
  verifyMs?: number;
  /** Insert from this world when no page-world script takes the request (default true). */
  localFallback?: boolean;
}

/** Is the Send button enabled (not `disabled`, not `aria-disabled="true"`)? */
export function isEnabled(button: Element): boolean {
  if ((button as HTMLButtonElement).disabled === true || button.hasAttribute('disabled')) return false;
  return button.getAttribute('aria-disabled') !== 'true';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Poll `check` until it holds or `ms` pass (sites render after a state update, some after a debounce). */
async function waitUntil(check: () => boolean, ms: number, every = 40): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (check()) return true;
    if (Date.now() >= deadline) return false;
    await delay(every);
  }
}

/**
 * Copy text to the clipboard: the async Clipboard API, else a hidden
 * textarea and `execCommand('copy')` (both need the user's click to be
 * recent). The editor gets its focus back, ready for Ctrl+V.
 */
export async function copyToClipboard(text: string, doc: Document = document): Promise<boolean> {
  const nav = doc.defaultView?.navigator;
  try {
    if (nav?.clipboard?.writeText) {
      await nav.clipboard.writeText(text);
      return true;
    }
  } catch {
    // No permission or no recent click: try the old way.
  }
  const previous = doc.activeElement as HTMLElement | null;
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  area.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;opacity:0;pointer-events:none;';
  (doc.body ?? doc.documentElement).append(area);
  try {
    area.select();
    return doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    previous?.focus?.();
  }
}

/** Put `text` into the site's reply box `editor` (an element the adapter's `composer.open` gave). */
export async function insertReply(
  editor: Element | null,
  kind: EditorKind,
  text: string,
  opts: InsertReplyOptions = {},
): Promise<InsertOutcome> {
  const verifyMs = opts.verifyMs ?? 1500;
  const doc = editor?.ownerDocument ?? document;
  const copy = opts.clipboard ?? ((t: string) => copyToClipboard(t, doc));
  const fail = async (reason: InsertFailure): Promise<InsertOutcome> => {
    let copied = false;
    try {
      copied = await copy(text);
    } catch {
      copied = false;
    }
    return { ok: false, reason, copied };
  };

  if (!editor || !editor.isConnected || !isEditable(editor)) return fail('no-editor');
  if (text === '') return { ok: true, technique: null };

  const where = whereFor(editor);
  const before = editorText(editor);
  const anchors = editorAnchors(editor);
  (editor as HTMLElement).focus();

  const bridge = opts.bridge ?? createPageBridge();
  const answer = await bridge.insert({ editor, kind, text, where });
  let technique: Technique | null = answer.status === 'answered' ? answer.technique : null;
  if (answer.status === 'timeout' && !answer.claimed && opts.localFallback !== false && editor.isConnected) {
    const local = await insertWithTechnique(kind, editor, text, { where, world: 'content' });
    technique = local.technique;
  }

  const verified = await waitUntil(() => {
    const live = liveEditor(editor, anchors);
    if (!live || landedCount(before, editorText(live), text) <= 0) return false;
    const button = opts.sendButton?.() ?? null;
    // A button the adapter cannot find proves nothing either way; the text check stands alone then.
    return button === null || isEnabled(button);
  }, verifyMs);
  if (verified) return { ok: true, technique };
  if (!liveEditor(editor, anchors)) return fail('no-editor');
  return fail(answer.status === 'timeout' && answer.claimed ? 'timeout' : 'not-verified');
}

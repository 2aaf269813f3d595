/**
 * The isolated content script's side of the page-world bridge: asks the
 * page-world script (entrypoints/page-world.content, world MAIN) to put text
 * into one editor, and waits for its answer.
 *
 * Protocol (schemas in page-world/insert-techniques.ts, parsed with zod on
 * both sides, because any script on the page can post anything):
 *   1. Make a nonce: 128 bits from crypto.getRandomValues, hex.
 *   2. Mark the target editor: `data-inlay-insert-target="<nonce>"`.
 *   3. window.postMessage({ source, v, type: 'insert', nonce, kind, where, text }).
 *   4. The page world acts only when exactly one element (document or open
 *      shadow roots) carries that attribute with that nonce, removes it
 *      first (one use), runs the technique for `kind`, and posts
 *      { type: 'result', nonce, ok, technique, error }.
 *   5. We take the first well-formed result with our nonce, from our own
 *      window. If the mark is still there after `claimMs`, nothing in the page
 *      world took the request (the script is missing, or the browser cannot
 *      run it): we remove the mark ourselves — so a late page world finds
 *      nothing to act on — and say `claimed: false`, which makes it safe for
 *      the caller to insert from this world instead without doubling the text.
 *
 * What a hostile page can and cannot do. The page-world script shares the
 * page's JavaScript realm and both channels (the DOM and window messages) are
 * the page's, so nothing here is secret from the page: a MutationObserver
 * sees the mark (and the nonce) before our message is delivered, and every
 * `message` listener sees the request, nonce and text. The nonce therefore
 * binds a request to the element we chose and to one use; it is not a
 * password. Given that, a hostile page
 *   - CAN read the text we insert (it is about to be in its own reply box);
 *   - CAN pre-empt or spoil a request (take the nonce, remove or move the
 *     mark, post its own request first, patch the DOM methods the page world
 *     calls, or post a fake result). The worst outcome is that the text does
 *     not land, or lands where the page chose — which the page could do on its
 *     own. A fake "ok" never becomes a success: reply-insert verifies the
 *     editor's text and the site's Send button from this (isolated) world,
 *     whose DOM methods the page cannot patch;
 *   - CAN use the page-world script to type into an element it marked itself
 *     — again nothing it could not do with its own execCommand.
 *   - CANNOT run code in the isolated world or reach extension APIs: we only
 *     ever receive plain data, parsed by zod, and never evaluate or inject
 *     strings as code (no `eval`, no script tags, no innerHTML);
 *   - CANNOT turn the text into markup: text travels as text/plain,
 *     insertText and values only;
 *   - CANNOT make Inlay press Send or submit a form: nothing here does.
 */
import {
  BRIDGE_SOURCE,
  BRIDGE_VERSION,
  bridgeSchemas,
  TARGET_ATTR,
  type BridgeError,
  type BridgeRequest,
  type Technique,
  type Where,
} from '../../page-world/insert-techniques';
import type { EditorKind } from '../../sites/types';

export type BridgeAnswer =
  /** The page world answered: whether the text landed there, and how. */
  | { status: 'answered'; ok: boolean; technique: Technique | null; error: BridgeError | null }
  /**
   * No answer in time. `claimed`: the mark was taken (something in the page
   * world may still be working on it), so inserting again here could double
   * the text; `claimed: false`: nobody took it, and the mark is gone.
   */
  | { status: 'timeout'; claimed: boolean };

export interface PageBridgeRequest {
  editor: Element;
  kind: EditorKind;
  text: string;
  where: Where;
}

export interface PageBridge {
  insert(request: PageBridgeRequest): Promise<BridgeAnswer>;
}

export interface PageBridgeOptions {
  /** How long the page world gets to take the mark before we assume it is not there. */
  claimMs?: number;
  /** How long the page world gets to answer at all. */
  timeoutMs?: number;
  /** The window to talk through (default: the editor's own). */
  win?: Window;
  /** Random bytes (tests make them predictable). */
  random?: (bytes: Uint8Array) => Uint8Array;
}

/** 128 random bits as hex. */
export function makeNonce(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return Array.from(random(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createPageBridge(options: PageBridgeOptions = {}): PageBridge {
  const claimMs = options.claimMs ?? 400;
  const timeoutMs = options.timeoutMs ?? 4000;
  const { result } = bridgeSchemas();

  return {
    insert({ editor, kind, text, where }) {
      const win = options.win ?? editor.ownerDocument.defaultView;
      if (!win) return Promise.resolve({ status: 'timeout', claimed: false });
      const nonce = makeNonce(options.random);
      const request: BridgeRequest = {
        source: BRIDGE_SOURCE,
        v: BRIDGE_VERSION,
        type: 'insert',
        nonce,
        kind,
        where,
        text,
      };

      return new Promise<BridgeAnswer>((resolve) => {
        let done = false;
        const finish = (answer: BridgeAnswer) => {
          if (done) return;
          done = true;
          win.removeEventListener('message', onMessage);
          clearTimeout(claimTimer);
          clearTimeout(answerTimer);
          if (editor.getAttribute(TARGET_ATTR) === nonce) editor.removeAttribute(TARGET_ATTR);
          resolve(answer);
        };
        const onMessage = (event: MessageEvent) => {
          if (event.source !== win) return;
          const data: unknown = event.data;
          if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== 'result') return;
          const parsed = result.safeParse(data);
          if (!parsed.success || parsed.data.nonce !== nonce) return;
          const { ok, technique, error } = parsed.data;
          finish({ status: 'answered', ok, technique, error });
        };
        const claimTimer = setTimeout(() => {
          if (editor.getAttribute(TARGET_ATTR) === nonce) finish({ status: 'timeout', claimed: false });
        }, claimMs);
        const answerTimer = setTimeout(() => finish({ status: 'timeout', claimed: true }), timeoutMs);

        win.addEventListener('message', onMessage);
        editor.setAttribute(TARGET_ATTR, nonce);
        const origin = win.location.origin;
        win.postMessage(request, origin && origin !== 'null' ? origin : '*');
      });
    },
  };
}

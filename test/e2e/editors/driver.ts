/**
 * Test extension, isolated world: runs the real `insertReply` (real page
 * bridge) when the test dispatches `inlay-test:run` on the document with a
 * JSON detail, and writes the outcome to `data-inlay-test-<id>` on <html>.
 * The clipboard is a stub that records what was copied in
 * `data-inlay-test-clipboard`, unless the request asks for the real one.
 */
import { copyToClipboard, insertReply } from '../../../extension/features/reply-insert';
import { createPageBridge } from '../../../extension/features/support/page-bridge';
import type { EditorKind } from '../../../extension/sites/types';

export interface DriverRequest {
  id: string;
  kind: EditorKind;
  text: string;
  /** Look for the send button (`[data-harness-send]`). */
  send: boolean;
  realClipboard?: boolean;
  claimMs?: number;
  timeoutMs?: number;
  verifyMs?: number;
}

function deepQuery(root: Document | ShadowRoot, selector: string): Element | null {
  const here = root.querySelector(selector);
  if (here) return here;
  for (const el of Array.from(root.querySelectorAll('*'))) {
    if (!el.shadowRoot) continue;
    const found = deepQuery(el.shadowRoot, selector);
    if (found) return found;
  }
  return null;
}

document.addEventListener('inlay-test:run', (event) => {
  const req = JSON.parse(String((event as CustomEvent).detail)) as DriverRequest;
  const editor = deepQuery(document, '[data-harness-editor]');
  const bridge = createPageBridge({ claimMs: req.claimMs, timeoutMs: req.timeoutMs });
  const started = performance.now();
  void insertReply(editor, req.kind, req.text, {
    bridge,
    verifyMs: req.verifyMs,
    sendButton: req.send ? () => deepQuery(document, '[data-harness-send]') : undefined,
    clipboard: req.realClipboard
      ? (t) => copyToClipboard(t)
      : async (t) => {
          document.documentElement.setAttribute('data-inlay-test-clipboard', t);
          return true;
        },
  }).then(
    (outcome) =>
      document.documentElement.setAttribute(
        `data-inlay-test-${req.id}`,
        JSON.stringify({ outcome, ms: Math.round(performance.now() - started) }),
      ),
    (error: unknown) =>
      document.documentElement.setAttribute(`data-inlay-test-${req.id}`, JSON.stringify({ error: String(error) })),
  );
});
document.documentElement.setAttribute('data-inlay-test-driver', '');

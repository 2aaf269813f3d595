/**
 * Browser side of every editor harness page: the page exposes
 * `window.__harness` so the test reads the editor library's OWN model (not
 * the DOM), and marks its editor and Send button with `data-harness-editor`
 * / `data-harness-send` so the isolated-world test driver can find them.
 */
export interface Harness {
  /** The element a site adapter's `composer.open` would return. */
  editor(): Element;
  /** The text in the editor library's own model (Draft EditorState, Lexical state, Quill, ProseMirror doc, React state). */
  modelText(): string;
  /** Is the harness's Send button enabled (it follows the model, as the sites' do)? */
  sendEnabled(): boolean;
}

/** The harness page's globals (not declared on Window for the whole project). */
export type HarnessWindow = Window & {
  __harness?: Harness;
  /** Set by hostile text's onerror if it ever became an element. */
  __pwned?: unknown;
  /** Content-Security-Policy violations the page saw (the pages forbid eval). */
  __violations?: string[];
};

const win = window as HarnessWindow;
win.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  win.__violations?.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
if (new URLSearchParams(location.search).has('probe-eval')) {
  // Shows the tests that an eval in this page is reported (the pages' CSP has no 'unsafe-eval').
  try {
    new Function('return 1')();
  } catch {
    // blocked
  }
}

/** The text the editor starts with: `?initial=…`. */
export function initialText(): string {
  return new URLSearchParams(location.search).get('initial') ?? '';
}

/** A Send button that starts disabled, as the sites' do. */
export function sendButton(label = 'Send'): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.disabled = true;
  button.setAttribute('data-harness-send', '');
  button.addEventListener('click', () => {
    throw new Error('The harness Send button was pressed: Inlay must never press Send');
  });
  return button;
}

export function expose(harness: Harness): void {
  harness.editor().setAttribute('data-harness-editor', '');
  win.__harness = harness;
  document.documentElement.setAttribute('data-harness-ready', '');
}

/**
 * A Polymer-like comment box, shaped like YouTube's `ytd-commentbox`: a
 * custom element with an open shadow root holding `#contenteditable-root`
 * and `#submit-button`. Its value changes only on TRUSTED `input` events
 * (what the browser fires for its own edits), so a `textContent` write or a
 * synthetic input event leaves Comment disabled, as on YouTube.
 */
import { expose, initialText, sendButton } from './page-common';

class CommentBox extends HTMLElement {
  value = '';
  readonly root: HTMLDivElement;
  readonly submit: HTMLButtonElement;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    this.root = document.createElement('div');
    this.root.id = 'contenteditable-root';
    this.root.contentEditable = 'true';
    this.root.setAttribute('aria-label', 'Add a comment...');
    this.root.style.minHeight = '2em';
    this.submit = sendButton('Comment');
    this.submit.id = 'submit-button';
    shadow.append(this.root, this.submit);
    this.root.addEventListener('input', (e) => {
      if (!e.isTrusted) return;
      this.value = this.root.innerText;
      this.submit.disabled = this.value.trim() === '';
    });
  }
}
customElements.define('harness-commentbox', CommentBox);

const box = document.createElement('harness-commentbox') as CommentBox;
document.body.append(box);
const initial = initialText();
if (initial) {
  box.root.textContent = initial;
  box.value = initial;
  box.submit.disabled = false;
}

expose({ editor: () => box.root, modelText: () => box.value, sendEnabled: () => !box.submit.disabled });

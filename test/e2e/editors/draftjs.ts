/** Draft.js 0.11 on React 18, shaped like X's reply composer (`tweetTextarea_0`, `tweetButtonInline`). */
import { ContentState, Editor, EditorState } from 'draft-js';
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { expose, initialText } from './page-common';

let latest: EditorState | null = null;

function Composer() {
  const [state, setState] = useState(() => {
    const initial = initialText();
    return initial ? EditorState.createWithContent(ContentState.createFromText(initial)) : EditorState.createEmpty();
  });
  latest = state;
  const hasText = state.getCurrentContent().hasText();
  return h(
    'div',
    null,
    h(
      'div',
      { 'data-testid': 'tweetTextarea_0' },
      h(Editor, { editorState: state, onChange: setState, placeholder: 'Post your reply', ariaLabel: 'Post text' }),
    ),
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'tweetButtonInline',
        'data-harness-send': '',
        disabled: !hasText,
        'aria-disabled': hasText ? undefined : 'true',
        onClick: () => {
          throw new Error('Send pressed');
        },
      },
      'Reply',
    ),
  );
}

const mount = document.createElement('main');
document.body.append(mount);
createRoot(mount).render(h(Composer));

const waitForEditor = () => {
  const el = document.querySelector('.public-DraftEditor-content[contenteditable="true"]');
  if (!el) return void requestAnimationFrame(waitForEditor);
  expose({
    // Draft.js rebuilds its contenteditable when the DOM and its model disagree: always the current one.
    editor: () => document.querySelector('.public-DraftEditor-content[contenteditable="true"]') ?? el,
    modelText: () => latest?.getCurrentContent().getPlainText('\n') ?? '',
    sendEnabled: () => !(document.querySelector('[data-harness-send]') as HTMLButtonElement).disabled,
  });
};
waitForEditor();

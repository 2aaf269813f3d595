/** A React 18 controlled textarea, shaped like Instagram's comment box; Post follows React state. */
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { expose, initialText } from './page-common';

let latest = '';

function CommentForm() {
  const [value, setValue] = useState(initialText);
  latest = value;
  return h(
    'form',
    {
      onSubmit: (e: { preventDefault(): void }) => {
        e.preventDefault();
        throw new Error('submitted');
      },
    },
    h('textarea', {
      'aria-label': 'Add a comment…',
      placeholder: 'Add a comment…',
      value,
      onChange: (e: { target: HTMLTextAreaElement }) => setValue(e.target.value),
    }),
    h('button', { type: 'submit', 'data-harness-send': '', disabled: value.trim() === '' }, 'Post'),
  );
}

const mount = document.createElement('main');
document.body.append(mount);
createRoot(mount).render(h(CommentForm));

const waitForEditor = () => {
  const el = document.querySelector('textarea');
  if (!el) return void requestAnimationFrame(waitForEditor);
  expose({
    editor: () => el,
    modelText: () => latest,
    sendEnabled: () => !(document.querySelector('[data-harness-send]') as HTMLButtonElement).disabled,
  });
};
waitForEditor();

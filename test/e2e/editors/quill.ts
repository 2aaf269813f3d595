/**
 * Quill 1.3.7 shaped like LinkedIn's old comment box
 * (`.comments-comment-box__form .ql-editor`). Like LinkedIn, the page does
 * not put Quill on `window`: the instance is reachable only as the
 * container's `__quill`.
 */
import Quill from 'quill';
import { expose, initialText, sendButton } from './page-common';

const form = document.createElement('form');
form.className = 'comments-comment-box__form';
form.addEventListener('submit', (e) => {
  e.preventDefault();
  throw new Error('The form was submitted: Inlay must never submit');
});
const container = document.createElement('div');
const send = sendButton('Post');
form.append(container, send);
document.body.append(form);

const quill = new Quill(container, { formats: [], modules: { toolbar: false }, placeholder: 'Add a comment…' });
const initial = initialText();
if (initial) quill.setText(initial);
const update = () => {
  send.disabled = quill.getText().trim() === '';
};
quill.on('text-change', update);
update();

expose({
  editor: () => container.querySelector('.ql-editor')!,
  modelText: () => quill.getText(),
  sendEnabled: () => !send.disabled,
});

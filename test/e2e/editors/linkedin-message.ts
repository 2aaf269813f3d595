/**
 * A LinkedIn-like message box (`div.msg-form__contenteditable` with `<p>`
 * lines): the form reads the box on TRUSTED `input` events only and enables
 * Send when there is text.
 */
import { expose, initialText, sendButton } from './page-common';

const form = document.createElement('form');
form.className = 'msg-form';
const box = document.createElement('div');
box.className = 'msg-form__contenteditable';
box.contentEditable = 'true';
box.setAttribute('role', 'textbox');
box.setAttribute('aria-multiline', 'true');
const line = document.createElement('p');
const initial = initialText();
if (initial) line.textContent = initial;
else line.append(document.createElement('br'));
box.append(line);
const send = sendButton('Send');
send.className = 'msg-form__send-button';
form.append(box, send);
document.body.append(form);

let value = initial;
send.disabled = value.trim() === '';
box.addEventListener('input', (e) => {
  if (!e.isTrusted) return;
  value = box.innerText;
  send.disabled = value.trim() === '';
});

expose({ editor: () => box, modelText: () => value, sendEnabled: () => !send.disabled });

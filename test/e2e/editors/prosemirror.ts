/** ProseMirror with the basic schema, shaped like LinkedIn's new comment box (`div.tiptap.ProseMirror`). */
import { schema } from 'prosemirror-schema-basic';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { expose, initialText, sendButton } from './page-common';

const box = document.createElement('div');
box.setAttribute('data-view-name', 'comment-box');
const send = sendButton('Comment');
document.body.append(box);

const initial = initialText();
const doc = initial ? schema.node('doc', null, [schema.node('paragraph', null, [schema.text(initial)])]) : undefined;
const modelText = () => view.state.doc.textBetween(0, view.state.doc.content.size, '\n');
const view: EditorView = new EditorView(box, {
  state: EditorState.create({ schema, doc }),
  attributes: { class: 'tiptap', role: 'textbox', 'aria-label': 'Text editor for creating comment' },
  dispatchTransaction(tr) {
    view.updateState(view.state.apply(tr));
    send.disabled = modelText().trim() === '';
  },
});
box.append(send);

expose({ editor: () => view.dom, modelText, sendEnabled: () => !send.disabled });

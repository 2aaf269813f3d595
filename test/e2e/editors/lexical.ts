/** Lexical with rich text, shaped like Reddit's / Facebook's comment box (`data-lexical-editor`, role textbox). */
import { HeadingNode, QuoteNode, registerRichText } from '@lexical/rich-text';
import { $createParagraphNode, $createTextNode, $getRoot, createEditor } from 'lexical';
import { expose, initialText, sendButton } from './page-common';

const root = document.createElement('div');
root.contentEditable = 'true';
root.setAttribute('role', 'textbox');
root.setAttribute('aria-label', 'Write a comment…');
root.style.minHeight = '3em';
const send = sendButton('Comment');
document.body.append(root, send);

const editor = createEditor({
  namespace: 'harness',
  nodes: [HeadingNode, QuoteNode],
  onError: (error) => {
    throw error;
  },
});
editor.setRootElement(root);
registerRichText(editor);

const modelText = () => editor.getEditorState().read(() => $getRoot().getTextContent());
editor.registerUpdateListener(() => {
  send.disabled = modelText().trim() === '';
});

const initial = initialText();
editor.update(
  () => {
    const paragraph = $createParagraphNode();
    if (initial) paragraph.append($createTextNode(initial));
    $getRoot().clear().append(paragraph);
  },
  { discrete: true },
);

expose({ editor: () => root, modelText, sendEnabled: () => !send.disabled });

import { render } from 'preact';
import { i18n } from '#i18n';
import '../../ui/tokens.css';
import '../../ui/components.css';
import '../../ui/pages/pages.css';
import { PopupApp } from '../../ui/pages/PopupApp';

document.title = i18n.t('extName');
render(<PopupApp />, document.getElementById('app')!);

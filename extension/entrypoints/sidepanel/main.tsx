import { render } from 'preact';
import { i18n } from '#i18n';
import '../../ui/tokens.css';
import '../../ui/components.css';
import '../../ui/pages/pages.css';
import { SidePanelApp } from '../../ui/pages/SidePanelApp';

document.title = i18n.t('sidepanelTitle');
render(<SidePanelApp />, document.getElementById('app')!);

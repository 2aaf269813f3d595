import { render } from 'preact';
import { i18n } from '#i18n';
import '../../ui/tokens.css';
import '../../ui/components.css';
import '../../ui/pages/pages.css';
import { OptionsApp } from '../../ui/pages/OptionsApp';

document.title = i18n.t('optionsTitle');
render(<OptionsApp />, document.getElementById('app')!);

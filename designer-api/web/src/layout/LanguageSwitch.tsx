import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { switchLanguage } from '../i18n';
import { languages, type Language } from '../i18n/locale';
import { useKeepLanguage } from '../signin/me';
import { useSession } from '../signin/session';

/**
 * 中文 | English: switches every text of the pages, and the language the API answers in. Each language is named in
 * itself, and marked as such for screen readers. Signed in, the choice is kept for the person
 * (`PUT /api/me/preferences`), so that it follows them to other devices and their notifications speak it; signed out,
 * it is kept on this device until they sign in.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const signedIn = useSession().status === 'signed-in';
  const keep = useKeepLanguage();
  const choose = (language: Language) => {
    switchLanguage(language);
    if (signedIn) keep(language);
  };
  return (
    <Segmented<Language>
      aria-label={t('language.label')}
      value={i18n.language as Language}
      options={languages.map((language) => ({ value: language, label: <span lang={language}>{t(`language.${language}`)}</span> }))}
      onChange={choose}
    />
  );
}

import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { switchLanguage } from '../i18n';
import { languages, type Language } from '../i18n/locale';

/**
 * 中文 | English: switches every text of the pages, and the language the API answers in. Each language is named in
 * itself, and marked as such for screen readers.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      aria-label={t('language.label')}
      value={i18n.language as Language}
      options={languages.map((language) => ({ value: language, label: <span lang={language}>{t(`language.${language}`)}</span> }))}
      onChange={(language) => switchLanguage(language)}
    />
  );
}

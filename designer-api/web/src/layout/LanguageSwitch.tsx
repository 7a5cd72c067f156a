import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { switchLanguage } from '../i18n';
import { languages, type Language } from '../i18n/locale';

/** 中文 | English: switches every text of the pages, and the language the API answers in. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      aria-label={t('language.label')}
      value={i18n.language as Language}
      options={languages.map((language) => ({ value: language, label: t(`language.${language}`) }))}
      onChange={(language) => switchLanguage(language)}
    />
  );
}

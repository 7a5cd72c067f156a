import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import zhCN from './zh-CN.json';
import en from './en.json';
import { chooseLanguage, type Language } from './locale';

const chosenKey = 'formflow.language';

/** The language chosen on this device with the switch, if any. */
export function chosenLanguage(): string | null {
  try {
    return localStorage.getItem(chosenKey);
  } catch {
    return null;
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: chooseLanguage(chosenLanguage(), null, navigator.languages),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

function apply(language: Language) {
  document.documentElement.lang = language;
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
}
apply(i18n.language as Language);
i18n.on('languageChanged', (language) => apply(language as Language));

/** Switches the language and remembers the choice on this device. */
export function switchLanguage(language: Language) {
  try {
    localStorage.setItem(chosenKey, language);
  } catch {
    // Private browsing may refuse storage: the switch still applies to this visit.
  }
  void i18n.changeLanguage(language);
}

/** Follows the signed-in person's `locale` unless a language was chosen on this device. */
export function followPerson(locale: string) {
  const language = chooseLanguage(chosenLanguage(), locale, navigator.languages);
  if (language !== i18n.language) void i18n.changeLanguage(language);
}

export default i18n;

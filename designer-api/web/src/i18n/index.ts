import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { chooseLanguage, type Language } from './locale';
import { startTexts, switchTexts } from './texts';

const chosenKey = 'formflow.language';

/** The language chosen on this device with the switch, if any. */
export function chosenLanguage(): string | null {
  try {
    return localStorage.getItem(chosenKey);
  } catch {
    return null;
  }
}

function apply(language: Language) {
  document.documentElement.lang = language;
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
}

/** Resolves once the shared texts of the language in use are loaded: render the pages after it (main.tsx). */
export const textsReady = startTexts(i18n.use(initReactI18next), chooseLanguage(chosenLanguage(), null, navigator.languages)).then(() => {
  apply(i18n.language as Language);
  i18n.on('languageChanged', (language) => apply(language as Language));
});

/** Switches the language and remembers the choice on this device. */
export function switchLanguage(language: Language) {
  try {
    localStorage.setItem(chosenKey, language);
  } catch {
    // Private browsing may refuse storage: the switch still applies to this visit.
  }
  void switchTexts(i18n, language);
}

/** Follows the signed-in person's `locale` unless a language was chosen on this device. */
export function followPerson(locale: string) {
  const language = chooseLanguage(chosenLanguage(), locale, navigator.languages);
  void switchTexts(i18n, language);
}

export default i18n;

import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import zhCN from './zh-CN.json';
import en from './en.json';
import { chooseLanguage, languageForPerson, type DeviceChoice, type Language } from './locale';

const chosenKey = 'formflow.language';
// Set while the language chosen on this device is not yet kept for the person: signing in keeps it (locale.ts, languageForPerson).
const unsavedKey = 'formflow.language.unsaved';

/** The language chosen on this device with the switch, if any. */
export function chosenLanguage(): string | null {
  try {
    return localStorage.getItem(chosenKey);
  } catch {
    return null;
  }
}

function deviceChoice(): DeviceChoice {
  try {
    return { language: localStorage.getItem(chosenKey), unsaved: localStorage.getItem(unsavedKey) === '1' };
  } catch {
    return { language: null, unsaved: false };
  }
}

// Private browsing may refuse storage: the language still applies to this visit.
function remember(language: Language, unsaved: boolean) {
  try {
    localStorage.setItem(chosenKey, language);
    if (unsaved) localStorage.setItem(unsavedKey, '1');
    else localStorage.removeItem(unsavedKey);
  } catch {
    // Nothing kept on the device; see above.
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

/**
 * Switches the language and remembers the choice on this device, marked to be kept for the person: signed in, the
 * switch keeps it on the server at once (LanguageSwitch), which clears the mark; signed out, the next sign-in does.
 */
export function switchLanguage(language: Language) {
  remember(language, true);
  void i18n.changeLanguage(language);
}

/**
 * Follows the signed-in person's `locale` (their chosen language, else the organisation's), unless they chose one on
 * this device while signed out: then that one, which the answer names to be kept for them (else null).
 */
export function followPerson(locale: string): Language | null {
  const { language, save } = languageForPerson(deviceChoice(), locale, navigator.languages);
  // A choice still to be kept stays marked until the server took it (languageKept).
  if (!save) remember(language, false);
  if (language !== i18n.language) void i18n.changeLanguage(language);
  return save ? language : null;
}

/** The server keeps the person's language now: this device's choice is no longer news for the next sign-in. */
export function languageKept(language: Language) {
  remember(language, false);
}

export default i18n;
